#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for FUZZ_SECONDS seconds (default 60).
#
#   Fuzz/run.sh                              # every target, 60 s each
#   FUZZ_SECONDS=600 Fuzz/run.sh             # 10 minutes each
#   Fuzz/run.sh FuzzSQL                      # one target
#   Fuzz/run.sh --replay                     # only replay Fuzz/reproducers/<target>-* (regression check)
#   FUZZ_SKIP_BUILD=1 Fuzz/run.sh            # reuse the last build
#   FUZZ_ARGS='-len_control=0' Fuzz/run.sh   # extra libFuzzer flags (or corpus directories)
#
# Corpora grow in Fuzz/corpus/<target>, crashes and hangs land in Fuzz/artifacts/<target>/, the
# libFuzzer output in Fuzz/logs/<target>.log (all git-ignored). Exits 1 when any target found a
# crash, a hang (over 5 s), an out-of-memory (over 2 GB) or a leak, or did not finish cleanly;
# with --replay, when any reproducer still fails.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
seconds="${FUZZ_SECONDS:-60}"
scratch="$here/.build-fuzz"
replay=0
if [ "${1:-}" = "--replay" ]; then replay=1; shift; fi
if [ "$#" -gt 0 ]; then targets=("$@"); else targets=(FuzzSQL FuzzMigrationFiles); fi

# The targets are in the main package, present only when STRATA_FUZZ=1 (see Package.swift).
export STRATA_FUZZ=1
build=(swift build -c release --package-path "$root" --scratch-path "$scratch"
       -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
if [ "${FUZZ_SKIP_BUILD:-0}" != 1 ]; then
    for target in "${targets[@]}"; do
        echo "==> STRATA_FUZZ=1 ${build[*]} --product $target"
        "${build[@]}" --product "$target"
    done
fi
bin="$("${build[@]}" --show-bin-path)"
common=(-timeout=5 -rss_limit_mb=2048 -max_len=65536)

# FuzzMigrationFiles writes its files under $STRATA_FUZZ_TMPDIR; a crash or timeout exits without
# cleaning up, so give it a directory of this run and remove that at the end.
tmp_base=/dev/shm
[ -d "$tmp_base" ] && [ -w "$tmp_base" ] || tmp_base="${TMPDIR:-/tmp}"
STRATA_FUZZ_TMPDIR="$(mktemp -d "$tmp_base/strata-fuzz-run.XXXXXX")"
export STRATA_FUZZ_TMPDIR
trap 'rm -rf "$STRATA_FUZZ_TMPDIR"' EXIT
failures='crash-* timeout-* oom-* leak-*'

count_failures() {
    local count=0 pattern
    for pattern in $failures; do
        count=$((count + $(find "$1" -maxdepth 1 -type f -name "$pattern" | wc -l)))
    done
    echo "$count"
}

failed=()

if [ "$replay" = 1 ]; then
    # Each reproducer runs as a one-file corpus, so the timeout applies as it does while fuzzing.
    for target in "${targets[@]}"; do
        for reproducer in "$here"/reproducers/"$target"-*; do
            [ -f "$reproducer" ] || continue
            work="$(mktemp -d)"
            mkdir "$work/corpus" "$work/artifacts"
            cp "$reproducer" "$work/corpus/"
            set +e
            "$bin/$target" "${common[@]}" -runs=0 -artifact_prefix="$work/artifacts/" "$work/corpus" > "$work/log" 2>&1
            status=$?
            set -e
            if [ "$status" -ne 0 ] || [ "$(count_failures "$work/artifacts")" -gt 0 ]; then
                echo "!!! $target $(basename "$reproducer"): still fails (exit $status)"
                grep -E 'FUZZ INVARIANT|ERROR: libFuzzer|SUMMARY' "$work/log" | head -3 || true
                failed+=("$(basename "$reproducer")")
            else
                echo "--- $target $(basename "$reproducer"): passes"
            fi
            rm -rf "$work"
        done
    done
    if [ "${#failed[@]}" -gt 0 ]; then
        echo "FAILED: ${failed[*]}"
        exit 1
    fi
    echo "Every reproducer passes."
    exit 0
fi

for target in "${targets[@]}"; do
    # Seeds: the splitter fixtures, the example migrations and Fuzz/seeds, copied fresh (read-only
    # for libFuzzer; new inputs go to the target's own corpus).
    seeds="$here/corpus/.seeds/$target"
    rm -rf "$seeds"
    mkdir -p "$seeds"
    for file in "$root"/Tests/StrataCoreTests/Fixtures/splitter/*.sql "$root"/Examples/trivia/migrations/*.sql "$here"/seeds/*; do
        if [ -f "$file" ]; then cp "$file" "$seeds/"; fi
    done
    corpus="$here/corpus/$target"
    artifacts="$here/artifacts/$target"
    log="$here/logs/$target.log"
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    before="$(count_failures "$artifacts")"
    echo "==> $target for ${seconds}s (log: $log)"
    set +e
    # shellcheck disable=SC2086 # FUZZ_ARGS is split into words on purpose.
    "$bin/$target" "${common[@]}" -max_total_time="$seconds" \
        -dict="$here/sql.dict" -print_final_stats=1 -artifact_prefix="$artifacts/" \
        "$corpus" "$seeds" ${FUZZ_ARGS:-} 2>&1 | tee "$log" | grep --line-buffered -E '^(#[0-9]+[[:space:]]+(INITED|DONE|pulse)|==[0-9]+==|SUMMARY|Fatal error|.*FUZZ INVARIANT|stat::|Done )'
    status="${PIPESTATUS[0]}"
    set -e
    if [ "$status" -ne 0 ] || [ "$(count_failures "$artifacts")" -gt "$before" ]; then
        echo "!!! $target: libFuzzer exited $status; artifacts in $artifacts:"
        ls -1 "$artifacts"
        failed+=("$target")
    else
        echo "--- $target: no crash in ${seconds}s"
    fi
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "FAILED: ${failed[*]} (minimize with: <binary> -minimize_crash=1 -runs=100000 -timeout=5 <artifact>; keep it in Fuzz/reproducers/<target>-<what>)"
    exit 1
fi
echo "All targets ran ${seconds}s without a crash."
