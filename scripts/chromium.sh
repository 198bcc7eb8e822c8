#!/usr/bin/env bash
# Debian's Chromium, for the test that opens `strata report --html` headless (console, network,
# screenshot). Installs it with apt-get when it is missing; prints its path.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  echo "chromium not found; installing it (apt-get)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium >&2
fi
command -v chromium
