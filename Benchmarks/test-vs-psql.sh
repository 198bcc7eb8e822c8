#!/usr/bin/env bash
# S8: `strata test --all` on N=200 migrations (each applied, undone and applied again on a scratch
# database, the schema read and compared after every step) next to psql applying each migration's
# up and then its down, one file at a time — what a team without a test tool does by hand.
# Ratio: median over rounds of median_strata / median_psql (target < 1.0).
#
# Generates the migrations (a table and an index each, golang-migrate style .up.sql/.down.sql
# pairs, which both read), builds the release binary unless STRATA_BIN names one, starts a
# throwaway cluster with PostgreSQL's default (durable) settings, checks both leave the database
# as they found it, writes Benchmarks/results/test-vs-psql-<time>.md. The password travels in
# the environment (PGPASSWORD), never in arguments.
# Env: N=200 ROUNDS=3 RUNS=3 STRATA_BIN=(built)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
N="${N:-200}"; ROUNDS="${ROUNDS:-3}"; RUNS="${RUNS:-3}"

missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v psql >/dev/null || missing+=(postgresql-client)
if [ ${#missing[@]} -gt 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; fi
strata_bin="${STRATA_BIN:-$(scripts/build-release.sh)}"

. Benchmarks/lib.sh
bench_cluster test-bench
mkdir -p "$work/migrations"
for ((i = 1; i <= N; i++)); do
  base="$(printf '%04d_create_t%04d' "$i" "$i")"
  table="$(printf 't%04d' "$i")"
  printf 'CREATE TABLE %s (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created_at TEXT);\nCREATE INDEX %s_name_idx ON %s (name);\n' \
    "$table" "$table" "$table" > "$work/migrations/$base.up.sql"
  printf 'DROP TABLE %s;\n' "$table" > "$work/migrations/$base.down.sql"
done
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c 'CREATE DATABASE s8_psql' -c 'CREATE DATABASE s8_strata'
export STRATA_DATABASE_URL="postgres://postgres@127.0.0.1:$port/s8_strata?sslmode=disable"
cat > "$work/psql.sh" <<SH
#!/bin/sh
set -e
for up in "$work"/migrations/*.up.sql; do
  psql -X -q -v ON_ERROR_STOP=1 -d s8_psql -f "\$up"
  psql -X -q -v ON_ERROR_STOP=1 -d s8_psql -f "\${up%.up.sql}.down.sql"
done
SH
chmod +x "$work/psql.sh"

# Both must really do it: one untimed run each.
"$strata_bin" --migrations "$work/migrations" test --all > "$work/strata.txt" || { cat "$work/strata.txt" >&2; echo "error: strata test failed" >&2; exit 1; }
grep -q "^$N migrations tested" "$work/strata.txt" || { echo "error: strata did not test $N migrations" >&2; exit 1; }
"$work/psql.sh"
left="$(psql -X -At -d s8_psql -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
[ "$left" = 0 ] || { echo "error: psql's ups and downs left $left tables" >&2; exit 1; }

for ((r = 1; r <= ROUNDS; r++)); do
  strata=(-n strata "$strata_bin --migrations $work/migrations test --all -q")
  peer=(-n psql "$work/psql.sh")
  if (( r % 2 )); then order=("${strata[@]}" "${peer[@]}"); else order=("${peer[@]}" "${strata[@]}"); fi
  hyperfine -w 1 -r "$RUNS" --export-json "$work/s8.r$r.json" --style none "${order[@]}" >/dev/null
done

summary="$(python3 - "$work" "$ROUNDS" <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
medians = {}
for r in range(1, rounds + 1):
    for result in json.load(open(f"{work}/s8.r{r}.json"))["results"]:
        medians.setdefault(result["command"], []).append(result["median"] * 1000)
strata, psql = medians["strata"], medians["psql"]
ratios = [s / p for s, p in zip(strata, psql)]
print(f"| S8 strata test --all, {rounds} rounds | {statistics.median(strata):.0f} ms | {statistics.median(psql):.0f} ms "
      f"| {statistics.median(ratios):.2f}× [{min(ratios):.2f}–{max(ratios):.2f}] |")
print()
print("Per round (median_strata / median_psql): "
      + ", ".join(f"{s:.0f} / {p:.0f} ms = {q:.2f}×" for s, p, q in zip(strata, psql, ratios)))
PY
)"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$root/Benchmarks/results"
{
  echo "# strata test vs psql — $(date -u +%FT%TZ)"
  echo
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"
  echo "- strata: $("$strata_bin" --version)"
  echo "- psql: $(psql --version)"
  echo "- PostgreSQL: $(psql -X -At -d postgres -c 'SHOW server_version') (default settings), over TCP with a password"
  echo "- $N migrations (a table and an index each); strata: up, down, up and three schema reads per migration on a scratch database; psql: up then down, a process per file"
  echo "- runs: $ROUNDS rounds of $RUNS runs (1 warm-up), order alternating"
  echo
  echo "| scenario | strata median | psql median | ratio (median of rounds) [min–max] |"
  echo "|---|---|---|---|"
  echo "$summary"
  echo
  echo "Target: < 1.0× psql (S8 of the shared benchmark harness's targets)."
} | tee "$root/Benchmarks/results/test-vs-psql-$stamp.md"
