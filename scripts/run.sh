#!/usr/bin/env bash
# run.sh — the README's run command. On a fresh Debian 12 machine, as root (or with sudo):
# installs the missing Debian packages, builds `build/wvlv`, starts the private PostgreSQL +
# PostGIS cluster in .wvlv/pg (unix socket only), migrates, loads the demo municipality
# GM0505 Dordrecht (only into an empty registry) with an admin token in .wvlv/pg/demo-token, and serves in the foreground on
# WVLV_LISTEN (default 127.0.0.1:8080). Ctrl-C (or SIGTERM) stops the server and the cluster.
# The data stays in .wvlv/pg for the next run; delete that directory to start afresh.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

say() { printf '\n==== %s ====\n' "$*"; }

say "dependencies"
bash scripts/deps.sh

say "build"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j2 --target wvlv

say "database"
PG_DIR=$ROOT/.wvlv/pg
mkdir -p "$PG_DIR"
# Socket only, so a system PostgreSQL on 5432 is no obstacle. The cluster may still be running
# from an earlier run (then keep its port); otherwise take 5432 unless a socket of that name
# is lying in the directory.
if [ -f "$PG_DIR/data/postmaster.pid" ] && kill -0 "$(head -n 1 "$PG_DIR/data/postmaster.pid")" 2>/dev/null; then
  PG_PORT=$(sed -n 4p "$PG_DIR/data/postmaster.pid")
else
  PG_PORT=5432
  while [ -e "$PG_DIR/.s.PGSQL.$PG_PORT" ]; do PG_PORT=$((PG_PORT + 1)); done
fi

server_pid=
# shellcheck disable=SC2317  # invoked by the EXIT trap
stop_all() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  bash "$ROOT/scripts/pg.sh" stop "$PG_DIR" || true
  exit "$rc"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bash scripts/pg.sh start "$PG_DIR" "$PG_PORT"
WVLV_DATABASE_URL=$(bash scripts/pg.sh url "$PG_DIR" "$PG_PORT")
export WVLV_DATABASE_URL

say "migrate"
build/wvlv migrate

say "demo data"
build/wvlv seed-demo

# A demo admin token of GM0505, made once and kept beside the cluster (only its hash is in the
# database; the file is readable by this user only).
TOKEN_FILE=$PG_DIR/demo-token
if [ ! -s "$TOKEN_FILE" ]; then
  (umask 077; build/wvlv keys create --municipality GM0505 --role admin --label "run.sh demo" \
    | tail -n 1 >"$TOKEN_FILE")
fi

listen=${WVLV_LISTEN:-127.0.0.1:8080}
host=${listen%:*}
case $host in ''|0.0.0.0|'[::]'|::) host=127.0.0.1 ;; esac
base="http://$host:${listen##*:}"

say "serve"
cat <<EOF
wvlv serves on $base   (Ctrl-C stops the server and the database)
database: $WVLV_DATABASE_URL

The demo admin token of GM0505 is in $TOKEN_FILE. Try, from another terminal:
  TOKEN=\$(cat $TOKEN_FILE)
  curl -s -H "Authorization: Bearer \$TOKEN" '$base/api/v1/designations?municipalityCode=GM0505'
  curl -s -H "Authorization: Bearer \$TOKEN" '$base/api/v1/designations?measure=voorkeursrecht&status=active'

EOF

# In the background with `wait`, so that a SIGTERM to this script is seen at once (bash
# defers traps while a foreground child runs) and forwarded; the server stops gracefully on
# SIGTERM. A background job of a non-interactive shell ignores SIGINT, so Ctrl-C reaches the
# server as that SIGTERM too.
build/wvlv serve &
server_pid=$!
trap 'echo; echo "run.sh: stopping"; kill -TERM "$server_pid" 2>/dev/null || true' INT TERM
# `wait` also returns when a trap ran: wait until the server itself has exited, then ask for
# its exit status (bash keeps it)
while kill -0 "$server_pid" 2>/dev/null; do
  wait "$server_pid" || true
done
rc=0
wait "$server_pid" || rc=$?
server_pid=
if [ "$rc" -ne 0 ]; then echo "run.sh: wvlv serve exited with status $rc" >&2; fi
exit "$rc"
