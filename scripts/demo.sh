#!/usr/bin/env bash
# The main job on the embedded default: build strata, apply the trivia example to an SQLite
# file (Examples/trivia/trivia.db), and show the status. Run it again: nothing left to apply.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
swift build --product strata
bin="$(swift build --show-bin-path)/strata"
cd Examples/trivia
"$bin" migrate
echo
"$bin" status
