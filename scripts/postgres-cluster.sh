#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite: a temporary directory, a free local port,
# a non-root OS user (initdb refuses root), password (SCRAM) authentication over TCP.
#
#   scripts/postgres-cluster.sh start DIR   # prints the superuser URL on stdout
#   scripts/postgres-cluster.sh replica PRIMARY_DIR DIR   # a streaming standby; prints its port
#   scripts/postgres-cluster.sh stop DIR
#
# Installs the PostgreSQL server with apt-get when it is missing.
set -euo pipefail

find_bin() {
  local dir
  for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin /usr/local/pgsql/bin; do
    if [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

ensure_installed() {
  if find_bin >/dev/null; then return 0; fi
  echo "PostgreSQL server not found; installing it (apt-get)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2 || apt-get install -y -qq postgresql-15 >&2
  find_bin >/dev/null || { echo "error: PostgreSQL installation failed; install postgresql (15 or newer) and retry" >&2; exit 1; }
}

os_user() {
  if [ "$(id -u)" != 0 ]; then id -un; return; fi
  if ! id postgres >/dev/null 2>&1; then useradd --system --no-create-home --shell /bin/bash postgres; fi
  echo postgres
}

as_user() {
  local user="$1"; shift
  if [ "$(id -un)" = "$user" ]; then "$@"; else
    local quoted; printf -v quoted '%q ' "$@"; su "$user" -s /bin/bash -c "$quoted"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
  local dir="$1" bin user port password
  ensure_installed
  bin="$(find_bin)"; user="$(os_user)"
  # Tests trade durability for speed; STRATA_PG_DURABLE=1 keeps PostgreSQL's defaults (benchmarks).
  local settings="-c fsync=off -c full_page_writes=off"
  [ "${STRATA_PG_DURABLE:-0}" = 1 ] && settings=""
  # STRATA_PG_TLS_DIR=DIR (with server.crt and server.key) turns TLS on.
  if [ -n "${STRATA_PG_TLS_DIR:-}" ]; then
    cp "$STRATA_PG_TLS_DIR/server.crt" "$STRATA_PG_TLS_DIR/server.key" "$dir/"
    chown "$user" "$dir/server.crt" "$dir/server.key"; chmod 600 "$dir/server.key"
    settings="$settings -c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key"
  fi
  mkdir -p "$dir"; chmod 755 "$dir"; chown "$user" "$dir"
  password="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
  printf '%s\n' "$password" > "$dir/pwfile"; chown "$user" "$dir/pwfile"; chmod 600 "$dir/pwfile"
  as_user "$user" "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  rm -f "$dir/pwfile"
  for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    if as_user "$user" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
         -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c max_connections=300 $settings" \
         start >/dev/null 2>&1; then
      echo "$port" > "$dir/port"
      echo "postgres://postgres:$password@127.0.0.1:$port/postgres?sslmode=disable"
      return 0
    fi
  done
  cat "$dir/server.log" >&2
  echo "error: PostgreSQL did not start (see above)" >&2
  exit 1
}

# A hot standby of the cluster in PRIMARY_DIR: pg_basebackup over the primary's socket (local
# connections are trusted), its own replication slot, streaming; same superuser and password.
replica() {
  local primary="$1" dir="$2" bin user port
  bin="$(find_bin)"; user="$(os_user)"
  # Like the primary, a test standby need not survive a crash: without fsync its replay keeps up
  # while the suite writes on both cores (replay with fsync lagged past a minute in CI once).
  local settings="-c fsync=off"
  [ "${STRATA_PG_DURABLE:-0}" = 1 ] && settings=""
  mkdir -p "$dir"; chmod 755 "$dir"; chown "$user" "$dir"
  as_user "$user" "$bin/pg_basebackup" -h "$primary" -p "$(cat "$primary/port")" -U postgres -D "$dir/data" \
    -R -X stream -C -S strata_test_replica >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; exit 1; }
  for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    if as_user "$user" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
         -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c max_connections=300 -c cluster_name=strata_test_replica $settings" \
         start >/dev/null 2>&1; then
      echo "$port" > "$dir/port"
      echo "$port"
      return 0
    fi
  done
  cat "$dir/server.log" >&2
  echo "error: the PostgreSQL standby did not start (see above)" >&2
  exit 1
}

stop() {
  local dir="$1" bin user
  bin="$(find_bin)" || return 0; user="$(os_user)"
  if [ -s "$dir/data/PG_VERSION" ]; then
    as_user "$user" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start "${2:?directory}" ;;
  replica) replica "${2:?primary directory}" "${3:?directory}" ;;
  stop) stop "${2:?directory}" ;;
  *) echo "usage: $0 start|stop DIR, or $0 replica PRIMARY_DIR DIR" >&2; exit 64 ;;
esac
