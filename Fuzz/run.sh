#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for FUZZ_SECONDS seconds (default 60).
#
#   Fuzz/run.sh                          # every target, 60 s each
#   FUZZ_SECONDS=600 Fuzz/run.sh         # 10 minutes each
#   Fuzz/run.sh FuzzSQL                  # one target
#   FUZZ_SKIP_BUILD=1 Fuzz/run.sh        # reuse the last build
#
# Corpora grow in Fuzz/corpus/<target>, crashes and hangs land in Fuzz/artifacts/<target>/, the
# libFuzzer output in Fuzz/logs/<target>.log (all git-ignored). Exits 1 when any target found a
# crash, a hang, an out-of-memory or a leak, or did not finish cleanly.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
seconds="${FUZZ_SECONDS:-60}"
scratch="$here/.build-fuzz"
if [ "$#" -gt 0 ]; then targets=("$@"); else targets=(FuzzSQL FuzzMigrationFiles); fi

build=(swift build -c release --package-path "$here" --scratch-path "$scratch"
       -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
if [ "${FUZZ_SKIP_BUILD:-0}" != 1 ]; then
    echo "==> ${build[*]}"
    "${build[@]}"
fi
bin="$("${build[@]}" --show-bin-path)"

failed=()
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
    before="$(find "$artifacts" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)"
    echo "==> $target for ${seconds}s (log: $log)"
    set +e
    "$bin/$target" \
        -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len=65536 \
        -dict="$here/sql.dict" -print_final_stats=1 -artifact_prefix="$artifacts/" \
        "$corpus" "$seeds" 2>&1 | tee "$log" | grep -E '^(#[0-9]+[[:space:]]+(INITED|DONE|pulse)|==[0-9]+==|SUMMARY|Fatal error|.*FUZZ INVARIANT|stat::|Done )' || true
    status="${PIPESTATUS[0]}"
    set -e
    after="$(find "$artifacts" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)"
    if [ "$status" -ne 0 ] || [ "$after" -gt "$before" ]; then
        echo "!!! $target: libFuzzer exited $status; artifacts in $artifacts:"
        ls -1 "$artifacts"
        failed+=("$target")
    else
        echo "--- $target: no crash in ${seconds}s"
    fi
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "FAILED: ${failed[*]} (minimize with: <binary> -minimize_crash=1 -runs=100000 <artifact>; keep it in Fuzz/reproducers/)"
    exit 1
fi
echo "All targets ran ${seconds}s without a crash."
