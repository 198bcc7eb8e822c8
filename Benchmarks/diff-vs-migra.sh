#!/usr/bin/env bash
# S6: `strata diff` of a large PostgreSQL schema pair next to migra (PyPI), in the same run.
# The pair is Benchmarks/fixtures/diff-large/{current,desired}.sql: 91 tables in two schemas,
# enums, sequences, views over views, a materialized view, functions, a procedure, triggers,
# comments; desired.sql lists its changes at its top. Each is loaded into its own database
# (diff_current, diff_desired) of a throwaway cluster with PostgreSQL's default (durable)
# settings, and both tools compute the migration from the first to the second:
#   migra --unsafe postgresql:///diff_current postgresql:///diff_desired   (exit 2: differences)
#   strata diff --from URL --to URL --allow-data-loss                       (exit 0: a plan)
# Each is run once untimed first; both plans are kept next to the report. Ratio: median over
# rounds of median_strata / median_migra.
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
# Env: ROUNDS=3 RUNS=5 STRATA_BIN=(built) MIGRA_VENV=~/.cache/strata-bench/migra-<version>
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
for side in current desired; do
  psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE diff_$side"
  psql -X -q -v ON_ERROR_STOP=1 -d "diff_$side" -f "$fixtures/$side.sql" >/dev/null
done
export STRATA_FROM_URL="postgres://postgres@127.0.0.1:$port/diff_current?sslmode=disable"
export STRATA_TO_URL="postgres://postgres@127.0.0.1:$port/diff_desired?sslmode=disable"

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

# Both must really diff: one run of each, untimed, its plan kept for the report.
status=0
"$migra_bin" --unsafe postgresql:///diff_current postgresql:///diff_desired >"$work/migra.sql" 2>"$work/migra.err" || status=$?
[ "$status" = 2 ] || { cat "$work/migra.err" >&2; echo "error: migra exited $status (expected 2: differences)" >&2; exit 1; }
if [ "$strata_ready" = 1 ]; then
  "$strata_bin" diff --from "$STRATA_FROM_URL" --to "$STRATA_TO_URL" --allow-data-loss >"$work/strata.sql" \
    || { echo "error: strata diff failed on the pair" >&2; exit 1; }
fi

for ((r = 1; r <= ROUNDS; r++)); do
  peer=(-n migra "$migra_cmd")
  if [ "$strata_ready" = 1 ]; then
    strata=(-n strata "$strata_cmd")
    if (( r % 2 )); then order=("${strata[@]}" "${peer[@]}"); else order=("${peer[@]}" "${strata[@]}"); fi
  else
    order=("${peer[@]}")
  fi
  hyperfine -w 2 -r "$RUNS" --export-json "$work/s6.r$r.json" --style none "${order[@]}" >/dev/null
done

summary() {
  python3 - "$work" "$ROUNDS" <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
medians = {}
for r in range(1, rounds + 1):
    for result in json.load(open(f"{work}/s6.r{r}.json"))["results"]:
        medians.setdefault(result["command"], []).append(result["median"] * 1000)
migra = medians["migra"]
if "strata" not in medians:
    print(f"| S6 diff, {rounds} rounds | — | {statistics.median(migra):.0f} ms "
          f"(rounds {', '.join(f'{m:.0f}' for m in migra)}) | — |")
    sys.exit(0)
strata = medians["strata"]
ratios = [s / m for s, m in zip(strata, migra)]
print(f"| S6 diff, {rounds} rounds | {statistics.median(strata):.0f} ms | {statistics.median(migra):.0f} ms "
      f"| {statistics.median(ratios):.2f}× [{min(ratios):.2f}–{max(ratios):.2f}] |")
print()
print("Per round (median_strata / median_migra): "
      + ", ".join(f"{s:.0f} / {m:.0f} ms = {q:.2f}×" for s, m, q in zip(strata, migra, ratios)))
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
  echo "- runs: $ROUNDS rounds of $RUNS runs (2 warm-ups), order alternating"
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
