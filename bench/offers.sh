#!/usr/bin/env bash
# offers.sh — benchmark of POST /api/v1/sale-notifications against pgbench running the same
# SQL on the same database, in one run (issue 4, point 7; bench/README.md tells how to read it).
#
#   bash bench/offers.sh            from anywhere; as root or with sudo when packages are missing
#
# 1. installs what is missing (scripts/deps.sh --bench), waits while another benchmark runs
#    (bench/lib.sh: bench_lock);
# 2. builds a Release build in build-bench/ (shared with ogc.sh);
# 3. starts a private cluster with scripts/pg.sh in .wvlv/bench-$$ (stopped and deleted on
#    exit), migrates, seeds the demo, makes a clerk token of GM0505, starts `wvlv serve`;
# 4. captures the SQL of one real POST (log_statement = all) and turns it into two pgbench
#    scripts: the POST's transaction (BEGIN … COMMIT) and all its SQL (the token lookup too);
# 5. measures, each after a CHECKPOINT and once the machine is idle: wrk POSTs (unique
#    Idempotency-Key per request, every non-2xx counted), pgbench with the transaction, pgbench
#    with all the SQL, pgbench with the transaction prepared (for comparison); then short
#    breakdown runs (HTTP only, one round trip, a public read, the same read with a token),
#    single-connection latencies, the server-side time of every statement
#    (log_min_duration_statement = 0) and, where perf works, the backends' time by phase;
#    then (issue 16) the POST run again with BENCH_CONNECTIONS_BIG connections, and the tree of
#    BENCH_BEFORE (built from `git archive`) served for the same two runs on a database of its
#    own in the same cluster, migrated and seeded by it (it serves only its own schema);
# 6. prints a table and writes it, with the generated pgbench scripts, to bench/results/.
#
# Environment (defaults in brackets): BENCH_DURATION [20] seconds per main run, BENCH_WARMUP [5],
# BENCH_CONNECTIONS [8] (wrk -c, pgbench -c), BENCH_THREADS [2] (wrk -t, pgbench -j),
# BENCH_SHORT [5] seconds per breakdown/diagnostic run (0 skips them), WVLV_THREADS [8] (the
# server's database connections), BENCH_PG_FAST [0] (1: fsync and synchronous_commit off),
# BENCH_PREPARED [1], BENCH_PERF [1] (0 skips the prepared run, the profile),
# BENCH_QUIET_WAIT [120] (seconds to wait for an idle machine before a run),
# BENCH_CONNECTIONS_BIG [64], BENCH_BEFORE [e0f2414] (empty: no run of the code before),
# BENCH_RESULTS [bench/results/offers-latest.txt], BENCH_KEEP [0] (1: keep the cluster and
# the run directory for inspection).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

DURATION=${BENCH_DURATION:-20}
WARMUP=${BENCH_WARMUP:-5}
CONNS=${BENCH_CONNECTIONS:-8}
THREADS=${BENCH_THREADS:-2}
SHORT=${BENCH_SHORT:-5}
POOL=${WVLV_THREADS:-8}
PG_FAST=${BENCH_PG_FAST:-0}
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results/offers-latest.txt}
KEEP=${BENCH_KEEP:-0}
STATEMENT_TIMEOUT_MS=${WVLV_STATEMENT_TIMEOUT_MS:-5000}

require_whole_numbers DURATION WARMUP CONNS THREADS SHORT POOL
if [ "$DURATION" -lt 1 ] || [ "$CONNS" -lt 1 ] || [ "$THREADS" -lt 1 ]; then
  die "BENCH_DURATION, BENCH_CONNECTIONS and BENCH_THREADS must be at least 1"
fi
[ "$THREADS" -le "$CONNS" ] || die "BENCH_THREADS ($THREADS) may not exceed BENCH_CONNECTIONS ($CONNS)"

# ---- 1. tools ------------------------------------------------------------------------------

bench_deps
command -v perl >/dev/null || die "perl is missing (Debian's perl-base)"
find_pg_tools
bench_lock

# ---- 2. build ------------------------------------------------------------------------------

build_release

# The code before issue 16's write path (BENCH_BEFORE, a commit; empty: skipped), built from
# `git archive` in build-bench-before/, served in the same run on a database of its own in the
# same cluster (wvlv_before), migrated and seeded by it: `wvlv serve` refuses a schema newer
# than its own, and its own is the one it shipped with.
BEFORE=${BENCH_BEFORE-e0f2414}
WVLV_BEFORE=
if [ -n "$BEFORE" ]; then
  say "Release build of $BEFORE (the code before) in build-bench-before/"
  rm -rf "$ROOT/build-bench-before/src"
  mkdir -p "$ROOT/build-bench-before/src"
  git -C "$ROOT" archive "$BEFORE" | tar -x -C "$ROOT/build-bench-before/src"
  cmake -S "$ROOT/build-bench-before/src" -B "$ROOT/build-bench-before/out" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$ROOT/build-bench-before/out" -j"$(nproc)" --target wvlv >/dev/null
  WVLV_BEFORE=$ROOT/build-bench-before/out/wvlv
fi

# ---- 3. cluster, data, server ------------------------------------------------------------------

PG_DIR=$ROOT/.wvlv/bench-$$
RUN_DIR=$ROOT/.wvlv/bench-$$.run
server_pid=
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_processes "$server_pid"
  if [ "$rc" -ne 0 ] && [ -s "$RUN_DIR/serve.log" ]; then
    echo "offers.sh: last lines of the server log:" >&2
    tail -n 5 "$RUN_DIR/serve.log" >&2 || true
  fi
  remove_cluster
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$RUN_DIR" "$(dirname "$RESULTS")"
start_cluster WVLV_PG_FAST="$PG_FAST"
PG_LOG=$PG_DIR/log

# pg_set NAME VALUE : change a server setting for the whole cluster, effective for new commands
pg_set() {
  if [ "$2" = DEFAULT ]; then
    sql "ALTER SYSTEM RESET $1" >/dev/null
  else
    sql "ALTER SYSTEM SET $1 = '$2'" >/dev/null
  fi
  sql "SELECT pg_reload_conf()" >/dev/null
  sleep 0.5 # backends apply the reload before their next command
}

"$WVLV" migrate >/dev/null
"$WVLV" seed-demo
TOKEN=$("$WVLV" keys create --municipality GM0505 --role clerk --label "bench/offers.sh" | tail -n 1)
[ ${#TOKEN} -eq 43 ] || die "wvlv keys create did not print a token"
BEFORE_URL= BEFORE_TOKEN=
if [ -n "$WVLV_BEFORE" ]; then
  sql "CREATE DATABASE wvlv_before" >/dev/null
  BEFORE_URL=${WVLV_DATABASE_URL/\/\/\/wvlv\?/\/\/\/wvlv_before?}
  WVLV_DATABASE_URL=$BEFORE_URL "$WVLV_BEFORE" migrate >/dev/null
  WVLV_DATABASE_URL=$BEFORE_URL "$WVLV_BEFORE" seed-demo >/dev/null
  BEFORE_TOKEN=$(WVLV_DATABASE_URL=$BEFORE_URL "$WVLV_BEFORE" keys create --municipality GM0505 \
    --role clerk --label "bench/offers.sh" | tail -n 1)
  [ ${#BEFORE_TOKEN} -eq 43 ] || die "wvlv keys create ($BEFORE) did not print a token"
fi

HTTP_PORT=$(free_port)
BASE=http://127.0.0.1:$HTTP_PORT
say "wvlv serve on $BASE (WVLV_THREADS=$POOL)"
start_server '' "$HTTP_PORT" server_pid

# ---- 4. capture one POST and generate the pgbench scripts ---------------------------------------

# The body of bench/offers.lua with longitude 4.68000.
BODY='{"municipalityCode":"GM0505","receivedOn":"2024-09-02","property":{"cadastralParcels":["DDT01 K 4550"],"address":{"street":"Krispijnseweg","houseNumber":"12","postalCode":"3317 AB","city":"Dordrecht"},"location":{"type":"Point","coordinates":[4.68000,51.799]}},"owner":{"name":"J. de Vries","email":"j.devries@example.nl"},"askingPrice":"350000.00"}'
CAPTURE_KEY=bench-capture-$$

say "capturing the SQL of one POST (log_statement = all)"
pg_set log_statement all
log_offset=$(stat -c %s "$PG_LOG")
status=$(curl -sS -o "$RUN_DIR/capture.json" -D "$RUN_DIR/capture.headers" -w '%{http_code}' \
  -X POST "$BASE/api/v1/sale-notifications" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -H "Idempotency-Key: $CAPTURE_KEY" -d "$BODY")
sleep 0.3
pg_set log_statement DEFAULT
[ "$status" = 201 ] || die "the capture POST answered $status: $(head -c 400 "$RUN_DIR/capture.json")"
OFFER_ID=$(tr -d '\r' <"$RUN_DIR/capture.headers" | sed -n 's#^Location: .*/sale-notifications/\([0-9a-f-]\{36\}\)$#\1#p')
[ -n "$OFFER_ID" ] || die "the capture POST sent no Location with the new id"

# Statement labels, shared by the generator and the timing report.
read -r -d '' LABELS_PL <<'PERL' || true
sub label {
  my $s = shift;
  return 'token lookup (wvlv_authenticate)'              if $s =~ /wvlv_authenticate\(/;
  return 'BEGIN'                                          if $s =~ /^BEGIN\b/;
  return 'set_config: caller scope'                       if $s =~ /set_config\('wvlv\.municipality'/;
  return 'idempotency: advisory lock'                     if $s =~ /pg_advisory_xact_lock/;
  return 'idempotency: lookup'                            if $s =~ /FROM idempotency_keys/;
  return 'SAVEPOINT'                                      if $s =~ /^SAVEPOINT\b/;
  return 'RELEASE SAVEPOINT'                              if $s =~ /^RELEASE SAVEPOINT\b/;
  return 'point check (ST_GeomFromGeoJSON)'               if $s =~ /GeometryType\(g\)/;
  return 'designation lookup (ST_Covers, voorkeursrecht)' if $s =~ /FROM designations d, \(SELECT/;
  return 'equated holidays'                               if $s =~ /FROM equated_holidays/;
  return 'INSERT sale_notifications'                      if $s =~ /^INSERT INTO sale_notifications\b/;
  return 'audit snapshot of the offer'                    if $s =~ /^SELECT jsonb_build_object\('status'/;
  return 'INSERT audit_log'                               if $s =~ /^INSERT INTO audit_log\b/;
  return 'read the offer back (response)'                 if $s =~ /^SELECT s\.id::text, s\.municipality_code/;
  return 'INSERT idempotency_keys'                        if $s =~ /^INSERT INTO idempotency_keys\b/;
  return 'COMMIT (deferred audit checks, WAL flush)'      if $s =~ /^COMMIT\b/;
  (my $short = $s) =~ s/\s+/ /g;
  return substr($short, 0, 48);
}
# log lines of a PostgreSQL log from a byte offset, continuation lines joined
sub log_lines {
  my ($file, $offset) = @_;
  open(my $fh, '<', $file) or die "cannot read $file: $!\n";
  seek($fh, $offset, 0) or die "cannot seek in $file\n";
  my @lines;
  while (my $l = <$fh>) {
    chomp $l;
    if ($l =~ /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/) { push @lines, $l } elsif (@lines) { $lines[-1] .= "\n$l" }
  }
  return @lines;
}
PERL

# gen_scripts LOG OFFSET KEY ID TXN_OUT REQUEST_OUT VALUES_OUT : the pgbench scripts and the
# values of their variables (name=value, one a line, for pgbench -D); prints one line per
# statement of the POST ("STMT <in transaction 0|1> <label>").
read -r -d '' GEN_PL <<'PERL' || true
use strict; use warnings;
eval $ENV{LABELS}; die $@ if $@;
my ($log, $offset, $key, $id, $txn_out, $req_out, $values_out) = @ARGV;
my @st;
for my $l (log_lines($log, $offset)) {
  if ($l =~ /\[(\d+)\] LOG:  execute [^:\s]+: (.*)\z/s) {
    push @st, { pid => $1, sql => $2, p => {} };
  } elsif ($l =~ /\[(\d+)\] DETAIL:  parameters: (.*)\z/s) {
    my ($pid, $d) = ($1, $2);
    my ($s) = grep { $_->{pid} == $pid } reverse @st;
    die "parameters without a statement in the log\n" unless $s;
    while ($d =~ /\$(\d+) = (NULL|'(?:[^']|'')*')/g) { $s->{p}{$1} = $2 }
  }
}
# connection upkeep, not part of a request: SET ROLE on connect, SELECT 1 after 30 s idle
@st = grep { $_->{sql} !~ /^(?:SET ROLE |SELECT 1$)/ } @st;
die "no statements of the server in the log (is log_statement = all applied?)\n" unless @st;
my ($begin) = grep { $st[$_]{sql} =~ /^BEGIN\b/ } 0 .. $#st;
my ($commit) = grep { $st[$_]{sql} eq 'COMMIT' } reverse 0 .. $#st;
die "no BEGIN … COMMIT in the captured statements\n" unless defined $begin && defined $commit && $begin < $commit;

sub quoted { my $v = shift; $v =~ s/'/''/g; return "'$v'" }
# pgbench reads :name as a variable everywhere, inside quotes too; a literal of the server's
# SQL that holds one is written as the same constant with the colons escaped (U&'…\003A…').
sub safe {
  my $q = shift;
  return $q unless $q =~ /:[A-Za-z_\x80-\xff]/;
  my $b = substr($q, 1, -1);
  $b =~ s/\\/\\\\/g;
  $b =~ s/:/\\003A/g;
  return "U&'$b'";
}
my ($qkey, $qid) = (quoted($key), quoted($id));
my ($used_key, $used_id, $gset) = (0, 0, 0);
my (@out, @values, %seen);
for my $k (0 .. $#st) {
  my $s = $st[$k];
  my $sql = $s->{sql};
  $sql =~ s/('(?:[^']|'')*')/safe($1)/ge;
  # each $n becomes a pgbench variable, which pgbench -M extended sends as a parameter of
  # unspecified type, as PQexecParams does; a NULL stays NULL
  $sql =~ s/\$(\d+)/
    my ($n, $v) = ($1, $s->{p}{$1});
    die "no value of \$$n for: $s->{sql}\n" unless defined $v;
    $v eq $qkey ? do { $used_key++; ':key' } :
    $v eq $qid  ? do { $used_id++; ':id' } :
    $v eq 'NULL' ? 'NULL' :
    $v =~ m|DDT01 K 4550| ? do { (my $raw = substr($v, 1, -1)) =~ s|''|'|g;
         my $name = sprintf('v%d_%d', $k + 1, $n);
         push @values, "$name=$raw" unless $seen{$name}++;
         # one open offer per parcel (migration 0010): each transaction its own parcel
         "replace(:$name, 'DDT01 K 4550', 'DDT01 ' || chr(78 + :run::int % 12) || chr(65 + :client_id::int % 26) || ' ' || (div(:n::int, 9999) + 1)::text || ' A ' || (:n::int % 9999 + 1)::text)" } :
    do { (my $raw = substr($v, 1, -1)) =~ s|''|'|g;
         die "a parameter value has a newline: $s->{sql}\n" if $raw =~ m|\n|;
         my $name = sprintf('v%d_%d', $k + 1, $n);
         push @values, "$name=$raw" unless $seen{$name}++;
         ":$name" }
  /ge;
  die "a statement has a newline; pgbench needs one line: $s->{sql}\n" if $sql =~ /\n/;
  (my $bare = $sql) =~ s/'(?:[^']|'')*'//g;
  $bare =~ s/::+/ /g;
  for my $v ($bare =~ /:([A-Za-z_\x80-\xff]\w*)/g) {
    die "unexpected pgbench variable :$v in: $sql\n" unless $v =~ /^(?:key|id|run|client_id|n|v\d+_\d+)$/;
  }
  my $end = ';';
  if ($s->{sql} =~ /^INSERT INTO sale_notifications\b.*RETURNING (?:s\.)?id::text\b/) { $end = ' \gset'; $gset++ }
  push @out, { label => label($s->{sql}), line => "$sql$end" };
}
die "the idempotency key was not found among the parameters\n" unless $used_key;
die "the new offer's id was not found among the parameters\n" unless $used_id;
die "the INSERT that returns the new id was not found\n" unless $gset == 1;
open(my $vf, '>', $values_out) or die "cannot write $values_out: $!\n";
print $vf "$_\n" for @values;
close($vf) or die "cannot write $values_out: $!\n";

sub write_script {
  my ($file, $from, $what) = @_;
  open(my $fh, '>', $file) or die "cannot write $file: $!\n";
  my $n = $commit - $from + 1;
  print $fh <<"HEAD";
-- $what
--
-- Generated by bench/offers.sh from the statements that `wvlv serve` sent for one
-- POST /api/v1/sale-notifications (log_statement = all), in order.  Run with
-- pgbench -M extended (PQexecParams with parameters of unspecified type, as the server) as the
-- role wvlv_server (PGOPTIONS=-c role=wvlv_server), with -D run=N -D n=0 and a -D for each
-- line of offers-values.txt (in bench/results/ after a run): the values the server bound to
-- each statement, :vK_N being parameter N of statement K.  What varies per transaction: the
-- Idempotency-Key (:key, unique per run, client and transaction) and the new offer's id (:id,
-- from INSERT … RETURNING); the audit row gets the snapshot the capture read (same size and
-- shape).
\\set n :n + 1
\\set key :run * 1000000000000000 + :client_id * 1000000000000 + :n
HEAD
  my $i = 0;
  for my $k ($from .. $commit) {
    $i++;
    print $fh "-- $i/$n: $out[$k]{label}\n$out[$k]{line}\n";
  }
  close($fh) or die "cannot write $file: $!\n";
}
write_script($txn_out, $begin,
  'offers-txn.sql — the transaction of one POST /api/v1/sale-notifications (BEGIN … COMMIT)');
write_script($req_out, 0,
  'offers-request.sql — all SQL of one POST /api/v1/sale-notifications (token lookup + transaction)');
for my $k (0 .. $commit) { printf "STMT %d %s\n", ($k >= $begin ? 1 : 0), $out[$k]{label} }
PERL

TXN_SQL=$RUN_DIR/offers-txn.sql
REQ_SQL=$RUN_DIR/offers-request.sql
VALUES=$RUN_DIR/offers-values.txt
LABELS=$LABELS_PL perl -e "$GEN_PL" -- "$PG_LOG" "$log_offset" "$CAPTURE_KEY" "$OFFER_ID" \
  "$TXN_SQL" "$REQ_SQL" "$VALUES" >"$RUN_DIR/statements" || die "could not turn the captured SQL into pgbench scripts"
N_SQL=$(grep -c '^STMT' "$RUN_DIR/statements")
N_TXN=$(grep -c '^STMT 1' "$RUN_DIR/statements")
N_PRE=$((N_SQL - N_TXN))
echo "captured $N_SQL statements: $N_PRE before the transaction, $N_TXN in it"

# Is the committed example still what the server does?  (Values and comments aside.)
shape() { grep -v '^\(--\|\\set\)' "$1" | sed -e 's/:\(key\|id\|v[0-9]*_[0-9]*\)\b/?/g' -e 's/NULL/?/g'; }
SQL_DRIFT=
if [ -f bench/offers-txn.sql ] && ! cmp -s <(shape bench/offers-txn.sql) <(shape "$TXN_SQL"); then
  SQL_DRIFT="note: the server's SQL differs from the committed bench/offers-txn.sql; this run used the fresh capture (bench/results/offers-txn.sql)"
  echo "offers.sh: $SQL_DRIFT" >&2
fi

# ---- measuring helpers (measure, wrk_result, pgbench_result: bench/lib.sh) -----------------------

# wrk_run NAME SECONDS CONNECTIONS THREADS URL LUA-ARGS... ; sets W_* from its BENCH line
wrk_run() {
  local name=$1 secs=$2 c=$3 t=$4 url=$5
  shift 5
  WRK_SEQ=$((${WRK_SEQ:-0} + 1)) # each run's offers name parcels of their own (offers.lua)
  measure "$name" "$server_pid" wrk -t"$t" -c"$c" -d"${secs}s" -s "$ROOT/bench/offers.lua" "$url" -- "$@" "$WRK_SEQ"
  wrk_result "$name" 22
}

# pgbench_run NAME WARM SECONDS CLIENTS THREADS SCRIPT RUN-NUMBER [MODE] ; sets B_* from its summary
# (MODE: pgbench -M, extended by default: PQexecParams, unnamed statements, as the server)
# Every pgbench run opens new connections, and a new backend pays once for loading PostGIS and
# PROJ (tens of ms on its first ST_Transform); the server's pooled connections paid that in the
# warm-up.  So pgbench runs WARM + SECONDS, logs per-second aggregates, and B_TPS and B_LAT are
# those of the SECONDS after the first WARM (whole seconds, the last partial one left out);
# B_TPS_ALL is pgbench's own figure for the whole run (without initial connection time).
PGB_OPTIONS="-c role=wvlv_server -c statement_timeout=$STATEMENT_TIMEOUT_MS"
pgbench_run() {
  local name=$1 warm=$2 secs=$3 c=$4 j=$5 script=$6 run=$7 mode=${8:-extended} line
  local -a defs=()
  while IFS= read -r line; do defs+=(-D "$line"); done <"$VALUES"
  rm -f "$RUN_DIR/$name".log*
  measure "$name" "$server_pid" env PGOPTIONS="$PGB_OPTIONS" "$PGBENCH" -n -M "$mode" -c"$c" -j"$j" \
    -T"$((warm + secs))" -l --aggregate-interval=1 --log-prefix="$RUN_DIR/$name.log" \
    -D run="$run" -D n=0 "${defs[@]}" -f "$script" -d "$WVLV_DATABASE_URL"
  pgbench_result "$name" "$warm" 22
}

checkpoint() { sql CHECKPOINT >/dev/null; }

POST_URL=$BASE/api/v1/sale-notifications

# ---- 5. the main runs -------------------------------------------------------------------------------

# Anything else running on the machine competes for its cores and skews every figure: each
# main run waits (at most BENCH_QUIET_WAIT seconds) until the machine has been idle for 3 s,
# and the report flags a run during which other processes took more than 10% of the CPU.
QUIET_WAIT=${BENCH_QUIET_WAIT:-120}
QUIET_NOTE=
wait_quiet() {
  local waited=0 a0 t0 a1 t1
  while :; do
    read -r a0 t0 < <(machine); sleep 3; read -r a1 t1 < <(machine)
    awk -v a="$a0" -v b="$a1" -v c="$t0" -v d="$t1" 'BEGIN { exit !((d > c) && (b - a) / (d - c) < 0.05) }' && return 0
    waited=$((waited + 3))
    if [ "$waited" -ge "$QUIET_WAIT" ]; then
      QUIET_NOTE="WARNING: the machine never became idle (other processes) within ${QUIET_WAIT} s before a run"
      echo "offers.sh: $QUIET_NOTE" >&2
      return 0
    fi
    [ "$waited" -eq 3 ] && echo "offers.sh: waiting for the machine to become idle (other processes are busy)" >&2
  done
}
DISTURBED=
# disturbed NAME OTHER-CPU-SECONDS RUN-SECONDS : flag a run where others took > 10% of the machine
disturbed() {
  if awk -v o="$2" -v s="$3" -v n="$(nproc)" 'BEGIN { exit !(o > 0.10 * s * n) }'; then
    DISTURBED="$DISTURBED $1"
  fi
}

BIG=${BENCH_CONNECTIONS_BIG:-64}
# The code before runs first: every POST adds an open offer, and the duplicate check of a new
# offer reads the municipality's open offers (a cost that grows with them), so the code that
# runs later meets more rows; this order puts that against this code, not the code before.
OLD_RPS=
if [ -n "$WVLV_BEFORE" ]; then
  OLD_PORT=$(free_port)
  old_pid=
  say "the code before ($BEFORE) on port $OLD_PORT: warm-up, then -c$CONNS and -c$BIG"
  WVLV_SAVE=$WVLV
  WVLV=$WVLV_BEFORE
  start_server before "$OLD_PORT" old_pid WVLV_DATABASE_URL="$BEFORE_URL"
  WVLV=$WVLV_SAVE
  wrk_run old-warm-up "$WARMUP" "$CONNS" "$THREADS" "http://127.0.0.1:$OLD_PORT/api/v1/sale-notifications" post "$BEFORE_TOKEN" "owarm-$$"
  checkpoint
  wait_quiet
  wrk_run old-post "$DURATION" "$CONNS" "$THREADS" "http://127.0.0.1:$OLD_PORT/api/v1/sale-notifications" post "$BEFORE_TOKEN" "old-$$"
  OLD_RPS=$W_RPS OLD_P50=$W_P50 OLD_P99=$W_P99 OLD_BAD=$W_BAD
  checkpoint
  wait_quiet
  wrk_run old-post-big "$DURATION" "$BIG" "$THREADS" "http://127.0.0.1:$OLD_PORT/api/v1/sale-notifications" post "$BEFORE_TOKEN" "oldbig-$$"
  OLD_BIG_RPS=$W_RPS OLD_BIG_P50=$W_P50 OLD_BIG_P99=$W_P99 OLD_BIG_BAD=$W_BAD
fi

if [ "$WARMUP" -gt 0 ]; then
  say "warm-up: ${WARMUP} s of POSTs"
  wrk_run warm-up "$WARMUP" "$CONNS" "$THREADS" "$POST_URL" post "$TOKEN" "warm-$$"
fi

say "wrk: POST /api/v1/sale-notifications, -t$THREADS -c$CONNS -d${DURATION}s"
checkpoint
wait_quiet
wrk_run post "$DURATION" "$CONNS" "$THREADS" "$POST_URL" post "$TOKEN" "main-$$"
POST_RPS=$W_RPS POST_REQS=$W_REQS POST_BAD=$W_BAD POST_SOCK=$W_SOCK POST_P50=$W_P50 POST_P99=$W_P99
POST_CPU_SERVER=$(per_req_us "$M_SERVER" "$POST_REQS")
POST_CPU_PG=$(per_req_us "$M_PG" "$POST_REQS")
POST_CPU_GEN=$(per_req_us "$M_GEN" "$POST_REQS")
POST_BUSY=$M_BUSY
disturbed "POST" "$M_OTHER" "$DURATION"
POST_CPU_OTHER=$(per_req_us "$M_OTHER" "$POST_REQS")
RSS_KB=$(rss_kb "$server_pid")
HWM_KB=$(hwm_kb "$server_pid")
SERVER_THREADS=$(nthreads "$server_pid")
OFFERS=$(sql "SELECT count(*) FROM sale_notifications")

say "wrk: the same with -c$BIG"
checkpoint
wait_quiet
wrk_run post-big "$DURATION" "$BIG" "$THREADS" "$POST_URL" post "$TOKEN" "big-$$"
BIG_RPS=$W_RPS BIG_P50=$W_P50 BIG_P99=$W_P99 BIG_BAD=$W_BAD
ROUND_TRIPS=$(curl -fsS "$BASE/metrics" | sed -n 's/^wvlv_db_round_trips_total{pool="api"} //p')

# Then both again in the reverse order (old, new, new, old): what the growing table costs
# the later runs falls on both alike; the report gives the mean of each pair.
if [ -n "$OLD_RPS" ]; then
  say "again in the reverse order: this code, then the code before (-c$CONNS and -c$BIG each)"
  wait_quiet
  wrk_run post-2 "$DURATION" "$CONNS" "$THREADS" "$POST_URL" post "$TOKEN" "main2-$$"
  POST2_RPS=$W_RPS POST2_P99=$W_P99 POST2_BAD=$W_BAD
  wrk_run post-big-2 "$DURATION" "$BIG" "$THREADS" "$POST_URL" post "$TOKEN" "big2-$$"
  BIG2_RPS=$W_RPS BIG2_P99=$W_P99 BIG2_BAD=$W_BAD
  wait_quiet
  wrk_run old-post-big-2 "$DURATION" "$BIG" "$THREADS" "http://127.0.0.1:$OLD_PORT/api/v1/sale-notifications" post "$BEFORE_TOKEN" "oldbig2-$$"
  OLD_BIG2_RPS=$W_RPS OLD_BIG2_P99=$W_P99 OLD_BIG2_BAD=$W_BAD
  wrk_run old-post-2 "$DURATION" "$CONNS" "$THREADS" "http://127.0.0.1:$OLD_PORT/api/v1/sale-notifications" post "$BEFORE_TOKEN" "old2-$$"
  OLD2_RPS=$W_RPS OLD2_P99=$W_P99 OLD2_BAD=$W_BAD
  stop_processes "$old_pid"
fi

say "pgbench: the POST's transaction ($N_TXN statements), -c$CONNS -j$THREADS, ${WARMUP} s + ${DURATION} s"
checkpoint
wait_quiet
pgbench_run pgbench-txn "$WARMUP" "$DURATION" "$CONNS" "$THREADS" "$TXN_SQL" 1
TXN_TPS=$B_TPS TXN_TPS_ALL=$B_TPS_ALL TXN_LAT=$B_LAT TXN_TX=$B_TX TXN_FAIL=$B_FAIL
TXN_CPU_PG=$(per_req_us "$M_PG" "$TXN_TX")
TXN_CPU_GEN=$(per_req_us "$M_GEN" "$TXN_TX")
TXN_BUSY=$M_BUSY
disturbed "pgbench-transaction" "$M_OTHER" "$((WARMUP + DURATION))"
TXN_CPU_OTHER=$(per_req_us "$M_OTHER" "$TXN_TX")

say "pgbench: all SQL of the POST ($N_SQL statements), -c$CONNS -j$THREADS, ${WARMUP} s + ${DURATION} s"
checkpoint
wait_quiet
pgbench_run pgbench-request "$WARMUP" "$DURATION" "$CONNS" "$THREADS" "$REQ_SQL" 2
REQ_TPS=$B_TPS REQ_TPS_ALL=$B_TPS_ALL REQ_LAT=$B_LAT REQ_TX=$B_TX REQ_FAIL=$B_FAIL
REQ_CPU_PG=$(per_req_us "$M_PG" "$REQ_TX")
REQ_CPU_GEN=$(per_req_us "$M_GEN" "$REQ_TX")
REQ_BUSY=$M_BUSY
disturbed "pgbench-all-SQL" "$M_OTHER" "$((WARMUP + DURATION))"
REQ_CPU_OTHER=$(per_req_us "$M_OTHER" "$REQ_TX")

PREPARED=
if [ "${BENCH_PREPARED:-1}" = 1 ]; then
  say "pgbench: the same transaction with prepared statements (-M prepared), for comparison"
  checkpoint
  wait_quiet
  pgbench_run pgbench-prepared "$WARMUP" "$DURATION" "$CONNS" "$THREADS" "$TXN_SQL" 6 prepared
  PREP_TPS=$B_TPS PREP_LAT=$B_LAT PREP_FAIL=$B_FAIL
  PREP_CPU_PG=$(per_req_us "$M_PG" "$B_TX")
  PREP_CPU_GEN=$(per_req_us "$M_GEN" "$B_TX")
  PREP_CPU_OTHER=$(per_req_us "$M_OTHER" "$B_TX")
  PREP_BUSY=$M_BUSY
  disturbed "pgbench-prepared" "$M_OTHER" "$((WARMUP + DURATION))"
  PREPARED=1
fi

RATIO_TXN=$(ratio "$POST_RPS" "$TXN_TPS")
RATIO_REQ=$(ratio "$POST_RPS" "$REQ_TPS")
# The same from CPU time per request (server + cluster + load generator): what a machine with
# nothing else running, where every run is CPU-bound, would show; robust to other load.
RATIO_CPU=$(ratio "$((TXN_CPU_PG + TXN_CPU_GEN))" "$((POST_CPU_SERVER + POST_CPU_PG + POST_CPU_GEN))")

# ---- 5b. where the time goes -------------------------------------------------------------------------

BREAKDOWN=
if [ "$SHORT" -gt 0 ]; then
  say "breakdown: ${SHORT} s each, -c$CONNS"
  wait_quiet
  wrk_run healthz "$SHORT" "$CONNS" "$THREADS" "$BASE/healthz" get
  HZ_RPS=$W_RPS HZ_SRV=$(per_req_us "$M_SERVER" "$W_REQS")
  wrk_run readyz "$SHORT" "$CONNS" "$THREADS" "$BASE/readyz" get
  RZ_RPS=$W_RPS RZ_SRV=$(per_req_us "$M_SERVER" "$W_REQS") RZ_PG=$(per_req_us "$M_PG" "$W_REQS")
  wrk_run calculator "$SHORT" "$CONNS" "$THREADS" \
    "$BASE/api/v1/deadline-calculator?term=response&from=2024-09-02" get
  DC_RPS=$W_RPS DC_SRV=$(per_req_us "$M_SERVER" "$W_REQS") DC_PG=$(per_req_us "$M_PG" "$W_REQS")
  wrk_run equated-token "$SHORT" "$CONNS" "$THREADS" "$BASE/api/v1/equated-holidays" get "$TOKEN"
  EQ_RPS=$W_RPS EQ_SRV=$(per_req_us "$M_SERVER" "$W_REQS") EQ_PG=$(per_req_us "$M_PG" "$W_REQS")
  TOKEN_US=$(awk -v a="$DC_RPS" -v b="$EQ_RPS" 'BEGIN { printf "%.0f", ((a > 0 && b > 0) ? 1e6 / b - 1e6 / a : 0) }')

  say "single connection: ${SHORT} s each"
  wait_quiet
  wrk_run post-1 "$SHORT" 1 1 "$POST_URL" post "$TOKEN" "one-$$"
  ONE_POST_P50=$W_P50 ONE_POST_RPS=$W_RPS
  pgbench_run pgbench-txn-1 1 "$SHORT" 1 1 "$TXN_SQL" 3
  ONE_TXN_LAT=$B_LAT
  pgbench_run pgbench-request-1 1 "$SHORT" 1 1 "$REQ_SQL" 4
  ONE_REQ_LAT=$B_LAT

  say "server-side time per statement (log_min_duration_statement = 0, one connection)"
  wait_quiet
  pg_set log_min_duration_statement 0
  off_post=$(stat -c %s "$PG_LOG")
  wrk_run post-logged "$SHORT" 1 1 "$POST_URL" post "$TOKEN" "log-$$"
  off_bench=$(stat -c %s "$PG_LOG")
  pgbench_run pgbench-logged 1 "$SHORT" 1 1 "$REQ_SQL" 5
  off_end=$(stat -c %s "$PG_LOG")
  pg_set log_min_duration_statement DEFAULT

  # stmt_times LOG FROM TO : per statement label, server-side ms (parse + bind + execute) per
  # request, a request being one COMMIT; "TOTAL <ms> <requests>" last
  read -r -d '' TIMES_PL <<'PERL' || true
use strict; use warnings;
eval $ENV{LABELS}; die $@ if $@;
my ($log, $from, $to) = @ARGV;
my (%ms, @order, $n);
for my $l (log_lines($log, $from)) {
  next unless $l =~ /\] LOG:  duration: ([\d.]+) ms  (parse|bind|execute) [^:]*: (.*)\z/s;
  my ($d, $phase, $sql) = ($1, $2, $3);
  next if $sql =~ /^(?:SET ROLE |SELECT 1$)/;
  my $k = label($sql);
  push @order, $k unless exists $ms{$k};
  $ms{$k} += $d;
  $n++ if $phase eq 'execute' && $sql =~ /^COMMIT;?$/;
}
$n ||= 1;
my $total = 0;
$total += $_ for values %ms;
printf "%.3f %s\n", $ms{$_} / $n, $_ for @order;
printf "TOTAL %.3f %d\n", $total / $n, $n;
PERL
  head -c "$off_bench" "$PG_LOG" >"$RUN_DIR/log-post"
  head -c "$off_end" "$PG_LOG" >"$RUN_DIR/log-bench"
  LABELS=$LABELS_PL perl -e "$TIMES_PL" -- "$RUN_DIR/log-post" "$off_post" >"$RUN_DIR/times-post"
  LABELS=$LABELS_PL perl -e "$TIMES_PL" -- "$RUN_DIR/log-bench" "$off_bench" >"$RUN_DIR/times-bench"
  LOGGED_POST_P50=$(grep -o 'p50_ms=[0-9.]*' "$RUN_DIR/post-logged.out" | cut -d= -f2)
  LOGGED_BENCH_LAT=$B_LAT
  BREAKDOWN=1

  # Where the backends' time goes, by phase, from a system-wide profile of a POST run (when
  # perf works here; BENCH_PERF=0 skips it).
  if [ "${BENCH_PERF:-1}" = 1 ] && command -v perf >/dev/null &&
     perf record -q -o "$RUN_DIR/perf.probe" -- true >/dev/null 2>&1; then
    say "profile: perf record -a -g during ${SHORT} s of POSTs"
    wait_quiet
    wrk -t"$THREADS" -c"$CONNS" -d"$((SHORT + 2))s" -s "$ROOT/bench/offers.lua" "$POST_URL" \
      -- post "$TOKEN" "perf-$$" >"$RUN_DIR/perf-wrk.out" 2>&1 &
    perf_wrk=$!
    sleep 1
    perf record -a -g -q -o "$RUN_DIR/perf.data" -- sleep "$SHORT" >/dev/null 2>&1 || true
    wait "$perf_wrk" || true
    backends=$(pgrep -d, -P "$PM_PID" || true)
    if [ -s "$RUN_DIR/perf.data" ] && [ -n "$backends" ]; then
      perf report -i "$RUN_DIR/perf.data" --children --pid "$backends" --percentage relative \
        --sort sym --stdio -g none 2>/dev/null >"$RUN_DIR/perf-backends.txt" || true
      # children share of each phase function, as a share of PostgresMain (all backend work)
      PERF_PHASES=$(awk '
        $3 == "[.]" { v = $1; sub(/%/, "", v); c[$4] = v }
        END {
          m = c["PostgresMain"]; if (m <= 0) exit
          n = split("raw_parser:parse transformStmt:analyze pg_rewrite_query:rewrite(RLS) pg_plan_query:plan standard_ExecutorStart:executor-start standard_ExecutorRun:execute CommitTransactionCommand:commit fmgr_sql:SQL-functions", k, " ")
          for (i = 1; i <= n; i++) { split(k[i], kv, ":"); printf "%s %.0f%%  ", kv[2], 100 * c[kv[1]] / m }
        }' "$RUN_DIR/perf-backends.txt")
    fi
  fi
fi

# ---- 6. the report -------------------------------------------------------------------------------------

rev=$(tree_rev)
pg_version=$(sql "SHOW server_version" | cut -d' ' -f1)
durability="fsync on, synchronous_commit on"
[ "$PG_FAST" = 1 ] && durability="fsync off, synchronous_commit off (BENCH_PG_FAST=1)"

{
  echo "wvlv offers benchmark — $(date -u '+%Y-%m-%d %H:%M UTC') — $(host_summary)"
  echo "tree $rev, Release build; PostgreSQL $pg_version ($durability); WVLV_THREADS=$POOL"
  echo "wrk -t$THREADS -c$CONNS -d${DURATION}s after a ${WARMUP} s warm-up run; pgbench -M extended -n -c$CONNS -j$THREADS"
  echo "-T$((WARMUP + DURATION)), counting the ${DURATION} s after the first ${WARMUP} (new backends load PostGIS/PROJ first)"
  echo
  printf '%-44s %12s %10s %10s  %s\n' "run" "throughput" "p50/avg" "p99" "errors"
  printf '%-44s %8.1f/s %8.2f ms %7.2f ms  %s non-2xx, %s socket\n' \
    "POST /api/v1/sale-notifications (wrk)" "$POST_RPS" "$POST_P50" "$POST_P99" "$POST_BAD" "$POST_SOCK"
  printf '%-44s %8.1f/s %8.2f ms %10s  %s failed (whole run: %.1f/s)\n' \
    "pgbench: the POST's transaction ($N_TXN stmts)" "$TXN_TPS" "$TXN_LAT" "" "$TXN_FAIL" "$TXN_TPS_ALL"
  printf '%-44s %8.1f/s %8.2f ms %10s  %s failed (whole run: %.1f/s)\n' \
    "pgbench: all SQL of the POST ($N_SQL stmts)" "$REQ_TPS" "$REQ_LAT" "" "$REQ_FAIL" "$REQ_TPS_ALL"
  echo
  echo "ratio server / pgbench (the transaction):  $RATIO_TXN   (target >= 0.60)"
  echo "ratio server / pgbench (all its SQL):      $RATIO_REQ"
  echo "ratio from CPU time per request (transaction): $RATIO_CPU   (robust to other load on the machine)"
  if [ -n "$PREPARED" ]; then
    printf 'for comparison, the transaction with prepared statements (pgbench -M prepared): %.1f/s, %.2f ms, %s failed\n' \
      "$PREP_TPS" "$PREP_LAT" "$PREP_FAIL"
  fi
  echo
  echo "server memory after the POST run: VmRSS $(mib "$RSS_KB"), peak VmHWM $(mib "$HWM_KB"), $SERVER_THREADS threads; $OFFERS offers in the table"
  echo "SQL statements per POST: $N_SQL ($N_PRE before the transaction, $N_TXN in it; the server sends them in fewer round trips, see below):"
  awk '$1 == "STMT" { mark = $2 ? "   " : " * "; $1 = $2 = ""; print "  " mark substr($0, 3) }' "$RUN_DIR/statements"
  echo "  (* outside the transaction)"
  echo
  echo "CPU per request, µs (the machine has $(nproc) cores = $(( $(nproc) * 1000000 )) µs per second)"
  printf '  %-28s %7s %9s %15s %7s %13s\n' "" "wvlv" "postgres" "load generator" "other" "machine busy"
  printf '  %-28s %7s %9s %15s %7s %13s\n' "POST (wrk)" "$POST_CPU_SERVER" "$POST_CPU_PG" "$POST_CPU_GEN" "$POST_CPU_OTHER" "$(pct "$POST_BUSY")"
  printf '  %-28s %7s %9s %15s %7s %13s\n' "the transaction (pgbench)" "-" "$TXN_CPU_PG" "$TXN_CPU_GEN" "$TXN_CPU_OTHER" "$(pct "$TXN_BUSY")"
  printf '  %-28s %7s %9s %15s %7s %13s\n' "all SQL (pgbench)" "-" "$REQ_CPU_PG" "$REQ_CPU_GEN" "$REQ_CPU_OTHER" "$(pct "$REQ_BUSY")"
  if [ -n "$PREPARED" ]; then
    printf '  %-28s %7s %9s %15s %7s %13s\n' "transaction, -M prepared" "-" "$PREP_CPU_PG" "$PREP_CPU_GEN" "$PREP_CPU_OTHER" "$(pct "$PREP_BUSY")"
  fi
  echo "  (pgbench's figures include its ${WARMUP} warm-up seconds; \"other\" is CPU of processes outside this benchmark)"
  if [ -n "$BREAKDOWN" ]; then
    echo
    echo "breakdown (wrk -c$CONNS, ${SHORT} s each)                     req/s   wvlv µs  postgres µs per request"
    printf '  %-52s %9.1f %8s %8s\n' "GET /healthz (HTTP only, no SQL)" "$HZ_RPS" "$HZ_SRV" "-"
    printf '  %-52s %9.1f %8s %8s\n' "GET /readyz (1 round trip: SELECT 1)" "$RZ_RPS" "$RZ_SRV" "$RZ_PG"
    printf '  %-52s %9.1f %8s %8s\n' "GET deadline-calculator (public; 4 SQL in a txn)" "$DC_RPS" "$DC_SRV" "$DC_PG"
    printf '  %-52s %9.1f %8s %8s\n' "GET equated-holidays (token lookup + the same 4)" "$EQ_RPS" "$EQ_SRV" "$EQ_PG"
    echo "  the token lookup costs $TOKEN_US µs of the machine per request (1/rate difference of the last two)"
    echo
    echo "one connection (${SHORT} s each): POST p50 $ONE_POST_P50 ms ($ONE_POST_RPS/s); pgbench transaction $ONE_TXN_LAT ms, all SQL $ONE_REQ_LAT ms"
    echo
    echo "server-side time per statement, ms per request (parse + bind + execute; log_min_duration_statement = 0,"
    echo "one connection; logging slows both sides alike): POST p50 $LOGGED_POST_P50 ms, pgbench all SQL $LOGGED_BENCH_LAT ms"
    printf '  %-50s %10s %10s\n' "statement" "wvlv" "pgbench"
    awk 'NR == FNR { if ($1 != "TOTAL") { v = $1; $1 = ""; b[substr($0, 2)] = v }; next }
         $1 != "TOTAL" { v = $1; $1 = ""; k = substr($0, 2); printf "  %-50s %10.3f %10s\n", k, v, (k in b) ? sprintf("%.3f", b[k]) : "-" }' \
      "$RUN_DIR/times-bench" "$RUN_DIR/times-post"
    printf '  %-50s %10.3f %10.3f\n' "total" "$(awk '$1 == "TOTAL" { print $2 }' "$RUN_DIR/times-post")" \
      "$(awk '$1 == "TOTAL" { print $2 }' "$RUN_DIR/times-bench")"
    if [ -n "${PERF_PHASES:-}" ]; then
      echo
      echo "the backends' CPU during POSTs by phase (perf, share of PostgresMain; the SQL function's own parse"
      echo "and plan count in plan as well as in SQL-functions, which is inside execute):"
      echo "  $PERF_PHASES"
    fi
  fi
  echo
  echo "the write path (issue 16): POST /api/v1/sale-notifications, ${DURATION} s each, in this run"
  printf '  %-44s %9s %9s %9s\n' "" "req/s" "p50 ms" "p99 ms"
  printf '  %-44s %9.1f %9.2f %9.2f\n' "this code, -c$CONNS" "$POST_RPS" "$POST_P50" "$POST_P99"
  printf '  %-44s %9.1f %9.2f %9.2f\n' "this code, -c$BIG" "$BIG_RPS" "$BIG_P50" "$BIG_P99"
  if [ -n "$OLD_RPS" ]; then
    printf '  %-44s %9.1f %9.2f %9.2f\n' "the code before ($BEFORE), -c$CONNS" "$OLD_RPS" "$OLD_P50" "$OLD_P99"
    printf '  %-44s %9.1f %9.2f %9.2f\n' "the code before ($BEFORE), -c$BIG" "$OLD_BIG_RPS" "$OLD_BIG_P50" "$OLD_BIG_P99"
    printf '  %-44s %9.1f %9s %9.2f\n' "this code again, -c$CONNS" "$POST2_RPS" "" "$POST2_P99"
    printf '  %-44s %9.1f %9s %9.2f\n' "this code again, -c$BIG" "$BIG2_RPS" "" "$BIG2_P99"
    printf '  %-44s %9.1f %9s %9.2f\n' "the code before again, -c$BIG" "$OLD_BIG2_RPS" "" "$OLD_BIG2_P99"
    printf '  %-44s %9.1f %9s %9.2f\n' "the code before again, -c$CONNS" "$OLD2_RPS" "" "$OLD2_P99"
    echo "  (order: before -c$CONNS, -c$BIG; this code -c$CONNS, -c$BIG, again, again; before -c$BIG, -c$CONNS)"
    echo "  this code / the code before, mean of both runs: $(ratio "$(awk -v a="$POST_RPS" -v b="$POST2_RPS" 'BEGIN{print a+b}')" "$(awk -v a="$OLD_RPS" -v b="$OLD2_RPS" 'BEGIN{print a+b}')")× at -c$CONNS, $(ratio "$(awk -v a="$BIG_RPS" -v b="$BIG2_RPS" 'BEGIN{print a+b}')" "$(awk -v a="$OLD_BIG_RPS" -v b="$OLD_BIG2_RPS" 'BEGIN{print a+b}')")× at -c$BIG (target ≥ 1.5×)"
  fi
  if [ -n "$PREPARED" ]; then
    echo "  this code / pgbench -M prepared of the captured transaction: $(ratio "$POST_RPS" "$PREP_TPS")× (target ≥ 0.8×)"
  fi
  echo "  round trips to PostgreSQL of the api pool over the whole run so far: $ROUND_TRIPS (wvlv_db_round_trips_total)"
  if [ -n "$SQL_DRIFT" ]; then echo; echo "$SQL_DRIFT"; fi
  if [ -n "$QUIET_NOTE" ]; then echo; echo "$QUIET_NOTE"; fi
  if [ -n "$DISTURBED" ]; then
    echo
    echo "WARNING: other processes took more than 10% of the machine during:$DISTURBED — run again on a quiet machine"
  fi
} >"$RUN_DIR/report"

cp "$RUN_DIR/report" "$RESULTS"
cp "$TXN_SQL" "$REQ_SQL" "$VALUES" "$(dirname "$RESULTS")/"
say "result (also in ${RESULTS#"$ROOT"/})"
cat "$RUN_DIR/report"
if [ "$BIG_BAD" -ne 0 ] || [ "${OLD_BAD:-0}" -ne 0 ] || [ "${POST2_BAD:-0}" -ne 0 ] || [ "${OLD2_BAD:-0}" -ne 0 ] || [ "$POST_BAD" -ne 0 ] || [ "$POST_SOCK" -ne 0 ] || [ "$TXN_FAIL" -ne 0 ] || [ "$REQ_FAIL" -ne 0 ]; then
  die "errors during the runs (see above): the figures are not valid"
fi
