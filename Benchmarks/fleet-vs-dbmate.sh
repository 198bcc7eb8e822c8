#!/usr/bin/env bash
# S9: one release over a fleet — `strata fleet migrate` next to what teams run today, a shell loop
# of dbmate over the same targets. 200 SQLite files and 40 PostgreSQL databases (a durable
# cluster), N migrations each; every round starts from empty databases (reset outside the timing).
#   shell loop:  for t in targets; do DATABASE_URL="$t" dbmate up; done
#   xargs -P 8:  the same, 8 at once (for reference)
#   strata:      strata fleet migrate --targets FILE --parallel 8
# Ratio per round: strata / shell loop; the median over rounds is reported (target ≤ 0.5×).
# The password travels in PGPASSWORD only: no URL with it is written or put in a process's arguments.
# Env: SQLITE=200 POSTGRES=40 N=20 ROUNDS=3 STRATA_BIN (default: the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
SQLITE="${SQLITE:-200}"; POSTGRES="${POSTGRES:-40}"; N="${N:-20}"; ROUNDS="${ROUNDS:-3}"

. Benchmarks/lib.sh
dbmate_bin="$(bench_dbmate)"
strata_bin="${STRATA_BIN:-$(scripts/build-release.sh)}"
bench_cluster fleet-bench

mkdir -p "$work/strata" "$work/dbmate" "$work/tenants"
for ((i = 1; i <= N; i++)); do
  name="$(printf '%04d_create_t%04d' "$i" "$i")"
  body="$(printf 'CREATE TABLE t%04d (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created_at TEXT);\nCREATE INDEX t%04d_name_idx ON t%04d (name);' "$i" "$i" "$i")"
  printf -- '-- strata:up\n%s\n\n-- strata:down\nDROP TABLE t%04d;\n' "$body" "$i" > "$work/strata/$name.sql"
  printf -- '-- migrate:up\n%s\n\n-- migrate:down\nDROP TABLE t%04d;\n' "$body" "$i" > "$work/dbmate/$name.sql"
done

targets="$work/targets.txt"
: > "$targets"
for ((i = 1; i <= POSTGRES; i++)); do echo "postgres://postgres@127.0.0.1:$port/fleet$i?sslmode=disable" >> "$targets"; done
for ((i = 1; i <= SQLITE; i++)); do echo "sqlite:$work/tenants/$(printf 'tenant%04d' "$i").db" >> "$targets"; done

reset() {
  rm -f "$work"/tenants/*
  for ((i = 1; i <= POSTGRES; i++)); do psql -X -q -d postgres -c "DROP DATABASE IF EXISTS fleet$i" -c "CREATE DATABASE fleet$i"; done
  for ((i = 1; i <= SQLITE; i++)); do : > "$work/tenants/$(printf 'tenant%04d' "$i").db"; done
}
now() { date +%s.%N; }
seconds() { python3 -c "print(f'{$2 - $1:.2f}')"; }

loop_dbmate() { while read -r url; do DATABASE_URL="$url" "$dbmate_bin" --migrations-dir "$work/dbmate" --no-dump-schema up >/dev/null; done < "$targets"; }
parallel_dbmate() {
  # shellcheck disable=SC2016
  xargs -P 8 -I{} env DATABASE_URL={} "$dbmate_bin" --migrations-dir "$work/dbmate" --no-dump-schema up < "$targets" >/dev/null
}
fleet_strata() { "$strata_bin" --migrations "$work/strata" --quiet fleet migrate --targets "$targets" --parallel 8 --journal "$work/journal"; }

check() {  # the last target of each engine at N tables
  local count
  count="$(psql -X -At -d "fleet$POSTGRES" -c "SELECT count(*) FROM pg_tables WHERE tablename LIKE 't0%'")"
  [ "$count" = "$N" ] || { echo "error: $1 left fleet$POSTGRES with $count tables" >&2; exit 1; }
  count="$(python3 -c "import sqlite3; print(sqlite3.connect('$work/tenants/$(printf 'tenant%04d' "$SQLITE").db').execute(\"select count(*) from sqlite_master where type='table' and name like 't0%'\").fetchone()[0])")"
  [ "$count" = "$N" ] || { echo "error: $1 left the last SQLite tenant with $count tables" >&2; exit 1; }
}

results="$root/Benchmarks/results"; mkdir -p "$results"
report="$results/fleet-vs-dbmate-$(date -u +%Y%m%dT%H%M%SZ).md"
ratios=()
{
  echo "# S9 fleet: strata fleet migrate vs a dbmate shell loop — $(date -u +%FT%TZ)"
  echo
  echo "- machine: $(nproc) cores, $(uname -sr); $SQLITE SQLite files on disk, $POSTGRES PostgreSQL databases (durable cluster), $N migrations each"
  echo "- strata: $("$strata_bin" --version); dbmate: $("$dbmate_bin" --version)"
  echo
  echo "| round | dbmate shell loop | dbmate xargs -P 8 | strata fleet --parallel 8 | strata / loop |"
  echo "|---|---|---|---|---|"
} > "$report"
for ((round = 1; round <= ROUNDS; round++)); do
  reset; start="$(now)"; loop_dbmate; loop="$(seconds "$start" "$(now)")"; check dbmate
  reset; start="$(now)"; parallel_dbmate; xargs8="$(seconds "$start" "$(now)")"; check "dbmate -P 8"
  reset; start="$(now)"; fleet_strata; fleet="$(seconds "$start" "$(now)")"; check strata
  ratio="$(python3 -c "print(f'{$fleet / $loop:.2f}')")"
  ratios+=("$ratio")
  echo "| $round | $loop s | $xargs8 s | $fleet s | ${ratio}× |" >> "$report"
  echo "round $round: loop $loop s, xargs -P 8 $xargs8 s, strata $fleet s: ${ratio}×" >&2
done
median="$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
echo >> "$report"
echo "**S9: strata fleet / dbmate shell loop = ${median}× (median of $ROUNDS rounds; target ≤ 0.5×)**" >> "$report"
cat "$report"
