#!/usr/bin/env bash
# S6: `strata diff` of a large PostgreSQL schema pair next to migra (PyPI), in the same run.
# The pair is Benchmarks/fixtures/diff-large/{current,desired}.sql: 91 tables in two schemas,
# enums, sequences, views over views, a materialized view, functions, a procedure, triggers,
# comments; desired.sql lists its changes at its top. Each is loaded into its own database
# (diff_current, diff_desired) of a throwaway cluster with PostgreSQL's default (durable)
# settings, and both tools compute the migration from the first to the second:
#   migra --unsafe postgresql:///diff_current postgresql:///diff_desired   (exit 2: differences)
#   strata diff --from URL --to URL --allow-data-loss                       (exit 0: a plan)
#   the same with --dev-database URL (an empty database, diff_dev: the proof runs there instead
#   of in a temporary database that is created and dropped; it is emptied after each run)
# Each is run once untimed first (both strata plans must be the same); the plans are kept next
# to the report. Ratio: median over rounds of median_strata / median_migra, for each strata way.
#
# Installs what is missing: hyperfine (apt), and migra with pinned dependencies in its own venv
# (migra needs SQLAlchemy 1.4, scripts/peer-tools.sh installs 2.x for alembic; schemainspect
# imports pkg_resources, hence setuptools). Builds the release binary with
# scripts/build-release.sh unless STRATA_BIN names one. Writes
# Benchmarks/results/diff-vs-migra-<time>.md, and .migra.sql and .strata.sql unless a plan is the
# same as the newest one kept (the report then names that one).
# The password travels in the environment: migra reads libpq's PGPASSWORD/PGHOST/PGPORT/PGUSER
# (its URLs name only the database); so does strata, whose --from/--to URLs carry no password
# (a URL without one takes PGPASSWORD, as libpq does).
# If `strata diff --help` fails, migra is still timed alone, and the script exits 1.
# Env: ROUNDS=3 RUNS=5 SETTLE=35 STRATA_BIN=(built) MIGRA_VENV=~/.cache/strata-bench/migra-<version>
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
ROUNDS="${ROUNDS:-3}"; RUNS="${RUNS:-5}"
fixtures="$root/Benchmarks/fixtures/diff-large"

missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v psql >/dev/null || missing+=(postgresql-client)
python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; fi

# migra and the versions it works with (migra 3.0.1663481299 is the last release, 2022-09).
migra_version=3.0.1663481299
migra_pins=(migra==$migra_version schemainspect==3.1.1663587362 sqlbag==0.1.1617247075 sqlalchemy==1.4.54
  greenlet==3.5.6 psycopg2-binary==2.9.13 setuptools==75.8.0 six==1.17.0 packaging==24.2)
venv="${MIGRA_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/strata-bench/migra-$migra_version}"
if ! "$venv/bin/migra" --help >/dev/null 2>&1; then
  rm -rf "$venv"; mkdir -p "$(dirname "$venv")"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${migra_pins[@]}" >&2
  "$venv/bin/migra" --help >/dev/null || { echo "error: migra does not run after pip install (see above)" >&2; exit 1; }
fi
migra_bin="$venv/bin/migra"

strata_bin="${STRATA_BIN:-$(scripts/build-release.sh)}"
strata_ready=1
"$strata_bin" diff --help >/dev/null 2>&1 || { strata_ready=0; echo "strata diff is not built yet: timing migra alone" >&2; }

. Benchmarks/lib.sh
bench_cluster diff-bench

available="$(psql -X -At -d postgres -c "SELECT count(*) FROM pg_available_extensions WHERE name = 'pgcrypto'")"
[ "$available" = 1 ] || { echo "error: the fixtures need the pgcrypto extension (postgresql-contrib)" >&2; exit 1; }
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE diff_dev"
for side in current desired; do
  psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE diff_$side"
  psql -X -q -v ON_ERROR_STOP=1 -d "diff_$side" -f "$fixtures/$side.sql" >/dev/null
done
export STRATA_FROM_URL="postgres://postgres@127.0.0.1:$port/diff_current?sslmode=disable"
export STRATA_TO_URL="postgres://postgres@127.0.0.1:$port/diff_desired?sslmode=disable"
export STRATA_DEV_URL="postgres://postgres@127.0.0.1:$port/diff_dev?sslmode=disable"

# What the pair holds, for the report.
counts() {
  psql -X -At -F ' ' -d "$1" <<'SQL'
SELECT (SELECT count(*) FROM pg_tables WHERE schemaname IN ('public', 'billing')) || ' tables, '
    || (SELECT count(*) FROM pg_indexes WHERE schemaname IN ('public', 'billing')) || ' indexes, '
    || (SELECT count(*) FROM pg_views WHERE schemaname IN ('public', 'billing'))
    || ' + ' || (SELECT count(*) FROM pg_matviews WHERE schemaname IN ('public', 'billing')) || ' materialized views, '
    || (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname IN ('public', 'billing')
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')) || ' functions/procedures, '
    || (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal) || ' triggers, '
    || (SELECT count(*) FROM pg_type WHERE typtype = 'e') || ' enums';
SQL
}
pair="$(counts diff_current) → $(counts diff_desired); $(grep -c '^-- change [0-9]*:' "$fixtures/desired.sql") changes"

# The commands. migra exits 2 when it finds differences (this pair always differs), 0 when it
# finds none, 1 on an error: anything but 2 fails the run. hyperfine runs each through sh.
migra_cmd="$(printf '%q' "$migra_bin") --unsafe postgresql:///diff_current postgresql:///diff_desired >/dev/null; [ \$? -eq 2 ]"
strata_cmd="$(printf '%q' "$strata_bin") diff --from \"\$STRATA_FROM_URL\" --to \"\$STRATA_TO_URL\" --allow-data-loss >/dev/null"
strata_dev_cmd="${strata_cmd% >/dev/null} --dev-database \"\$STRATA_DEV_URL\" >/dev/null"

# Both must really diff: one run of each, untimed, its plan kept for the report.
status=0
"$migra_bin" --unsafe postgresql:///diff_current postgresql:///diff_desired >"$work/migra.sql" 2>"$work/migra.err" || status=$?
[ "$status" = 2 ] || { cat "$work/migra.err" >&2; echo "error: migra exited $status (expected 2: differences)" >&2; exit 1; }
if [ "$strata_ready" = 1 ]; then
  "$strata_bin" diff --from "$STRATA_FROM_URL" --to "$STRATA_TO_URL" --allow-data-loss >"$work/strata.sql" \
    || { echo "error: strata diff failed on the pair" >&2; exit 1; }
  "$strata_bin" diff --from "$STRATA_FROM_URL" --to "$STRATA_TO_URL" --allow-data-loss --dev-database "$STRATA_DEV_URL" >"$work/strata-dev.sql" \
    || { echo "error: strata diff --dev-database failed on the pair" >&2; exit 1; }
  cmp -s "$work/strata.sql" "$work/strata-dev.sql" || { echo "error: the plan proven in the dev database differs:" >&2; diff "$work/strata.sql" "$work/strata-dev.sql" >&2; exit 1; }
fi

# Each strata way is timed in a batch of its own with migra, after SETTLE seconds without runs:
# on ext4 without a journal (this machine's disk) the inode allocator skips inodes freed in the
# last ~30 s (`recently_deleted`), so files created just after another batch's drops cost more
# the more were dropped. A user runs one way or the other, never both in turns: the settle keeps
# one way from paying for the other's drops (each batch's runs still follow each other).
SETTLE="${SETTLE:-35}"
for ((r = 1; r <= ROUNDS; r++)); do
  peer=(-n migra "$migra_cmd")
  if [ "$strata_ready" = 0 ]; then
    hyperfine -w 2 -r "$RUNS" --export-json "$work/s6.r$r.migra.json" --style none "${peer[@]}" >/dev/null
    continue
  fi
  ways=(strata strata-dev-database)
  (( r % 2 )) || ways=(strata-dev-database strata)
  for way in "${ways[@]}"; do
    if [ "$way" = strata ]; then strata=(-n strata "$strata_cmd"); else strata=(-n strata-dev-database "$strata_dev_cmd"); fi
    if (( r % 2 )); then order=("${strata[@]}" "${peer[@]}"); else order=("${peer[@]}" "${strata[@]}"); fi
    sleep "$SETTLE"
    hyperfine -w 2 -r "$RUNS" --export-json "$work/s6.r$r.$way.json" --style none "${order[@]}" >/dev/null
  done
done

summary() {
  python3 - "$work" "$ROUNDS" <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
import glob
# medians[batch][command]: one list per batch kind (each strata way with its own migra runs).
medians = {}
for r in range(1, rounds + 1):
    for path in sorted(glob.glob(f"{work}/s6.r{r}.*.json")):
        batch = path.split(f"s6.r{r}.", 1)[1][:-len(".json")]
        for result in json.load(open(path))["results"]:
            medians.setdefault(batch, {}).setdefault(result["command"], []).append(result["median"] * 1000)
if "migra" in medians:
    migra = medians["migra"]["migra"]
    print(f"| S6 diff, {rounds} rounds | — | {statistics.median(migra):.0f} ms "
          f"(rounds {', '.join(f'{m:.0f}' for m in migra)}) | — |")
    sys.exit(0)
ways = [("strata", "temporary databases (the default)"), ("strata-dev-database", "--dev-database")]
for way, label in ways:
    strata, migra = medians[way][way], medians[way]["migra"]
    ratios = [s / m for s, m in zip(strata, migra)]
    print(f"| S6 diff, {label}, {rounds} rounds | {statistics.median(strata):.0f} ms | {statistics.median(migra):.0f} ms "
          f"| {statistics.median(ratios):.2f}× [{min(ratios):.2f}–{max(ratios):.2f}] |")
for way, label in ways:
    strata, migra = medians[way][way], medians[way]["migra"]
    print()
    print(f"Per round, {label} (median_strata / median_migra of its batch): "
          + ", ".join(f"{s:.0f} / {m:.0f} ms = {s / m:.2f}×" for s, m in zip(strata, migra)))
PY
}

migra_versions="$("$venv/bin/python" -m pip freeze --disable-pip-version-check 2>/dev/null \
  | grep -iE '^(migra|schemainspect|sqlbag|sqlalchemy|psycopg2-binary)==' | tr '\n' ' ')"
python_used="$("$venv/bin/python" -c 'import sys; print(sys.version.split()[0], sys._base_executable)')"
report_body() {
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr)"
  if [ "$strata_ready" = 1 ]; then echo "- strata: $("$strata_bin" --version)"; else echo "- strata: diff is not built yet"; fi
  echo "- migra: ${migra_versions% } (Python $python_used, venv $venv)"
  echo "- PostgreSQL: $(psql -X -At -d postgres -c 'show server_version') (default settings), over TCP with a password"
  echo "- pair: $pair"
  echo "- plans: migra $(wc -l < "$work/migra.sql") lines$( [ "$strata_ready" = 1 ] && echo ", strata $(wc -l < "$work/strata.sql") lines")"
  echo "- runs: $ROUNDS rounds; in each, one batch per strata way with migra, $RUNS runs of each (2 warm-ups), after ${SETTLE} s without runs; order alternating"
  echo
  echo "| scenario | strata median | migra median | ratio (median of rounds) [min–max] |"
  echo "|---|---|---|---|"
  summary
  echo
  echo "Target: ≤ 0.5× migra (S6 of the shared benchmark harness's targets)."
}

if [ "$strata_ready" = 0 ]; then
  echo "# strata diff vs migra — migra alone — $(date -u +%FT%TZ)"
  echo
  report_body
  echo
  echo "strata diff is not built yet" >&2
  exit 1
fi

results="$root/Benchmarks/results"; mkdir -p "$results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
report="$results/diff-vs-migra-$stamp.md"
# keep_plan TOOL FILE: the name of the kept plan; one whose statements equal the newest kept plan's
# of that tool is named, not copied again (comment lines, such as strata's note of how many
# tables its proof built, are not compared).
keep_plan() {
  local previous
  previous="$(ls "$results"/diff-vs-migra-*."$1".sql 2>/dev/null | sort | tail -1)"
  if [ -n "$previous" ] && cmp -s <(grep -v '^--' "$2") <(grep -v '^--' "$previous"); then
    basename "$previous"
  else
    cp "$2" "$results/diff-vs-migra-$stamp.$1.sql"
    echo "diff-vs-migra-$stamp.$1.sql"
  fi
}
migra_plan="$(keep_plan migra "$work/migra.sql")"
strata_plan="$(keep_plan strata "$work/strata.sql")"
{
  echo "# strata diff vs migra — $(date -u +%FT%TZ)"
  echo
  report_body
  echo
  echo "The two plans: \`$migra_plan\`, \`$strata_plan\`."
} > "$report"
cat "$report"
