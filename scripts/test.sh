#!/usr/bin/env bash
# The whole test suite: real SQLite and a real, throwaway PostgreSQL 15 cluster.
# Installs what is missing (libsqlite3-dev, the PostgreSQL server), starts the cluster on a free
# port in a temporary directory, runs `swift test` against it, and stops it. Extra arguments go
# to `swift test` (e.g. --filter Conformance).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-dependencies.sh

cluster="$(mktemp -d /tmp/strata-pg.XXXXXX)"
cleanup() { scripts/postgres-cluster.sh stop "$cluster"; }
trap cleanup EXIT
url="$(scripts/postgres-cluster.sh start "$cluster")"
echo "PostgreSQL test cluster: ${url%%:*}://postgres:***@127.0.0.1:$(cat "$cluster/port") ($cluster)"

export STRATA_TEST_POSTGRES_URL="$url"
export STRATA_TEST_POSTGRES_SOCKET_DIR="$cluster"
export STRATA_REQUIRE_POSTGRES=1
swift build --build-tests
swift test --skip-build "$@"
