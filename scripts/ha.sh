#!/usr/bin/env bash
# ha.sh — wvlv on a pg_auto_failover formation, on one machine, without containers.
#
#   ha.sh up            a monitor and two PostgreSQL 15 + PostGIS nodes (synchronous replication:
#                       a commit is acknowledged once the standby has it), `wvlv migrate` through
#                       the formation's URI, two `wvlv serve` (writes to the primary, /ogc/v1 reads
#                       from the standby) and nginx balancing one port over them
#   ha.sh down          stop all of it (the data stays in the directory)
#   ha.sh status        the formation's state, the URIs and what answers on the port
#   ha.sh failover      a planned switchover (pg_autoctl perform switchover), waited for
#   ha.sh kill-primary  kill -9 the primary's postmaster (pg_autoctl restarts it, or the monitor
#                       fails over to the standby)
#   ha.sh restart-servers   stop and start the two servers (with the environment of now)
#   ha.sh uri|read-uri  print the write (read-write) or read (prefer-standby) URI
#   ha.sh primary-port|standby-port   the port of the node in that role now
#
# Loopback only. Everything lives in WVLV_HA_DIR (default .wvlv/ha): monitor/, node1/, node2/
# (data directories), xdg/ (pg_autoctl's configuration and state), logs, pid files, nginx.conf.
# Ports from WVLV_HA_PORT (default 7100): nginx PORT, the monitor PORT+1, the nodes PORT+2 and
# PORT+3, the two servers PORT+10 and PORT+11. WVLV_BIN is the wvlv program (default
# build/wvlv). WVLV_HA_FAST=1 at `up` turns off fsync and full_page_writes on the nodes
# (throwaway test formations: replication stays synchronous, a machine crash can lose data).
# As root, PostgreSQL and pg_autoctl run as the `postgres` system user (they refuse root).
# Needs the Debian packages postgresql-15-auto-failover, pg-auto-failover-cli, nginx-light
# (scripts/deps.sh --test).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=${WVLV_HA_DIR:-$ROOT/.wvlv/ha}
case $DIR in /*) ;; *) DIR=$PWD/$DIR ;; esac
# As root, pg_autoctl's own sub-processes cannot pass a root-only directory on the way to DIR
# (such as /root: pg.sh's clusters can, their processes keep CAP_DAC_READ_SEARCH; those that
# pg_autoctl starts lose it). There `up` makes DIR a link to a private directory under /var/tmp,
# and every command works in the directory the link leads to.
[ -L "$DIR" ] && DIR=$(readlink -f "$DIR")
PORT=${WVLV_HA_PORT:-7100}
WVLV=${WVLV_BIN:-$ROOT/build/wvlv}
BINDIR=/usr/lib/postgresql/15/bin
MON_PORT=$((PORT + 1))
NODE_PORTS=($((PORT + 2)) $((PORT + 3)))
SERVE_PORTS=($((PORT + 10)) $((PORT + 11)))
MONITOR_URI="postgres://autoctl_node@127.0.0.1:$MON_PORT/pg_auto_failover?sslmode=disable"

die() { printf 'ha.sh: %s\n' "$*" >&2; exit 1; }
say() { printf 'ha.sh: %s\n' "$*"; }
usage() { sed -n '2,15s/^# \{0,1\}//p' "$0" >&2; exit 2; }

# as_pg CMD... : run CMD as the owner of the formation, with pg_autoctl's files in DIR/xdg
as_pg() {
  local env=(env "XDG_CONFIG_HOME=$DIR/xdg/config" "XDG_DATA_HOME=$DIR/xdg/data"
             "XDG_RUNTIME_DIR=$DIR/xdg/run" "HOME=$DIR" "PG_CONFIG=$BINDIR/pg_config"
             "PATH=$BINDIR:/usr/bin:/bin")
  if [ "$(id -u)" -eq 0 ]; then
    setpriv --reuid=postgres --regid=postgres --init-groups \
      --inh-caps=+dac_read_search --ambient-caps=+dac_read_search -- "${env[@]}" "$@"
  else
    "${env[@]}" "$@"
  fi
}

mon_sql() {  # mon_sql SQL : one value from the monitor
  psql -X -q -At "postgres://autoctl_node@127.0.0.1:$MON_PORT/pg_auto_failover?sslmode=disable" \
    -c "$1" 2>/dev/null
}

# start_keeper NAME : pg_autoctl run for DIR/NAME in the background, detached
start_keeper() {
  local name=$1
  if [ -f "$DIR/$name.keeper.pid" ] && kill -0 "$(cat "$DIR/$name.keeper.pid")" 2>/dev/null; then
    return 0
  fi
  as_pg setsid pg_autoctl run --pgdata "$DIR/$name" >>"$DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$DIR/$name.keeper.pid"
}

wait_for() {  # wait_for SECONDS WHAT CMD... : until CMD succeeds
  local secs=$1 what=$2 i
  shift 2
  for ((i = 0; i < secs * 5; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  die "timed out after ${secs} s waiting for $what (logs in $DIR)"
}

states() { mon_sql "SELECT string_agg(reportedstate::text || '/' || goalstate::text, ' ' ORDER BY nodeid) FROM pgautofailover.node"; }
formation_settled() { [ "$(states)" = "$1" ]; }
both_settled() {
  local s
  s=$(states)
  [ "$s" = "primary/primary secondary/secondary" ] || [ "$s" = "secondary/secondary primary/primary" ]
}

primary_port() { mon_sql "SELECT nodeport FROM pgautofailover.node WHERE reportedstate IN ('primary','wait_primary','single') AND goalstate = reportedstate ORDER BY nodeid LIMIT 1"; }

standby_port() { mon_sql "SELECT nodeport FROM pgautofailover.node WHERE reportedstate = 'secondary' AND goalstate = 'secondary' ORDER BY nodeid LIMIT 1"; }

write_uri() { cat "$DIR/uri"; }
read_uri() { cat "$DIR/read-uri"; }

create_monitor() {
  [ -f "$DIR/monitor/PG_VERSION" ] && return 0
  say "creating the monitor (port $MON_PORT)"
  as_pg pg_autoctl create monitor --pgdata "$DIR/monitor" --pgport "$MON_PORT" \
    --hostname 127.0.0.1 --listen 127.0.0.1 --auth trust --no-ssl >>"$DIR/monitor.log" 2>&1 \
    || { tail -n 20 "$DIR/monitor.log" >&2; die "could not create the monitor"; }
}

create_node() {  # create_node N
  local n=$1 port=${NODE_PORTS[$(($1 - 1))]}
  [ -f "$DIR/node$n/PG_VERSION" ] && return 0
  say "creating node$n (port $port)"
  as_pg pg_autoctl create postgres --pgdata "$DIR/node$n" --pgport "$port" --name "node$n" \
    --hostname 127.0.0.1 --listen 127.0.0.1 --auth trust --no-ssl --dbname wvlv \
    --username wvlv --monitor "$MONITOR_URI" >>"$DIR/node$n.log" 2>&1 \
    || { tail -n 20 "$DIR/node$n.log" >&2; die "could not create node$n"; }
}

# The monitor notices a dead node within a few seconds (defaults: 20 s unhealthy, 5 s checks).
tune_monitor() {
  psql -X -q "postgres://127.0.0.1:$MON_PORT/pg_auto_failover?sslmode=disable&user=$(as_pg id -un)" \
    -c "ALTER SYSTEM SET pgautofailover.health_check_period = 1000" \
    -c "ALTER SYSTEM SET pgautofailover.health_check_timeout = 1000" \
    -c "ALTER SYSTEM SET pgautofailover.health_check_max_retries = 1" \
    -c "ALTER SYSTEM SET pgautofailover.health_check_retry_delay = 500" \
    -c "ALTER SYSTEM SET pgautofailover.node_considered_unhealthy_timeout = 5000" \
    -c "SELECT pg_reload_conf()" >/dev/null 2>&1 || say "warning: could not tune the monitor's health checks"
}

fast_node1() {
  [ "${WVLV_HA_FAST:-0}" = 1 ] || return 0
  psql -X -q "postgres://127.0.0.1:${NODE_PORTS[0]}/wvlv?sslmode=disable&user=wvlv" \
    -c "ALTER SYSTEM SET fsync = off" -c "ALTER SYSTEM SET full_page_writes = off" \
    -c "SELECT pg_reload_conf()" >/dev/null
}

make_uris() {
  local uri
  uri=$(as_pg pg_autoctl show uri --pgdata "$DIR/monitor" --formation default) \
    || die "pg_autoctl show uri failed"
  uri=${uri/sslmode=prefer/sslmode=disable}
  printf '%s&user=wvlv\n' "$uri" >"$DIR/uri"
  printf '%s&user=wvlv\n' "${uri/target_session_attrs=read-write/target_session_attrs=prefer-standby}" >"$DIR/read-uri"
}

start_serve() {  # start_serve I
  local i=$1 port=${SERVE_PORTS[$1]}
  if [ -f "$DIR/serve$i.pid" ] && kill -0 "$(cat "$DIR/serve$i.pid")" 2>/dev/null; then return 0; fi
  WVLV_DATABASE_URL=$(write_uri) WVLV_DATABASE_READ_URL=$(read_uri) \
    WVLV_LISTEN=127.0.0.1:$port WVLV_TRUSTED_PROXIES=127.0.0.1 \
    setsid "$WVLV" serve >>"$DIR/serve$i.log" 2>&1 </dev/null &
  echo $! >"$DIR/serve$i.pid"
  wait_for 20 "wvlv serve on port $port" curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz"
}

write_nginx_conf() {
  mkdir -p "$DIR/nginx"
  cat >"$DIR/nginx.conf" <<EOF
# made by scripts/ha.sh: one port balanced over the two wvlv servers
worker_processes 1;
pid $DIR/nginx.pid;
error_log $DIR/nginx-error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path $DIR/nginx/body;
  proxy_temp_path $DIR/nginx/proxy;
  fastcgi_temp_path $DIR/nginx/fastcgi;
  uwsgi_temp_path $DIR/nginx/uwsgi;
  scgi_temp_path $DIR/nginx/scgi;
  client_max_body_size 4m;
  upstream wvlv {
    server 127.0.0.1:${SERVE_PORTS[0]} max_fails=0;
    server 127.0.0.1:${SERVE_PORTS[1]} max_fails=0;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$PORT;
    location / {
      proxy_pass http://wvlv;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_read_timeout 30s;
    }
  }
}
EOF
}

cmd_up() {
  command -v pg_autoctl >/dev/null || die "pg_autoctl is missing (scripts/deps.sh --test)"
  [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || die "nginx is missing (scripts/deps.sh --test)"
  [ -x "$WVLV" ] || die "$WVLV is not built (cmake --build build)"
  if [ "$(id -u)" -eq 0 ]; then id postgres >/dev/null 2>&1 || die "no 'postgres' system user"; fi
  if [ "$(id -u)" -eq 0 ] && [ ! -e "$DIR" ]; then
    mkdir -p "$(dirname "$DIR")"
    if ! setpriv --reuid=postgres --regid=postgres --clear-groups test -x "$(dirname "$DIR")"; then
      local real
      real=$(mktemp -d /var/tmp/wvlv-ha.XXXXXX) && ln -s "$real" "$DIR" || die "cannot make $DIR"
      say "$DIR is a link to $real (the postgres user cannot reach $(dirname "$DIR"))"
      DIR=$real
    fi
  fi
  mkdir -p "$DIR/xdg/run"
  chmod 755 "$DIR"
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$DIR/xdg" && chown postgres:postgres "$DIR"; fi
  create_monitor
  start_keeper monitor
  wait_for 30 "the monitor" mon_sql "SELECT 1"
  tune_monitor
  if [ ! -f "$DIR/node2/PG_VERSION" ]; then
    create_node 1
    start_keeper node1
    wait_for 60 "node1 to be the primary" formation_settled "single/single"
    wait_for 60 "node1 to accept connections" "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "${NODE_PORTS[0]}"
    fast_node1
    create_node 2
  fi
  start_keeper node1
  start_keeper node2
  wait_for 120 "node2 to be the synchronous standby" both_settled
  make_uris
  say "synchronous_standby_names = $(psql -X -At "$(write_uri)" -c 'SHOW synchronous_standby_names')"
  "$WVLV" migrate --database-url "$(write_uri)" >>"$DIR/migrate.log" 2>&1 \
    || { tail -n 20 "$DIR/migrate.log" >&2; die "wvlv migrate failed"; }
  start_serve 0
  start_serve 1
  write_nginx_conf
  if ! [ -f "$DIR/nginx.pid" ] || ! kill -0 "$(cat "$DIR/nginx.pid")" 2>/dev/null; then
    /usr/sbin/nginx -q -c "$DIR/nginx.conf" -p "$DIR" -g 'daemon on;' || die "nginx did not start"
  fi
  wait_for 10 "nginx on port $PORT" curl -fsS -o /dev/null "http://127.0.0.1:$PORT/readyz"
  say "up: http://127.0.0.1:$PORT (servers ${SERVE_PORTS[*]}, nodes ${NODE_PORTS[*]}, monitor $MON_PORT)"
}

stop_pid() {  # stop_pid FILE : TERM the process of FILE, wait up to 10 s, then KILL
  local f=$1 pid i
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

cmd_down() {
  [ -d "$DIR" ] || { say "nothing in $DIR"; return 0; }
  if [ -f "$DIR/nginx.pid" ]; then
    /usr/sbin/nginx -q -c "$DIR/nginx.conf" -p "$DIR" -s quit 2>/dev/null || true
    local i
    for ((i = 0; i < 25; i++)); do [ -f "$DIR/nginx.pid" ] || break; sleep 0.2; done
  fi
  stop_pid "$DIR/serve0.pid"
  stop_pid "$DIR/serve1.pid"
  local n
  for n in node2 node1 monitor; do  # the three at once
    [ -f "$DIR/$n/PG_VERSION" ] || continue
    (
      as_pg pg_autoctl stop --pgdata "$DIR/$n" >/dev/null 2>&1 || true
      stop_pid "$DIR/$n.keeper.pid"
      if [ -f "$DIR/$n/postmaster.pid" ]; then
        as_pg "$BINDIR/pg_ctl" -D "$DIR/$n" -m immediate -w -t 20 stop >/dev/null 2>&1 || true
      fi
    ) &
  done
  wait
  say "down (data kept in $DIR)"
}

cmd_restart_servers() {
  stop_pid "$DIR/serve0.pid"
  stop_pid "$DIR/serve1.pid"
  start_serve 0
  start_serve 1
  say "servers restarted"
}

cmd_status() {
  as_pg pg_autoctl show state --pgdata "$DIR/monitor" || die "the monitor does not answer"
  printf 'write URI: %s\nread URI:  %s\n' "$(write_uri)" "$(read_uri)"
  local p
  for p in "$PORT" "${SERVE_PORTS[@]}"; do
    printf 'port %s /readyz: %s\n' "$p" "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$p/readyz" || true)"
  done
}

cmd_failover() {
  local before after
  before=$(primary_port)
  # until the old primary is the standby again: under load its rejoin can take a minute
  as_pg pg_autoctl perform switchover --pgdata "$DIR/monitor" --wait 120 >>"$DIR/switchover.log" 2>&1 \
    || { tail -n 20 "$DIR/switchover.log" >&2; die "the switchover failed"; }
  after=$(primary_port)
  say "switchover: primary was port $before, is port $after"
}

cmd_kill_primary() {
  local port n pid
  port=$(primary_port)
  [ -n "$port" ] || die "no primary known to the monitor"
  for n in 1 2; do
    if [ "${NODE_PORTS[$((n - 1))]}" = "$port" ]; then
      pid=$(head -n 1 "$DIR/node$n/postmaster.pid")
      kill -KILL "$pid"
      say "killed the postmaster of node$n (port $port, pid $pid)"
      return 0
    fi
  done
  die "the primary's port $port is none of this formation's nodes"
}

[ $# -eq 1 ] || usage
case $1 in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  failover) cmd_failover ;;
  restart-servers) cmd_restart_servers ;;
  kill-primary) cmd_kill_primary ;;
  uri) write_uri ;;
  read-uri) read_uri ;;
  primary-port) primary_port ;;
  standby-port) standby_port ;;
  -h|--help) sed -n '2,26s/^# \{0,1\}//p' "$0"; exit 0 ;;
  *) usage ;;
esac
