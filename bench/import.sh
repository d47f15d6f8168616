#!/usr/bin/env bash
# import.sh — benchmark of `wvlv import designations` (issue 17 point 5): N realistic
# designations from one GeoPackage, next to `ogr2ogr` loading the same file into a plain PostGIS
# table, on the same private cluster (bench/import.md tells how to read it).
#
#   bash bench/import.sh            from anywhere; as root or with sudo when packages are missing
#
# 1. installs what is missing (scripts/deps.sh --test: gdal-bin for ogr2ogr), waits while another
#    benchmark runs (bench/lib.sh: bench_lock);
# 2. builds a Release build in build-bench/ (shared with offers.sh and ogc.sh);
# 3. writes N designations as CSV (awk, a fixed seed): 16-vertex polygons of 60-140 m radius on
#    a 300 m grid around Utrecht in RD New, names, kinds, measures, a first period, an extension
#    for about 30% and a withdrawal for about 5%, and turns it into a GeoPackage with ogr2ogr;
# 4. starts a private cluster with scripts/pg.sh in .wvlv/bench-import-$$ (stopped and deleted
#    on exit), migrates one database for wvlv, creates PostGIS in a second one;
# 5. times ogr2ogr -f PostgreSQL into the plain database (COPY, spatial index: GDAL's defaults),
#    then `wvlv import designations --dry-run` (every rule, rolled back) and the real import;
# 6. prints a table and writes it to bench/results/import-latest.txt.
#
# Environment (defaults in brackets): BENCH_N [10000] designations, BENCH_PG_PORT [a free port],
# BENCH_RESULTS [bench/results/import-latest.txt], BENCH_KEEP [0] (1: keep the cluster and the
# run directory).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

N=${BENCH_N:-10000}
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results/import-latest.txt}
KEEP=${BENCH_KEEP:-0}
require_whole_numbers N
PG_DIR=$ROOT/.wvlv/bench-import-$$
RUN_DIR=$ROOT/.wvlv/bench-import-$$.run
MUNI=GM0344

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  trap - EXIT INT TERM
  remove_cluster
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "dependencies"
bash "$ROOT/scripts/deps.sh" --test >/dev/null
bench_lock
find_pg_tools
build_release
mkdir -p "$RUN_DIR" "$(dirname "$RESULTS")"

say "$N designations as a GeoPackage"
awk -v N="$N" '
BEGIN {
  srand(17); side = int(sqrt(N)) + 1
  print "WKT,name,kind,measures,start,end,decisionReference,extensions,withdrawnOn,withdrawalReason"
  split("complex street area", kinds, " ")
  split("art8|art9|art10|art8,voorkeursrecht|art10,voorkeursrecht|voorkeursrecht|art8,art9,art10,voorkeursrecht", ms, "|")
  for (i = 0; i < N; i++) {
    cx = 120000 + (i % side) * 300 + 150; cy = 440000 + int(i / side) * 300 + 150
    w = "POLYGON(("
    for (k = 0; k < 16; k++) {
      a = 2 * 3.14159265 * k / 16; r = 60 + rand() * 80
      x = cx + r * cos(a); y = cy + r * sin(a)
      if (k == 0) { x0 = x; y0 = y }
      w = w sprintf("%.3f %.3f,", x, y)
    }
    w = w sprintf("%.3f %.3f))", x0, y0)
    y1 = 2015 + int(rand() * 12); m1 = 1 + int(rand() * 12)
    ext = ""; wd = ""; wr = ""
    if (rand() < 0.3) ext = sprintf("%04d-%02d-28 BZK-%d-%04d", y1 + 7, m1, y1 + 3, i)
    if (rand() < 0.05) { wd = sprintf("%04d-%02d-15", y1 + 1, m1); wr = "opgeheven bij raadsbesluit" }
    printf "\"%s\",Aanwijzing %05d,%s,\"%s\",%04d-%02d-01,%04d-%02d-28,BZK-%d-%05d,%s,%s,%s\n",
      w, i, kinds[1 + i % 3], ms[1 + i % 7], y1, m1, y1 + 3, m1, y1, i, ext, wd, wr
  }
}' > "$RUN_DIR/designations.csv"
ogr2ogr -f GPKG "$RUN_DIR/designations.gpkg" "$RUN_DIR/designations.csv" \
  -oo GEOM_POSSIBLE_NAMES=WKT -oo KEEP_GEOM_COLUMNS=NO -oo AUTODETECT_TYPE=YES \
  -a_srs EPSG:28992 -nln designations -nlt POLYGON

if [ -n "${BENCH_PG_PORT:-}" ]; then free_port() { printf '%s\n' "$BENCH_PG_PORT"; }; fi
start_cluster WVLV_PG_FAST=1
"$WVLV" migrate >/dev/null
PLAIN_URL=${WVLV_DATABASE_URL/\/wvlv\?/\/plain?}
sql "CREATE DATABASE plain"
"$PSQL" -X -q -d "$PLAIN_URL" -c "CREATE EXTENSION postgis"
PG_CONN="PG:dbname=plain host=$PG_DIR port=$PG_PORT user=wvlv"

# seconds COMMAND... : the wall-clock seconds COMMAND took (its output in $RUN_DIR/last.out)
seconds() {
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >"$RUN_DIR/last.out" 2>&1 || { cat "$RUN_DIR/last.out" >&2; die "failed: $*"; }
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'
}

say "ogr2ogr into a plain PostGIS table"
T_OGR=$(seconds ogr2ogr -f PostgreSQL "$PG_CONN" "$RUN_DIR/designations.gpkg" -nln plain)
say "wvlv import designations --dry-run"
T_DRY=$(seconds "$WVLV" import designations "$RUN_DIR/designations.gpkg" --municipality "$MUNI" --dry-run)
say "wvlv import designations"
T_IMP=$(seconds "$WVLV" import designations "$RUN_DIR/designations.gpkg" --municipality "$MUNI")
ROWS=$(sql "SELECT count(*) FROM designations")
PLAIN_ROWS=$("$PSQL" -X -At -d "$PLAIN_URL" -c "SELECT count(*) FROM plain")
[ "$ROWS" = "$N" ] && [ "$PLAIN_ROWS" = "$N" ] || die "rows: wvlv $ROWS, plain $PLAIN_ROWS, expected $N"

{
  printf 'bench/import.sh  %s  N=%s  %s, %s cores, load %s\n' "$(date -u +%FT%TZ)" "$N" \
    "$(git -C "$ROOT" rev-parse --short HEAD)" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%-44s %9s %12s %9s\n' "load" "seconds" "records/s" "vs ogr2ogr"
  for row in "ogr2ogr -f PostgreSQL (plain table)|$T_OGR" \
             "wvlv import designations --dry-run|$T_DRY" "wvlv import designations|$T_IMP"; do
    awk -F'|' -v n="$N" -v base="$T_OGR" '{ printf "%-44s %9.2f %12.0f %9.3f\n", $1, $2, n / $2, base / $2 }' <<<"$row"
  done
  printf '(%s)\n' "$(tail -n 1 "$RUN_DIR/last.out")"
} | tee "$RESULTS"
