#!/usr/bin/env bash
# Prints the path of Jenkins' JUnit XML schema (junit-10.xsd, MIT, Gregory Boissinot), fetching it
# once from PyPI (the pytest 8.3.4 source distribution ships it in testing/example_scripts) and
# checking its SHA-256; installs xmllint (Debian's libxml2-utils) to validate against it.
set -euo pipefail
cd "$(dirname "$0")/.."
target=".build/junit/junit-10.xsd"
expected="a1a816f58d1bf95ebabf371994df0b9246dee66ea9572fbec4f9296f1b2c0ff6"
sudo_cmd=(); [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
if ! command -v xmllint >/dev/null; then
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq libxml2-utils >&2 \
    || { "${sudo_cmd[@]}" apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq libxml2-utils >&2; }
fi
if [ ! -f "$target" ] || [ "$(sha256sum "$target" | cut -d' ' -f1)" != "$expected" ]; then
  python3 -m pip --version >/dev/null 2>&1 || "${sudo_cmd[@]}" apt-get install -y -qq python3-pip >&2
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  python3 -m pip download --quiet --no-deps --no-binary=:all: --no-build-isolation -d "$work" pytest==8.3.4 >&2 2>/dev/null \
    || python3 -m pip download --quiet --no-deps --no-binary=:all: -d "$work" pytest==8.3.4 >&2
  mkdir -p "$(dirname "$target")"
  tar -xzf "$work"/pytest-8.3.4.tar.gz -O pytest-8.3.4/testing/example_scripts/junit-10.xsd > "$target"
  [ "$(sha256sum "$target" | cut -d' ' -f1)" = "$expected" ] || { echo "error: junit-10.xsd from pytest 8.3.4 has an unexpected checksum" >&2; exit 1; }
fi
echo "$PWD/$target"
