#!/usr/bin/env bash
# ha-test.sh [BUILD_DIR] — the failover test (a step of scripts/test.sh; README "Scaling out").
#
# Brings up a throwaway formation with scripts/ha.sh (monitor, two nodes with synchronous
# replication, two `wvlv serve`, nginx) in .wvlv/ha-test-PID on ports WVLV_HA_PORT (default
# 7150) .. +11, then: 8 clients POST sale offers through nginx for WVLV_HA_LOAD_SECONDS (default
# 36) s (tests/ha/ha_load.c); 8 s in, one planned switchover (`pg_autoctl perform
# switchover`); 22 s in, kill -9 of the primary's postmaster. Checked afterwards:
#   - the clients saw only 201, 503 and 429 (no 500, no request without an answer);
#   - writes succeed again within 30 s of each event (printed: the seconds of 503 per event);
#   - every offer that got a 201 exists exactly once, and nothing else was written;
#   - two `wvlv alerts` started at once, with a kill -9 of the primary under them, and one more run
#     after it report each offer's alert exactly once, a fourth run none;
#   - both servers give the same ETag for the same OGC page; a server reading a standby that
#     is behind answers 304 to the newer ETag a client got elsewhere (the ETag never goes back).
# Everything is stopped and removed at the end. Exit 0 when every check holds.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 1
BUILD=${1:-build}
export WVLV_HA_DIR=$ROOT/.wvlv/ha-test-$$
export WVLV_HA_PORT=${WVLV_HA_PORT:-7150}
export WVLV_BIN=$ROOT/$BUILD/wvlv
export WVLV_HA_FAST=1
LOAD_SECONDS=${WVLV_HA_LOAD_SECONDS:-36}
PORT=$WVLV_HA_PORT
BASE=http://127.0.0.1:$PORT
t_begin=$SECONDS
failures=0

phase() { printf 'ha-test: [%3d s] %s\n' "$((SECONDS - t_begin))" "$*"; }
check() {  # check WHAT CONDITION-EXIT-STATUS
  if [ "$2" -eq 0 ]; then printf 'ha-test: ok    %s\n' "$1"
  else printf 'ha-test: FAIL  %s\n' "$1"; failures=$((failures + 1)); fi
}
now_ms() { date +%s%3N; }

serve3_pid= failover_pid=
cleanup() {
  [ -z "$serve3_pid" ] || kill "$serve3_pid" 2>/dev/null
  [ -z "$failover_pid" ] || kill "$failover_pid" 2>/dev/null
  bash scripts/ha.sh down >/dev/null 2>&1
  if [ "${failures:-0}" -gt 0 ]; then  # the servers' own account of what failed
    grep -h -B 6 -E '"status":(500|502|504)' "$WVLV_HA_DIR"/serve*.log 2>/dev/null | head -60
  fi
  rm -rf "$(readlink -f "$WVLV_HA_DIR")" "$WVLV_HA_DIR"  # and where it leads (ha.sh, as root)
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for d in "$ROOT"/.wvlv/ha-test-*; do  # formations of runs that were killed
  [ -d "$d" ] || continue
  pid=${d##*-}
  kill -0 "$pid" 2>/dev/null || { WVLV_HA_DIR=$d bash scripts/ha.sh down >/dev/null 2>&1; rm -rf "$(readlink -f "$d")" "$d"; }
done

[ -x "$ROOT/$BUILD/ha_load" ] || { echo "ha-test: $BUILD/ha_load is not built" >&2; exit 1; }
phase "formation"
bash scripts/ha.sh up || exit 1
URI=$(bash scripts/ha.sh uri)
TOKEN=$("$WVLV_BIN" keys create --municipality GM0505 --role admin --label ha-test \
          --database-url "$URI" | tail -n 1)

today=$(date -u +%F)
# received 35 days ago: the six-week response deadline is about a week away, so the alert job
# reports each offer once (response-approaching, within its default 10 days)
received=$(date -u -d "$today - 35 days" +%F)
start=$(date -u -d "$today - 100 days" +%F)
end=$(date -u -d "$today + 2 years" +%F)
design='{"municipalityCode":"GM0505","kind":"area","name":"HA test","measures":["voorkeursrecht"],
 "geometry":{"type":"Polygon","coordinates":[[[4.60,51.75],[4.75,51.75],[4.75,51.85],[4.60,51.85],[4.60,51.75]]]},
 "firstPeriod":{"start":"'$start'","end":"'$end'","decisionReference":"Stcrt. ha"}}'
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
         -H 'Content-Type: application/json' -d "$design" "$BASE/api/v1/designations")
check "a designation made through nginx (HTTP $code)" "$([ "$code" = 201 ]; echo $?)"

# ---- the load, a switchover and a kill -9 -------------------------------------------------
phase "load"
OUT=$WVLV_HA_DIR/answers
first_primary=$(bash scripts/ha.sh primary-port)
t0=$(now_ms)
"$ROOT/$BUILD/ha_load" "$BASE" "$TOKEN" "$LOAD_SECONDS" 8 "$received" 4.62 51.76 "$OUT" &
load_pid=$!
sleep 8
e1=$(( $(now_ms) - t0 ))
bash scripts/ha.sh failover &
failover_pid=$!
while [ $(( $(now_ms) - t0 )) -lt 22000 ]; do sleep 0.1; done
e2=$(( $(now_ms) - t0 ))
for ((i = 0; i < 100; i++)); do [ -n "$(bash scripts/ha.sh primary-port)" ] && break; sleep 0.2; done
e2=$(( $(now_ms) - t0 ))
bash scripts/ha.sh kill-primary
wait "$load_pid"
# the switchover's last part, the old primary rejoining as the standby, can take a minute under
# load: not waited for (the monitor's events say whether the standby was promoted)
promoted=$(psql -X -At "postgres://autoctl_node@127.0.0.1:$((PORT + 1))/pg_auto_failover?sslmode=disable" -c \
  "SELECT count(*) FROM pgautofailover.event WHERE nodeport <> $first_primary AND reportedstate IN ('wait_primary', 'primary')")
check "the switchover promoted the standby" "$([ "${promoted:-0}" -gt 0 ]; echo $?)"

# ---- the figures ----------------------------------------------------------------------------
# per event: the first and last answer other than 201 after it (before the next event), and the
# first 201 after those; recovered = that 201 minus the event
figures=$(sort -n "$OUT" | awk -v e1="$e1" -v e2="$e2" '
  function report(name, e, fs, fe, ok) {
    if (fs == "") { printf "%s at %.1f s: no failed write; writes never stopped\n", name, e / 1000; print "REC 0"; return }
    printf "%s at %.1f s: writes refused (503/429) from +%.1f s to +%.1f s (%.1f s), writes succeed again at +%.1f s\n",
      name, e / 1000, (fs - e) / 1000, (fe - e) / 1000, (fe - fs) / 1000, (ok - e) / 1000
    print "REC " (ok == "" ? 999999 : ok - e)
  }
  { t = $1; s = $2
    ev = t >= e2 ? 2 : t >= e1 ? 1 : 0
    if (s != 201) { if (fs[ev] == "") fs[ev] = t; fe[ev] = t; ok[ev] = "" }
    else if (fs[ev] != "" && ok[ev] == "") ok[ev] = t
    n[s]++ }
  END {
    report("switchover", e1, fs[1], fe[1], ok[1]); report("kill -9 of the primary", e2, fs[2], fe[2], ok[2])
    line = "answers:"; for (s in n) line = line " " s "=" n[s]; print line
    bad = 0; for (s in n) if (s != 201 && s != 503 && s != 429) bad += n[s]; print "BAD " bad
    print "FAILS_BEFORE " (fs[0] == "" ? 0 : 1) }')
echo "$figures" | grep -v -E '^(REC|BAD|FAILS_BEFORE) '
worst=$(echo "$figures" | awk '/^REC /{ if ($2 > m) m = $2 } END { print m + 0 }')
bad=$(echo "$figures" | awk '/^BAD /{ print $2 }')
check "only 201, 503 and 429 answered ($bad others)" "$([ "$bad" = 0 ]; echo $?)"
check "writes succeed again within 30 s of each event (slowest: $((worst / 1000)).$(( worst % 1000 / 100 )) s)" \
  "$([ "$worst" -le 30000 ]; echo $?)"

phase "rows"
# ---- every 201 exactly once -----------------------------------------------------------------
acked=$(awk '$2 == 201 { print $3 }' "$OUT" | sort)
n_acked=$(printf '%s\n' "$acked" | grep -c .)
n_distinct=$(printf '%s\n' "$acked" | sort -u | grep -c .)
printf '%s\n' "$acked" >"$WVLV_HA_DIR/acked"
rows=$(psql -X -q -At "$URI" <<SQL
CREATE TEMP TABLE acked (id uuid);
\\copy acked FROM '$WVLV_HA_DIR/acked'
SELECT count(*) FROM sale_notifications s JOIN acked a USING (id);
SELECT count(*) FROM sale_notifications WHERE municipality_code = 'GM0505';
SELECT count(*) FROM (SELECT property->'cadastralParcels' FROM sale_notifications
                      GROUP BY 1 HAVING count(*) > 1) d;
SQL
)
found=$(sed -n 1p <<<"$rows"); total=$(sed -n 2p <<<"$rows"); dup=$(sed -n 3p <<<"$rows")
echo "rows checked: $n_acked offers acknowledged with 201 ($n_distinct distinct ids), $found of them in the database, $total offers in the database, $dup parcels with more than one offer"
check "every 201 exists exactly once ($found of $n_acked, $total rows, $dup duplicates)" \
  "$([ "$n_acked" -gt 0 ] && [ "$n_distinct" = "$n_acked" ] && [ "$found" = "$n_acked" ] && [ "$total" = "$n_acked" ] && [ "$dup" = 0 ]; echo $?)"

# ---- the alert job: two at once, with a kill -9 of the primary under them; then two more -------
wait_primary() {
  local i
  for ((i = 0; i < 150; i++)); do
    [ -n "$(bash scripts/ha.sh primary-port)" ] && psql -X -q -At "$URI" -c 'SELECT 1' >/dev/null 2>&1 && return 0
    sleep 0.2
  done
}
phase "alerts"
wait_primary
alerts() { "$WVLV_BIN" alerts --format json --database-url "$URI" >"$WVLV_HA_DIR/alerts$1" 2>"$WVLV_HA_DIR/alerts$1.err"; }
alerts 1 & a1=$!
alerts 2 & a2=$!
sleep 0.3
bash scripts/ha.sh kill-primary
wait "$a1"; rc1=$?
wait "$a2"; rc2=$?
wait_primary
alerts 3; rc3=$?
alerts 4; rc4=$?
alert_ids() { grep -h -o '"kind":"response-approaching"[^}]*' "$@" | grep -o '"saleNotificationId":"[0-9a-f-]*"' | cut -d'"' -f4; }
count() { alert_ids "$@" | grep -c .; }
n_alerts=$(count "$WVLV_HA_DIR"/alerts[123])
n_alert_ids=$(alert_ids "$WVLV_HA_DIR"/alerts[123] | sort -u | grep -c .)
reconnected=$(cat "$WVLV_HA_DIR"/alerts[12].err | grep -c 'connected again' || true)
echo "alerts: two runs at once under a kill -9 of the primary (exit $rc1, $rc2; $(count "$WVLV_HA_DIR/alerts1") and $(count "$WVLV_HA_DIR/alerts2") alerts; $reconnected reconnected), then a run (exit $rc3) with $(count "$WVLV_HA_DIR/alerts3"): $n_alerts response-approaching alerts for $n_alert_ids offers; a fourth run (exit $rc4) $(count "$WVLV_HA_DIR/alerts4")"
grep -h -v '^{' "$WVLV_HA_DIR"/alerts[1-4].err | sed 's/^/  alerts: /' | sort | uniq -c | head -n 8
check "each offer's alert reported exactly once (two runs at once across a kill -9 of the primary, then one more), none by a fourth run" \
  "$([ "$n_alerts" = "$n_acked" ] && [ "$n_alert_ids" = "$n_acked" ] && [ "$(count "$WVLV_HA_DIR/alerts4")" = 0 ]; echo $?)"

# ---- the servers agree; an ETag never goes back -------------------------------------------
phase "etags"
items=/ogc/v1/collections/designations/items?limit=5
etag() { curl -s -D - -o /dev/null -H "Host: 127.0.0.1:$PORT" "${@:2}" "http://127.0.0.1:$1$items" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: *//p'; }
for ((i = 0; i < 25; i++)); do  # the standby caught up with the last write
  t1=$(etag $((PORT + 10))); t2=$(etag $((PORT + 11)))
  [ -n "$t1" ] && [ "$t1" = "$t2" ] && break
  sleep 0.2
done
check "both servers give the same ETag for the same page ($t1, $t2)" "$([ -n "$t1" ] && [ "$t1" = "$t2" ]; echo $?)"
# a third server reads the primary; the standby stops replaying; a designation changes
WVLV_DATABASE_URL=$URI WVLV_LISTEN=127.0.0.1:$((PORT + 12)) "$WVLV_BIN" serve >"$WVLV_HA_DIR/serve3.log" 2>&1 &
serve3_pid=$!
for ((i = 0; i < 50; i++)); do curl -fs -o /dev/null "http://127.0.0.1:$((PORT + 12))/readyz" && break; sleep 0.2; done
READ="postgres://127.0.0.1:$(bash scripts/ha.sh standby-port)/wvlv?user=wvlv&sslmode=disable"
psql -X -q -At "$READ" -c 'SELECT pg_wal_replay_pause()' >/dev/null
old=$(etag $((PORT + 10)))
design2=${design/HA test/HA test 2}
design2=${design2//4.60/4.80}
design2=${design2//4.75/4.85}
curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "$design2" "$BASE/api/v1/designations"
sleep 0.5
new=$(etag $((PORT + 12)))
stale=$(etag $((PORT + 10)))
back=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: 127.0.0.1:$PORT" -H "If-None-Match: $new" \
         "http://127.0.0.1:$((PORT + 10))$items")
psql -X -q -At "$READ" -c 'SELECT pg_wal_replay_resume()' >/dev/null
echo "ETags: before the change $old; the primary after it $new; the paused standby's server $stale, and 304 or not to the newer one: $back"
check "a server behind answers 304 to a newer ETag (the ETag never goes back)" \
  "$([ "$stale" = "$old" ] && [ "$new" != "$old" ] && [ "$back" = 304 ]; echo $?)"

echo "ha-test: $failures failed; $((SECONDS - t_begin)) s"
[ "$failures" -eq 0 ]
