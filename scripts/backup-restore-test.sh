#!/usr/bin/env bash
# backup-restore-test.sh [WVLV_BINARY] — the backup and restore procedure of
# docs/operations.md, tested end to end (a step of scripts/test.sh):
#   1. cluster A (a fresh private cluster): `wvlv migrate --login-role wvlv_app`, tokens made
#      with `wvlv keys create`, `wvlv serve` logged in as wvlv_app, and data made through the
#      API: designations of two municipalities (one extended, one withdrawn), offers with
#      events, so the audit log and the tokens' rows are filled too
#   2. every read below recorded from A: body and ETag
#   3. scripts/backup.sh from A; cluster B (new, no roles but its superuser);
#      scripts/restore.sh into B's empty database with --login-role wvlv_app
#   4. `wvlv serve` on B, the same tokens, the same reads: every ETag and every body must be
#      byte for byte what A answered (an OGC FeatureCollection's "timeStamp", the time of the
#      response, aside)
# Prints the timings and the counts compared; exit status 0 when all is equal.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BIN=$(realpath "${1:-build/wvlv}")
[ -x "$BIN" ] || { echo "backup-restore-test: no wvlv binary at ${1:-build/wvlv}" >&2; exit 1; }
WORK=$ROOT/.wvlv/backup-test-$$
PUBLIC=https://wvlv.example.nl   # the same public URL on both sides: links compare equal
SERVER_PID=
mkdir -p "$WORK"
chmod 0755 "$WORK"

cleanup() {
  [ -z "$SERVER_PID" ] || { kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null || true; }
  bash scripts/pg.sh stop "$WORK/a" >/dev/null 2>&1 || true
  bash scripts/pg.sh stop "$WORK/b" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
[ -z "${WVLV_BR_KEEP:-}" ] || trap - EXIT

now_ms() { date +%s%3N; }
cluster() {  # cluster NAME: start it, print its URL
  local port=$((20000 + RANDOM % 40001))
  WVLV_PG_FAST=1 bash scripts/pg.sh start "$WORK/$1" "$port" >&2
  bash scripts/pg.sh url "$WORK/$1" "$port"
}
login_url() { printf '%s\n' "${1/user=wvlv/user=wvlv_app}"; }

serve() {  # serve URL: wvlv serve as wvlv_app on a free port (another when one is taken); sets BASE
  local port attempt i
  for attempt in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 40001))
    WVLV_DATABASE_URL=$(login_url "$1") PGPASSWORD=$WVLV_LOGIN_PASSWORD \
      WVLV_LISTEN=127.0.0.1:$port WVLV_PUBLIC_URL=$PUBLIC WVLV_THREADS=2 \
      "$BIN" serve >>"$WORK/serve.log" 2>&1 &
    SERVER_PID=$!
    BASE=http://127.0.0.1:$port
    for i in $(seq 100); do
      curl -sf -o /dev/null "$BASE/readyz" && return 0
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  done
  echo "backup-restore-test: wvlv serve did not become ready" >&2
  cat "$WORK/serve.log" >&2
  return 1
}
stop_server() { kill -TERM "$SERVER_PID"; wait "$SERVER_PID"; SERVER_PID=; }

token() {  # token URL MUNICIPALITY ROLE
  "$BIN" keys create --municipality "$2" --role "$3" --label "backup test $2 $3" \
    --database-url "$1" | tail -n 1
}
api() {  # api METHOD PATH TOKEN [BODY [HEADER]]: the body, fails on a non-2xx
  local args=(-sS --fail-with-body -X "$1" -H "Authorization: Bearer $3")
  [ $# -lt 4 ] || args+=(-H 'Content-Type: application/json' -d "$4")
  [ $# -lt 5 ] || args+=(-H "$5")
  curl "${args[@]}" "$BASE$2" || { echo "backup-restore-test: $1 $2 failed" >&2; return 1; }
}
id_of() { sed -n 's/^{"id":"\([^"]*\)".*/\1/p'; }
day() { date -u -d "$1 days" +%F; }
square() {  # square LON LAT: a small CRS84 polygon
  awk -v x="$1" -v y="$2" 'BEGIN { d = 0.004; printf "{\"type\":\"Polygon\",\"coordinates\":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}", x, y, x + d, y, x + d, y + d, x, y + d, x, y }'
}
designation() {  # designation MUNI NAME LON LAT TOKEN: the new id
  api POST /api/v1/designations "$5"  "{\"municipalityCode\":\"$1\",\"kind\":\"area\",\"name\":\"$2\",
    \"measures\":[\"art8\",\"voorkeursrecht\"],\"geometry\":$(square "$3" "$4"),
    \"firstPeriod\":{\"start\":\"$(day -200)\",\"end\":\"$(day 700)\",\"decisionReference\":\"BT-$2\"}}" | id_of
}
offer() {  # offer MUNI PARCEL LON LAT TOKEN: the new id
  api POST /api/v1/sale-notifications "$5" "{\"municipalityCode\":\"$1\",\"receivedOn\":\"$(day -20)\",
    \"property\":{\"cadastralParcels\":[\"$2\"],\"location\":{\"type\":\"Point\",\"coordinates\":[$3,$4]}},
    \"owner\":{\"name\":\"J. Jansen\"},\"askingPrice\":\"325000\"}" | id_of
}

# ---- 1. cluster A with data made through the API --------------------------------------
export WVLV_LOGIN_PASSWORD=backup-test-password
A=$(cluster a)
"$BIN" migrate --login-role wvlv_app --database-url "$A" >/dev/null
T505=$(token "$A" GM0505 admin)
T599=$(token "$A" GM0599 admin)
C505=$(token "$A" GM0505 clerk)
serve "$A"
D1=$(designation GM0505 Wielwijk 4.680 51.800 "$T505")
D2=$(designation GM0505 Crabbehof 4.700 51.790 "$T505")
D3=$(designation GM0599 Feijenoord 4.500 51.900 "$T599")
api POST "/api/v1/designations/$D1/extensions" "$T505" \
  "{\"end\":\"$(day 1400)\",\"decisionReference\":\"BT-ext\"}" 'If-Match: "1"' >/dev/null
api POST "/api/v1/designations/$D2/withdrawal" "$T505" "{\"on\":\"$(day -1)\",\"reason\":\"BT withdrawn\"}" 'If-Match: "1"' >/dev/null
O1=$(offer GM0505 "DDT01 K 4550" 4.682 51.802 "$C505")
O2=$(offer GM0505 "DDT01 K 4551" 4.683 51.803 "$C505")
O3=$(offer GM0599 "RTD01 A 100" 4.502 51.902 "$T599")
api POST "/api/v1/sale-notifications/$O1/events" "$C505" \
  "{\"type\":\"decision\",\"on\":\"$(day -5)\",\"decision\":\"willing\"}" >/dev/null
api POST "/api/v1/sale-notifications/$O2/events" "$C505" \
  "{\"type\":\"decision\",\"on\":\"$(day -4)\",\"decision\":\"not-willing\"}" >/dev/null
for v in D1 D2 D3 O1 O2 O3; do [ -n "${!v}" ] || { echo "backup-restore-test: $v was not created" >&2; exit 1; }; done

# ---- 2. what A answers -----------------------------------------------------------------
reads=(
  "$T505 /api/v1/designations"
  "$T599 /api/v1/designations"
  "$T505 /api/v1/designations/$D1"
  "$T505 /api/v1/designations/$D2"
  "$T599 /api/v1/designations/$D3"
  "$T505 /api/v1/designations?crs=http://www.opengis.net/def/crs/EPSG/0/28992"
  "$T505 /api/v1/sale-notifications"
  "$T599 /api/v1/sale-notifications"
  "$C505 /api/v1/sale-notifications/$O1"
  "$C505 /api/v1/sale-notifications/$O2"
  "$T599 /api/v1/sale-notifications/$O3"
  "$T505 /api/v1/deadlines?within=365"
  "$T505 /api/v1/audit-log"
  "$T599 /api/v1/audit-log"
  "$T505 /api/v1/audit-log?entity=designation"
  "- /ogc/v1/collections/designations/items"
  "- /ogc/v1/collections/designations/items/$D1"
)
record() {  # record DIR: body and ETag of every read
  local i=0 tok path r
  mkdir -p "$1"
  for r in "${reads[@]}"; do
    tok=${r%% *} path=${r#* }
    i=$((i + 1))
    local auth=()
    [ "$tok" = - ] || auth=(-H "Authorization: Bearer $tok")
    curl -sS --fail-with-body "${auth[@]}" -D "$1/$i.head" -o "$1/$i.body" "$BASE$path" ||
      { echo "backup-restore-test: GET $path failed: $(cat "$1/$i.body")" >&2; return 1; }
    { grep -i '^etag:' "$1/$i.head" || true; } | tr -d '\r' >"$1/$i.etag"
    echo "$path" >"$1/$i.path"
  done
}
record "$WORK/from-a"
etags=$(cat "$WORK"/from-a/*.etag | grep -c . || true)

# ---- 3. backup from A (while it serves), restore into the new cluster B --------------
t0=$(now_ms)
bash scripts/backup.sh --database-url "$A" "$WORK/wvlv.dump"
t1=$(now_ms)
stop_server
B=$(cluster b)
[ "$(psql -XAt "$B" -c "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'wvlv\_%'")" = 0 ] ||
  { echo "backup-restore-test: cluster B is not new" >&2; exit 1; }
t2=$(now_ms)
bash scripts/restore.sh --database-url "$B" --login-role wvlv_app --wvlv "$BIN" "$WORK/wvlv.dump"
t3=$(now_ms)

# ---- 4. what B answers: the same ------------------------------------------------------
serve "$B"
record "$WORK/from-b"
stop_server
# An OGC FeatureCollection carries the time of the response ("timeStamp"): the one member
# allowed to differ, and only in a body whose ETag is the same.
stamp() { sed 's/"timeStamp":"[^"]*"/"timeStamp":"…"/' "$1"; }
same=0 stamped=0 differ=0
for f in "$WORK"/from-a/*.body; do
  n=${f##*/}; n=${n%.body}
  if ! cmp -s "$WORK/from-a/$n.etag" "$WORK/from-b/$n.etag"; then
    differ=$((differ + 1))
    echo "backup-restore-test: $(cat "$WORK/from-a/$n.path"): ETag $(cat "$WORK/from-a/$n.etag") before, $(cat "$WORK/from-b/$n.etag") after" >&2
  elif cmp -s "$f" "$WORK/from-b/$n.body"; then
    same=$((same + 1))
  elif cmp -s <(stamp "$f") <(stamp "$WORK/from-b/$n.body"); then
    stamped=$((stamped + 1))
  else
    differ=$((differ + 1))
    echo "backup-restore-test: $(cat "$WORK/from-a/$n.path") differs after the restore:" >&2
    diff <(cat "$WORK/from-a/$n.etag" "$f") <(cat "$WORK/from-b/$n.etag" "$WORK/from-b/$n.body") >&2 | head -5 || true
  fi
done
bytes=$(cat "$WORK"/from-a/*.body | wc -c)
audit=$(psql -XAt "$B" -c 'SELECT count(*) FROM audit_log')
echo "backup-restore-test: backup $((t1 - t0)) ms ($(stat -c %s "$WORK/wvlv.dump") bytes), restore into a new cluster $((t3 - t2)) ms; $audit audit rows"
echo "backup-restore-test: ${#reads[@]} responses ($bytes bytes) compared: $same identical byte for byte, $stamped identical but for the OGC timeStamp, $differ differ; $etags ETags, all equal unless named above"
[ "$differ" -eq 0 ] && [ $((same + stamped)) -eq "${#reads[@]}" ]
