#!/usr/bin/env bash
# Builds Examples/notes-server (a Hummingbird server that migrates at boot through `import Strata`)
# and starts it as a user would: three replicas at once on one SQLite database, then on a PostgreSQL
# database when STRATA_TEST_POSTGRES_URL is set. Each replica must serve GET /health with the
# newest version, the history must hold each migration once, and a release with a broken migration
# must refuse to boot (exit 1) without serving. Run by scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
example=Examples/notes-server
strata=.build/debug/strata

swift build --package-path "$example" 2>&1 | tail -1; echo
server="$(swift build --package-path "$example" --show-bin-path)/NotesServer"
[ -x "$strata" ] || swift build --product strata >/dev/null

work="$(mktemp -d /tmp/strata-example.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
fail() { echo "example server: $*" >&2; for log in "$work"/*.log; do echo "--- $log" >&2; cat "$log" >&2; done; exit 1; }

# Waits until http://127.0.0.1:PORT/health answers, and prints the answer.
health() {
  local port="$1" pid="$2" tries=0
  until curl -sf "http://127.0.0.1:$port/health"; do
    kill -0 "$pid" 2>/dev/null || fail "the replica on port $port exited before serving"
    tries=$((tries + 1)); [ "$tries" -lt 600 ] || fail "no answer on port $port after 60 s"
    sleep 0.1
  done
}

# Three replicas boot at once on DATABASE_URL; each must serve the newest version.
boot_replicas() {
  local name="$1" url="$2" ports=() started=()
  for replica in 1 2 3; do
    local port; port="$(free_port)"
    DATABASE_URL="$url" PORT="$port" MIGRATIONS="$example/migrations" "$server" > "$work/$name-$replica.log" 2>&1 &
    pids+=("$!"); ports+=("$port"); started+=("$!")
  done
  for index in 0 1 2; do
    local answer; answer="$(health "${ports[$index]}" "${started[$index]}")"
    echo "$answer" | python3 -c 'import json, sys; sys.exit(json.load(sys.stdin) != {"version": "20250102000000", "applied": 2, "pending": 0})' \
      || fail "$name replica $((index + 1)) answered $answer"
  done
  local ups
  ups="$(STRATA_DATABASE_URL="$url" "$strata" history --json --migrations "$example/migrations" | python3 -c 'import json,sys; print(sum(1 for e in json.load(sys.stdin)["events"] if e["action"] == "up"))')"
  [ "$ups" = 2 ] || fail "$name: the history holds $ups applied migrations, not 2 (each exactly once)"
  echo "example server on $name: 3 replicas booted at once, each serves version 20250102000000; each migration applied once"
}

boot_replicas sqlite "sqlite:$work/notes.db"

# A release whose migration fails: the replica exits 1 and never serves.
cp -r "$example/migrations" "$work/broken"
printf -- '-- strata:up\nALTER TABLE nosuch ADD COLUMN x TEXT;\n-- strata:down\nSELECT 1;\n' > "$work/broken/20250103000000_broken.sql"
port="$(free_port)"
set +e
DATABASE_URL="sqlite:$work/notes.db" PORT="$port" MIGRATIONS="$work/broken" "$server" > "$work/broken.log" 2>&1
status=$?
set -e
[ "$status" = 1 ] || fail "a failing migration exited $status, not 1"
grep -q "migration failed, not serving" "$work/broken.log" || fail "the failed boot did not say why"
curl -sf "http://127.0.0.1:$port/health" >/dev/null && fail "a replica served after a failed migration"
echo "example server: a release with a failing migration refuses to boot (exit 1)"

if [ -n "${STRATA_TEST_POSTGRES_URL:-}" ]; then
  database="notes_example_$$"
  # psql reads the password from the environment, never from its arguments.
  eval "$(python3 - <<'PY'
import os, shlex, urllib.parse
u = urllib.parse.urlsplit(os.environ["STRATA_TEST_POSTGRES_URL"])
for name, value in [("PGHOST", u.hostname), ("PGPORT", str(u.port or 5432)), ("PGUSER", urllib.parse.unquote(u.username or "")),
                    ("PGPASSWORD", urllib.parse.unquote(u.password or "")), ("PGDATABASE", u.path.lstrip("/") or "postgres")]:
    print(f"export {name}={shlex.quote(value)}")
PY
)"
  psql -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $database" >/dev/null
  # The URL (and its password) goes through the environment, not a process's arguments.
  pg_url="$(python3 -c 'import os, sys, urllib.parse; u = urllib.parse.urlsplit(os.environ["STRATA_TEST_POSTGRES_URL"]); print(urllib.parse.urlunsplit(u._replace(path="/" + sys.argv[1])))' "$database")"
  boot_replicas postgresql "$pg_url"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
  psql -q -c "DROP DATABASE $database" >/dev/null
fi
