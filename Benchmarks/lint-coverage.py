#!/usr/bin/env python3
"""Checks that Strata flags every statement squawk flags in the rule families both have.

Usage: lint-coverage.py SQUAWK_JSON STRATA_JSON
  SQUAWK_JSON: `squawk --reporter json "migrations/*.sql"` (s4_lint.sh writes it as s4_findings.json)
  STRATA_JSON: `strata lint --format json migrations`
A squawk finding is matched when Strata has a finding of a corresponding rule on the same
statement (per file for the lock-timeout family, which both report once per migration).

squawk's require-lock-timeout also fires on statements that take SHARE UPDATE EXCLUSIVE
(CREATE/DROP INDEX CONCURRENTLY, ALTER TABLE … VALIDATE CONSTRAINT, COMMENT ON): waiting for that
lock queues no read and no write, and a lock_timeout on a concurrent build only leaves an invalid
index behind. Strata does not report them (issue 12, item 2); a file whose only DDL is such a
statement is counted apart, not as a miss. Run it from the directory squawk was run in (the
findings' file paths are read to see the statement).
"""
import collections
import json
import sys

sq = json.load(open(sys.argv[1]))
st = json.load(open(sys.argv[2]))['findings']
mapping = {
 'require-lock-timeout': {'ddl-without-lock-timeout'},
 'constraint-missing-not-valid': {'constraint-without-not-valid', 'unique-without-index'},
 'adding-foreign-key-constraint': {'constraint-without-not-valid'},
 'prefer-bigint-over-int': {'prefer-bigint'}, 'prefer-big-int': {'prefer-bigint'},
 'require-concurrent-index-creation': {'create-index-not-concurrently'},
 'require-concurrent-index-deletion': {'drop-index-not-concurrently'},
 'prefer-identity': {'prefer-identity'},
 'ban-drop-table': {'drop-table'}, 'renaming-table': {'rename-table'}, 'ban-drop-database': {'drop-database'},
 'ban-char-field': {'prefer-text'}, 'prefer-text-field': {'prefer-text'}, 'prefer-timestamp-tz': {'prefer-timestamptz'},
 'adding-serial-primary-key-field': {'unique-without-index'}, 'changing-column-type': {'column-type-change'},
 'disallowed-unique-constraint': {'unique-without-index'}, 'ban-truncate-cascade': {'truncate-cascade'},
 'adding-field-with-default': {'add-column-volatile-default'}, 'ban-drop-column': {'drop-column'},
 'renaming-column': {'rename-column'}, 'adding-not-nullable-field': {'set-not-null'}, 'ban-drop-not-null': {'drop-not-null'},
 'adding-required-field': {'add-column-not-null-without-default'},
 'transaction-nesting': {'concurrently-in-transaction'}, 'ban-concurrent-index-creation-in-transaction': {'concurrently-in-transaction'},
}
per_file_rules = {'require-lock-timeout'}
ours = collections.defaultdict(list)
for f in st:
    name = f['location']['file'].split('/')[-1]
    start = f['location']['line']; end = start + f['statement'].count('\n')
    ours[name].append((start, end, f['rule']))
matched = collections.Counter(); missed = collections.Counter(); unmapped = collections.Counter(); examples = {}
quiet_lock = collections.Counter()
def share_update_exclusive(finding):
    try:
        line = open(finding['file']).read().split('\n')[finding['line']].upper()
    except (OSError, IndexError):
        return False
    return 'CONCURRENTLY' in line or 'VALIDATE CONSTRAINT' in line or line.lstrip().startswith('COMMENT ON')
for f in sq:
    r = f['rule_name']
    if r not in mapping: unmapped[r] += 1; continue
    line = f['line'] + 1
    hits = [x for x in ours[f['file'].split('/')[-1]] if x[2] in mapping[r] and (r in per_file_rules or x[0] <= line <= x[1])]
    if hits: matched[r] += 1
    elif r == 'require-lock-timeout' and share_update_exclusive(f): quiet_lock[r] += 1
    else: missed[r] += 1; examples.setdefault(r, (f['file'], line))
print('squawk findings in shared families:', sum(matched.values()) + sum(missed.values()), ' matched:', sum(matched.values()), ' missed:', sum(missed.values()))
for r in sorted(set(matched) | set(missed)): print(f'  {r}\t{matched[r]}\t{missed[r]}\t{examples.get(r, "")}')
print('not in a shared family:', dict(unmapped))
if quiet_lock: print('require-lock-timeout on SHARE UPDATE EXCLUSIVE statements (queue no read or write; not reported by Strata):', sum(quiet_lock.values()))
sys.exit(1 if sum(missed.values()) else 0)
