#!/usr/bin/env bash
# PgBouncer in transaction-pooling mode in front of a test cluster, as production setups run it:
# each client transaction may land on a different server connection, and session state (advisory
# locks, SET, prepared statements) does not follow the client.
#
#   scripts/pgbouncer.sh start DIR CLUSTER_URL   # prints the URL through PgBouncer on stdout
#   scripts/pgbouncer.sh stop DIR
#
# Installs Debian's pgbouncer with apt-get when it is missing. The pool is smaller than the number
# of clients the tests open, so server connections are shared between them.
set -euo pipefail

ensure_installed() {
  if command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ]; then return 0; fi
  echo "pgbouncer not found; installing it (apt-get)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq pgbouncer >&2
}

run_as() {
  # PgBouncer refuses to run as root: the cluster's OS user runs it.
  if [ "$(id -u)" != 0 ]; then "$@"; return; fi
  local quoted; printf -v quoted '%q ' "$@"; su postgres -s /bin/bash -c "$quoted"
}

start() {
  local dir="$1" url="$2" port
  ensure_installed
  mkdir -p "$dir"; chmod 755 "$dir"
  # postgres://user:password@host:port/db?…
  read -r user password host upstream database < <(python3 - "$url" <<'PY'
import sys, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
print(urllib.parse.unquote(u.username), urllib.parse.unquote(u.password), u.hostname, u.port, u.path.lstrip("/") or "postgres")
PY
)
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
  printf '"%s" "%s"\n' "$user" "$password" > "$dir/userlist.txt"
  cat > "$dir/pgbouncer.ini" <<INI
[databases]
* = host=$host port=$upstream
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $dir/userlist.txt
pool_mode = transaction
default_pool_size = 6
max_client_conn = 400
max_db_connections = 6
ignore_startup_parameters = extra_float_digits,options
server_reset_query =
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
  if [ "$(id -u)" = 0 ]; then chown -R postgres "$dir"; fi
  chmod 600 "$dir/userlist.txt"
  run_as pgbouncer -d "$dir/pgbouncer.ini" >/dev/null
  for _ in $(seq 1 50); do
    if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; then
      echo "postgres://$user:$password@127.0.0.1:$port/$database?sslmode=disable"
      return 0
    fi
    sleep 0.1
  done
  cat "$dir/pgbouncer.log" >&2 || true
  echo "error: pgbouncer did not start (see above)" >&2
  exit 1
}

stop() {
  local dir="$1"
  if [ -s "$dir/pgbouncer.pid" ]; then kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null || true; fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start "${2:?directory}" "${3:?cluster URL}" ;;
  stop) stop "${2:?directory}" ;;
  *) echo "usage: $0 start DIR CLUSTER_URL | stop DIR" >&2; exit 64 ;;
esac
