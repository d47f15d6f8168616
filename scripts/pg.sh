#!/usr/bin/env bash
# pg.sh — a private PostgreSQL 15 cluster for development and tests.
#
#   pg.sh start DIR PORT   create the cluster in DIR if needed, start it, wait until it
#                          accepts connections, create the database `wvlv` if missing
#   pg.sh stop DIR         stop it (no error when it is not running)
#   pg.sh url DIR PORT     print the libpq URL of database `wvlv` as superuser `wvlv`
#   pg.sh bindir           print the directory of the PostgreSQL 15 programs (initdb, psql, …)
#
# Layout of DIR: DIR/data (the data directory, initdb -A trust -U wvlv), DIR/log (server log),
# DIR/.s.PGSQL.PORT (the only way in: unix socket, listen_addresses = '', so no TCP port is
# used and no clash with a system PostgreSQL is possible). No system service is involved.
#
# initdb refuses to run as root. As root the cluster therefore runs as the `postgres` system
# user (created by the postgresql-common package); DIR is chowned to it, and the processes get
# CAP_DAC_READ_SEARCH so they can reach a DIR below a root-only directory such as /root.
# As any other user the cluster runs as that user.
#
# Environment: WVLV_PG_FAST=1 at creation time turns off fsync, synchronous_commit and
# full_page_writes (throwaway test clusters only: a crash can lose data).
set -euo pipefail

die() { printf 'pg.sh: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,9s/^# \{0,1\}//p' "$0" >&2; exit 2; }

find_bindir() {
  local d
  for d in "$(pg_config --bindir 2>/dev/null || true)" /usr/lib/postgresql/15/bin; do
    if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      printf '%s\n' "$d"; return 0
    fi
  done
  die "PostgreSQL 15 server binaries not found (pg_config --bindir, /usr/lib/postgresql/15/bin); run: bash scripts/deps.sh"
}

abspath() {  # abspath DIR : absolute path of DIR (which need not exist yet)
  case $1 in
    /*) printf '%s\n' "$1" ;;
    *)  printf '%s/%s\n' "$PWD" "$1" ;;
  esac | sed -e 's#/\./#/#g' -e 's#/\.$##' -e 's#//*#/#g' -e 's#\(.\)/$#\1#'
}

check_port() {
  case $1 in ''|*[!0-9]*) die "PORT must be a number, not '$1'" ;; esac
  if [ "$1" -lt 1 ] || [ "$1" -gt 65535 ]; then die "PORT must be 1..65535, not $1"; fi
}

# as_owner CMD... : run CMD as the user that owns the cluster (see the header).
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    setpriv --reuid=postgres --regid=postgres --init-groups \
      --inh-caps=+dac_read_search --ambient-caps=+dac_read_search -- "$@"
  else
    "$@"
  fi
}

running() {  # running DATA : the postmaster of DATA is alive
  [ -f "$1/postmaster.pid" ] && as_owner "$BINDIR/pg_ctl" -D "$1" status >/dev/null 2>&1
}

running_port() {  # the port of the running postmaster (line 4 of postmaster.pid)
  sed -n 4p "$1/postmaster.pid"
}

urlencode() {  # percent-encode everything but unreserved characters and /
  local s=$1 out='' c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      [A-Za-z0-9/._~-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$out"
}

cmd_url() {
  local dir=$1 port=$2
  printf 'postgresql:///wvlv?host=%s&port=%s&user=wvlv\n' "$(urlencode "$dir")" "$port"
}

cmd_start() {
  local dir=$1 port=$2 data=$1/data sock
  sock="$dir/.s.PGSQL.$port"
  # sun_path holds 107 bytes plus the terminating NUL
  [ "${#sock}" -le 107 ] || die "socket path too long for a unix socket (${#sock} > 107 bytes): $sock; use a shorter DIR"

  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' system user (package postgresql-common); run: bash scripts/deps.sh"
    command -v setpriv >/dev/null || die "running as root needs setpriv (package util-linux)"
  fi

  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$dir"
  fi
  chmod 700 "$dir"

  if [ ! -f "$data/PG_VERSION" ]; then
    echo "pg.sh: creating cluster in $data"
    local locale=C.UTF-8
    if ! locale -a 2>/dev/null | grep -qix 'c\.utf-\{0,1\}8'; then locale=C; fi
    as_owner "$BINDIR/initdb" -D "$data" -A trust -U wvlv -E UTF8 --locale="$locale" \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    {
      echo
      echo "# pg.sh: private cluster, reachable only through the unix socket in $dir"
      echo "listen_addresses = ''"
      echo "unix_socket_directories = '${dir//\'/\'\'}'"
      echo "max_connections = 200"
      echo "# the same on every machine; wvlv computes calendar dates in Europe/Amsterdam itself"
      echo "timezone = 'UTC'"
      echo "log_timezone = 'UTC'"
      if [ "${WVLV_PG_FAST:-0}" = 1 ]; then
        echo "# throwaway test cluster: speed over durability"
        echo "fsync = off"
        echo "synchronous_commit = off"
        echo "full_page_writes = off"
      fi
    } | as_owner tee -a "$data/postgresql.conf" >/dev/null
  fi

  if running "$data"; then
    local p
    p=$(running_port "$data")
    [ "$p" = "$port" ] || die "cluster in $dir is already running on port $p, not $port"
    echo "pg.sh: cluster in $dir already running (port $port)"
  else
    # -p here, not in postgresql.conf: the same cluster may be started on another port
    if ! as_owner "$BINDIR/pg_ctl" -D "$data" -l "$dir/log" -w -t 60 \
         -o "-p $port" start >/dev/null; then
      tail -n 30 "$dir/log" >&2 || true
      die "could not start the cluster in $dir (log: $dir/log)"
    fi
    echo "pg.sh: cluster in $dir started (port $port, socket only)"
  fi

  local i
  for ((i = 0; i < 60; i++)); do
    "$BINDIR/pg_isready" -q -h "$dir" -p "$port" -U wvlv -d postgres && break
    sleep 0.5
  done
  "$BINDIR/pg_isready" -q -h "$dir" -p "$port" -U wvlv -d postgres || die "cluster in $dir does not accept connections (log: $dir/log)"

  if [ -z "$("$BINDIR/psql" -X -q -h "$dir" -p "$port" -U wvlv -d postgres -tAc \
            "SELECT 1 FROM pg_database WHERE datname = 'wvlv'")" ]; then
    "$BINDIR/createdb" -h "$dir" -p "$port" -U wvlv -O wvlv wvlv
    echo "pg.sh: database wvlv created"
  fi
}

cmd_stop() {
  local dir=$1 data=$1/data
  if [ ! -f "$data/PG_VERSION" ]; then
    echo "pg.sh: no cluster in $dir"; return 0
  fi
  if running "$data"; then
    as_owner "$BINDIR/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null \
      || as_owner "$BINDIR/pg_ctl" -D "$data" -m immediate -w -t 30 stop >/dev/null \
      || die "could not stop the cluster in $dir"
    echo "pg.sh: cluster in $dir stopped"
  else
    echo "pg.sh: cluster in $dir not running"
  fi
}

if [ "${1:-}" = bindir ]; then
  [ $# -eq 1 ] || usage
  find_bindir
  exit 0
fi
[ $# -ge 2 ] || usage
action=$1
DIR=$(abspath "$2")
case $action in
  start) [ $# -eq 3 ] || usage; check_port "$3"; BINDIR=$(find_bindir); cmd_start "$DIR" "$3" ;;
  stop)  [ $# -eq 2 ] || usage; BINDIR=$(find_bindir); cmd_stop "$DIR" ;;
  url)   [ $# -eq 3 ] || usage; check_port "$3"; cmd_url "$DIR" "$3" ;;
  *) usage ;;
esac
