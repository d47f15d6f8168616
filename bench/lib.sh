# lib.sh — what bench/offers.sh and bench/ogc.sh share; sourced by both, not run on its own.
#
# The calling script sets ROOT (the checkout, also the working directory) before sourcing this
# file, and sets before it calls the functions that use them: RUN_DIR (its run directory),
# PG_DIR (its cluster), KEEP (BENCH_KEEP), POOL (WVLV_THREADS), optionally SERVER_TICKS (see
# measure); find_pg_tools sets PGBIN, PGBENCH and PSQL, build_release WVLV, start_cluster
# PG_PORT, WVLV_DATABASE_URL and PM_PID.  Messages start with the name of the calling script
# ("offers.sh: …").
# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154  # variables set for, and set by, the calling script

say() { printf '\n==== %s ====\n' "$*" >&2; }
die() { printf '%s: %s\n' "${0##*/}" "$*" >&2; exit 1; }

# require_whole_numbers VAR... : each VAR holds a whole number
require_whole_numbers() {
  local v
  for v in "$@"; do
    case ${!v} in ''|*[!0-9]*) die "$v must be a whole number, not '${!v}'" ;; esac
  done
}

CLK_TCK=$(getconf CLK_TCK)

# ---- tools, the lock, the build ----------------------------------------------------------------

# bench_deps : install what is missing (scripts/deps.sh --bench: the build and PostgreSQL, wrk,
# nginx-light)
bench_deps() {
  say "dependencies"
  bash "$ROOT/scripts/deps.sh" --bench
}

# find_pg_tools : PGBIN, PGBENCH and PSQL of PostgreSQL 15 (scripts/pg.sh bindir)
find_pg_tools() {
  PGBIN=$(bash "$ROOT/scripts/pg.sh" bindir)
  [ -x "$PGBIN/pgbench" ] || die "pgbench not found (package postgresql-15; bash scripts/deps.sh)"
  PGBENCH=$PGBIN/pgbench
  PSQL=$PGBIN/psql
}

# bench_lock : two benchmarks at once would measure each other (and share build-bench/): wait,
# at most 30 minutes, until no other benchmark holds .wvlv/bench.lock, then hold it until this
# script exits.  File descriptor 9 holds the lock; the long-lived processes a benchmark starts
# (cluster, servers, nginx) get it closed (9>&-), so one left running (BENCH_KEEP=1, or a killed
# script) does not keep the lock.
bench_lock() {
  mkdir -p "$ROOT/.wvlv"
  exec 9>"$ROOT/.wvlv/bench.lock"
  if ! flock -n 9; then
    echo "${0##*/}: another benchmark (bench/offers.sh or bench/ogc.sh) is running; waiting until it has finished" >&2
    flock -w 1800 9 || die "another benchmark still runs after 30 minutes"
  fi
}

# build_release : the Release build in build-bench/ (both benchmarks share it); sets WVLV
build_release() {
  say "Release build in build-bench/"
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build-bench -j"$(nproc)" --target wvlv
  WVLV=$ROOT/build-bench/wvlv
}

# ---- cluster and servers -----------------------------------------------------------------------

# free_port : a TCP port on 127.0.0.1 that nothing accepts connections on
free_port() {
  local p i
  for ((i = 0; i < 100; i++)); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      printf '%s\n' "$p"; return 0
    fi
  done
  die "no free TCP port found"
}

# start_cluster [ENV=VALUE...] : a new cluster in PG_DIR on a free port (scripts/pg.sh start with
# the given environment); sets PG_PORT, WVLV_DATABASE_URL (exported) and PM_PID (the postmaster)
start_cluster() {
  PG_PORT=$(free_port)
  say "cluster in $PG_DIR (port $PG_PORT)"
  env "$@" bash "$ROOT/scripts/pg.sh" start "$PG_DIR" "$PG_PORT" 9>&-
  WVLV_DATABASE_URL=$(bash "$ROOT/scripts/pg.sh" url "$PG_DIR" "$PG_PORT")
  export WVLV_DATABASE_URL
  PM_PID=$(head -n 1 "$PG_DIR/data/postmaster.pid")
}

sql() { "$PSQL" -X -q -v ON_ERROR_STOP=1 -At -d "$WVLV_DATABASE_URL" -c "$1"; }

# start_server NAME PORT PID-VARIABLE [ENV=VALUE...] : `wvlv serve` on 127.0.0.1:PORT with
# WVLV_THREADS=$POOL in the background, its stderr in $RUN_DIR/serve-NAME.log ($RUN_DIR/serve.log
# when NAME is empty); sets PID-VARIABLE to its pid at once (for the cleanup), then waits until
# it answers GET /healthz
start_server() {
  local name=$1 port=$2 pidvar=$3 pid i
  shift 3
  env "$@" WVLV_LISTEN="127.0.0.1:$port" WVLV_THREADS="$POOL" "$WVLV" serve \
    2>"$RUN_DIR/serve${name:+-$name}.log" 9>&- &
  pid=$!
  printf -v "$pidvar" '%s' "$pid"
  for ((i = 0; i < 100; i++)); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || die "wvlv serve${name:+ ($name)} exited"
    sleep 0.1
  done
  curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" ||
    die "wvlv serve${name:+ ($name)} does not answer on port $port"
}

# stop_processes PID... : SIGTERM each PID that is set and alive, and wait for it (the cleanup)
stop_processes() {
  local p
  for p in "$@"; do
    if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
      kill -TERM "$p" 2>/dev/null || true
      wait "$p" 2>/dev/null || true
    fi
  done
}

# remove_cluster : stop and delete the cluster and the run directory, or keep both with
# BENCH_KEEP=1 (the cleanup)
remove_cluster() {
  if [ "$KEEP" = 1 ]; then
    echo "${0##*/}: BENCH_KEEP=1: the cluster stays in $PG_DIR (port ${PG_PORT:-?}), run files in $RUN_DIR" >&2
  else
    bash "$ROOT/scripts/pg.sh" stop "$PG_DIR" >/dev/null 2>&1 || true
    rm -rf "$PG_DIR" "$RUN_DIR"
  fi
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }
nthreads() { awk '/^Threads:/ { print $2 }' "/proc/$1/status"; }

# ---- measuring ---------------------------------------------------------------------------------

# ticks PID : utime+stime of a process (all its threads); with "all", its reaped children too
ticks() {
  local s fields
  s=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  s=${s##*) }
  read -r -a fields <<<"$s"
  if [ "${2:-}" = all ]; then
    echo $((fields[11] + fields[12] + fields[13] + fields[14]))
  else
    echo $((fields[11] + fields[12]))
  fi
}
# children_ticks PID : the process, its reaped children and its live children (for the
# postmaster: the whole cluster, backends gone or alive)
children_ticks() {
  local total p s fields
  total=$(ticks "$1" all)
  for p in /proc/[0-9]*; do
    s=$(cat "$p/stat" 2>/dev/null) || continue
    s=${s##*) }
    read -r -a fields <<<"$s"
    [ "${fields[1]}" = "$1" ] && total=$((total + fields[11] + fields[12]))
  done
  echo "$total"
}
# machine : busy and total ticks of all cores (/proc/stat)
# (user nice system idle iowait irq softirq steal; guest time is inside user already)
machine() { awk '/^cpu /{ t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6, t }' /proc/stat; }

# measure NAME SERVER-PID CMD... : run a load generator; keeps its output in $RUN_DIR/NAME.out
# and sets, in CPU seconds, M_SERVER (SERVER-PID: with SERVER_TICKS=ticks, the default, the
# process alone; with SERVER_TICKS=children_ticks, the process and its children, as nginx and
# its workers), M_PG (the cluster), M_GEN (the load generator), M_OTHER (everything else on the
# machine meanwhile: another build or test run competing for the cores shows here), and M_BUSY
# (the share of the machine busy)
measure() {
  local name=$1 spid=$2 s0 p0 m0b m0t s1 p1 m1b m1t tf rc=0 u sy n0 i
  shift 2
  tf=$RUN_DIR/$name.time
  n0=$(pgrep -c -P "$PM_PID" || true)
  s0=$("${SERVER_TICKS:-ticks}" "$spid"); p0=$(children_ticks "$PM_PID"); read -r m0b m0t < <(machine)
  { TIMEFORMAT='%3U %3S'; time "$@" >"$RUN_DIR/$name.out" 2>"$RUN_DIR/$name.err"; } 2>"$tf" || rc=$?
  # pgbench's backends finish exiting (and are reaped) a little after pgbench: their CPU time
  # is only complete once they are gone
  for ((i = 0; i < 50; i++)); do
    [ "$(pgrep -c -P "$PM_PID" || true)" -le "$n0" ] && break
    sleep 0.1
  done
  s1=$("${SERVER_TICKS:-ticks}" "$spid"); p1=$(children_ticks "$PM_PID"); read -r m1b m1t < <(machine)
  if [ "$rc" -ne 0 ]; then
    cat "$RUN_DIR/$name.out" "$RUN_DIR/$name.err" >&2
    die "$name: the load generator failed (exit $rc)"
  fi
  read -r u sy <"$tf"
  M_SERVER=$(awk -v a="$s0" -v b="$s1" -v t="$CLK_TCK" 'BEGIN { print (b - a) / t }')
  M_PG=$(awk -v a="$p0" -v b="$p1" -v t="$CLK_TCK" 'BEGIN { print (b - a) / t }')
  M_GEN=$(awk -v u="$u" -v s="$sy" 'BEGIN { print u + s }')
  M_BUSY=$(awk -v a="$m0b" -v b="$m1b" -v c="$m0t" -v d="$m1t" 'BEGIN { print ((d > c) ? (b - a) / (d - c) : 0) }')
  M_OTHER=$(awk -v a="$m0b" -v b="$m1b" -v t="$CLK_TCK" -v s="$M_SERVER" -v p="$M_PG" -v g="$M_GEN" \
    'BEGIN { o = (b - a) / t - s - p - g; print (o > 0 ? o : 0) }')
}

# field NAME LINE : the value of NAME=value in LINE
field() { [[ " $2 " =~ \ $1=([^ ]*)\  ]] && printf '%s\n' "${BASH_REMATCH[1]}"; }
# per_req_us SECONDS REQUESTS : microseconds per request, rounded
per_req_us() { awk -v s="$1" -v n="$2" 'BEGIN { printf "%.0f", (n > 0 ? s * 1e6 / n : 0) }'; }

# wrk_result NAME WIDTH : W_* from the BENCH line a wrk script's done() wrote to $RUN_DIR/NAME.out
# (and its "first non-2xx" lines, if any, to stderr); prints one line, NAME padded to WIDTH
wrk_result() {
  local name=$1 width=$2 line
  line=$(grep '^BENCH ' "$RUN_DIR/$name.out") || { cat "$RUN_DIR/$name.out" >&2; die "$name: wrk printed no result"; }
  W_REQS=$(field requests "$line") W_RPS=$(field rps "$line") W_BAD=$(field non2xx "$line")
  W_SOCK=$(field socket_errors "$line") W_P50=$(field p50_ms "$line") W_P99=$(field p99_ms "$line")
  if grep -q '^first non-2xx' "$RUN_DIR/$name.out"; then grep '^first non-2xx' "$RUN_DIR/$name.out" >&2; fi
  printf '%-*s %9.1f req/s  p50 %7.2f ms  p99 %7.2f ms  non-2xx %s  socket errors %s\n' \
    "$width" "$name" "$W_RPS" "$W_P50" "$W_P99" "$W_BAD" "$W_SOCK" >&2
}

# pgbench_result NAME WARM WIDTH : B_* from a pgbench run of WARM + N seconds with per-second
# aggregates (-l --aggregate-interval=1 --log-prefix=$RUN_DIR/NAME.log, its output in
# $RUN_DIR/NAME.out): B_TPS_ALL, B_TX and B_FAIL are pgbench's own figures for the whole run
# (without initial connection time); B_TPS and B_LAT those of the whole seconds after the first
# WARM, the last partial one left out (every pgbench run opens new connections, and a new
# backend pays once for loading PostGIS and PROJ on its first ST_Transform, which the server's
# pooled connections paid before), B_SECS how many.  Prints one line, NAME padded to WIDTH.
pgbench_result() {
  local name=$1 warm=$2 width=$3 out steady
  out=$RUN_DIR/$name.out
  B_TPS_ALL=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$out")
  B_TX=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$out")
  B_FAIL=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$out")
  if [ -z "$B_TPS_ALL" ] || [ -z "$B_TX" ]; then
    cat "$out" "$RUN_DIR/$name.err" >&2
    die "$name: pgbench printed no result"
  fi
  B_FAIL=${B_FAIL:-0}
  if grep -q 'aborted' "$RUN_DIR/$name.err"; then cat "$RUN_DIR/$name.err" >&2; die "$name: a pgbench client aborted"; fi
  # aggregate lines: interval_start num_transactions sum_latency(us) ...
  steady=$(cat "$RUN_DIR/$name".log* | awk -v warm="$warm" '
    { tx[$1] += $2; lat[$1] += $3; if (t0 == "" || $1 < t0) t0 = $1; if ($1 > t1) t1 = $1 }
    END { for (k in tx) if (k >= t0 + warm && k < t1) { n++; s += tx[k]; l += lat[k] }
          if (n > 0 && s > 0) printf "%.1f %.3f %d\n", s / n, l / s / 1000, n }')
  [ -n "$steady" ] || die "$name: pgbench wrote no per-second log"
  read -r B_TPS B_LAT B_SECS <<<"$steady"
  printf '%-*s %9.1f tps    latency %7.2f ms  failed %s  (over %s s after %s s; whole run %.1f tps)\n' \
    "$width" "$name" "$B_TPS" "$B_LAT" "$B_FAIL" "$B_SECS" "$warm" "$B_TPS_ALL" >&2
}

# ---- the report --------------------------------------------------------------------------------

# tree_rev : the checkout's short commit, "+changes" when tracked files differ from it
tree_rev() {
  local rev
  rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null || true)" ]; then rev="$rev+changes"; fi
  printf '%s\n' "$rev"
}
# host_summary : "N cores (CPU model), M GiB"
host_summary() {
  printf '%s cores (%s), %s GiB\n' "$(nproc)" "$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)" \
    "$(free -g | awk '/^Mem:/ { print $2 }')"
}
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
pct() { awk -v f="$1" 'BEGIN { printf "%.0f%%", f * 100 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
