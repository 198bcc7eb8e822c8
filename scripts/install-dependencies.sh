#!/usr/bin/env bash
# Installs the system packages Strata builds and tests with, when missing (Debian/Ubuntu).
set -euo pipefail
missing=()
[ -f /usr/include/sqlite3.h ] || missing+=(libsqlite3-dev)
[ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
command -v python3 >/dev/null || missing+=(python3)
command -v openssl >/dev/null || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
    echo "error: missing ${missing[*]}; install them (apt-get install ${missing[*]}) and retry" >&2; exit 1
  fi
  sudo_cmd=(); [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  echo "installing ${missing[*]} (apt-get)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq >&2
  "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >&2
fi
