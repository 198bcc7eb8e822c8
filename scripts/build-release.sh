#!/usr/bin/env bash
# The release binary as it should ship: Swift runtime and Foundation linked statically, and a
# position-dependent executable (no start-up relocations) that does not export its ~37,000
# symbols to the dynamic linker (the Swift driver exports them all by default; every symbol the
# loader resolves and every dladdr call then searches them). It starts in about a third of the
# time of a default `swift build -c release`, which matters at every boot of every replica.
# Prints the binary's path.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
flags=(-c release --static-swift-stdlib -Xlinker -no-pie -Xlinker --no-export-dynamic)
swift build "${flags[@]}" --product strata >&2
echo "$(swift build "${flags[@]}" --show-bin-path)/strata"
