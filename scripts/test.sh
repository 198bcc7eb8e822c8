#!/usr/bin/env bash
# The whole test suite: real SQLite and real, throwaway PostgreSQL 15 clusters (one plain with a
# streaming standby and PgBouncer in transaction mode in front, one with TLS).
# Installs what is missing (libsqlite3-dev, the PostgreSQL server), starts the cluster on a free
# port in a temporary directory, runs `swift test` against it, and stops it. Extra arguments go
# to `swift test` (e.g. --filter Conformance). Before the tests, the fuzz targets in Fuzz/ build
# and run briefly (STRATA_SKIP_FUZZ=1 skips them); the example server in Examples/ is built and
# started (STRATA_SKIP_EXAMPLE=1 skips it), and the release binary is built (STRATA_SKIP_RELEASE=1).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-dependencies.sh

cluster="$(mktemp -d /tmp/strata-pg.XXXXXX)"
replica="$(mktemp -d /tmp/strata-pg-replica.XXXXXX)"
tls_cluster="$(mktemp -d /tmp/strata-pg-tls.XXXXXX)"
certificates="$(mktemp -d /tmp/strata-certs.XXXXXX)"
bouncer="$(mktemp -d /tmp/strata-pgbouncer.XXXXXX)"
cleanup() {
  scripts/pgbouncer.sh stop "$bouncer"
  scripts/postgres-cluster.sh stop "$replica"
  scripts/postgres-cluster.sh stop "$cluster"
  scripts/postgres-cluster.sh stop "$tls_cluster"
  rm -rf "$certificates"
}
trap cleanup EXIT
url="$(scripts/postgres-cluster.sh start "$cluster")"
echo "PostgreSQL test cluster: postgres://postgres:***@127.0.0.1:$(cat "$cluster/port") ($cluster)"
# A streaming standby of it, for the health checks of replication lag and slots.
replica_port="$(scripts/postgres-cluster.sh replica "$cluster" "$replica")"
echo "PostgreSQL standby: 127.0.0.1:$replica_port ($replica)"
# Debian's PgBouncer in transaction mode in front of it, for the tests of the lock strategy there.
pooler_url="$(scripts/pgbouncer.sh start "$bouncer" "$url")"
echo "PgBouncer (transaction mode): 127.0.0.1:$(python3 -c 'import sys, urllib.parse; print(urllib.parse.urlparse(sys.argv[1]).port)' "$pooler_url") ($bouncer)"
scripts/make-test-certificates.sh "$certificates"
chmod 755 "$certificates"
tls_url="$(STRATA_PG_TLS_DIR="$certificates" scripts/postgres-cluster.sh start "$tls_cluster")"
echo "PostgreSQL TLS test cluster: postgres://postgres:***@127.0.0.1:$(cat "$tls_cluster/port") ($tls_cluster)"

export STRATA_TEST_POSTGRES_URL="$url"
export STRATA_TEST_POSTGRES_SOCKET_DIR="$cluster"
export STRATA_TEST_POSTGRES_REPLICA_URL="${url/127.0.0.1:$(cat "$cluster/port")\//127.0.0.1:$replica_port/}"
export STRATA_TEST_POSTGRES_TLS_URL="$tls_url"
export STRATA_TEST_PGBOUNCER_URL="$pooler_url"
export STRATA_TEST_TLS_DIR="$certificates"
export STRATA_REQUIRE_POSTGRES=1
# Peer tools the adoption tests run for real (dbmate, Alembic with psycopg2), from PyPI.
eval "$(scripts/peer-tools.sh)"

# The SARIF 2.1.0 schema and a validator, for the test that checks `strata lint --format sarif`.
STRATA_SARIF_SCHEMA="$(scripts/sarif-schema.sh)"
export STRATA_SARIF_SCHEMA
# zsh, fish and man, for the tests of `strata completions` and `strata manual`.
scripts/shells.sh
# Debian's Chromium, to open `strata report --html` headless in a test.
STRATA_CHROMIUM="$(scripts/chromium.sh)"
export STRATA_CHROMIUM
# Jenkins' JUnit XML schema and xmllint, for the test that checks `strata test --format junit`.
STRATA_JUNIT_SCHEMA="$(scripts/junit-schema.sh)"
export STRATA_JUNIT_SCHEMA

# A short fuzzing run (coverage-guided, libFuzzer) and the known reproducers, before the tests so
# that `swift test`'s summary stays the last line. FUZZ_SECONDS=600 Fuzz/run.sh runs the long one;
# STRATA_SKIP_FUZZ=1 skips it.
if [ "${STRATA_SKIP_FUZZ:-0}" != 1 ]; then
  Fuzz/run.sh --replay
  FUZZ_SECONDS="${FUZZ_SECONDS:-20}" FUZZ_SKIP_BUILD=1 Fuzz/run.sh
fi

# The code's layout: swift-format's lint with the project's .swift-format (fix with `swift format format -i -r Sources Tests`).
swift format lint --strict --configuration .swift-format -r Sources Tests
swift build --build-tests
# The example app (Examples/notes-server, Hummingbird): built, booted as three replicas on SQLite and
# PostgreSQL, and refused a broken release. STRATA_SKIP_EXAMPLE=1 skips it.
if [ "${STRATA_SKIP_EXAMPLE:-0}" != 1 ]; then scripts/example-server.sh; fi
# The binary as it ships (scripts/build-release.sh): the optimizer has crashed on code the debug
# build compiles, so the release build is part of the tests. STRATA_SKIP_RELEASE=1 skips it.
if [ "${STRATA_SKIP_RELEASE:-0}" != 1 ]; then
  release_log="$(mktemp /tmp/strata-release.XXXXXX)"
  scripts/build-release.sh > "$release_log" 2>&1 || { cat "$release_log"; exit 1; }
  echo "release binary: $(tail -1 "$release_log")"
  rm -f "$release_log"
fi
# The library's surface: at most 60 public top-level types through `import Strata`, each documented.
swift package dump-symbol-graph --minimum-access-level public > /dev/null
python3 scripts/public-api.py 60 > /dev/null
swift test --skip-build "$@"
