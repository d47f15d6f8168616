#!/usr/bin/env bash
# run.sh — replay the attacks of tests/attack/attack.py against the ASan+UBSan build: a private
# cluster in .wvlv/attack (port 5561, stopped afterwards), `wvlv serve` from build-asan on
# 127.0.0.1:18200 with WVLV_STATEMENT_TIMEOUT_MS=1000, then every sanitizer report printed.
# Not part of the test command (each attack has its regression test there); needs python3 and
# a build-asan (scripts/test.sh makes one). Exit status 1 when a check failed or a sanitizer spoke.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT" || exit 2
D=$ROOT/.wvlv/attack; P=5561; LP=18200; LOG=$D/asan
WVLV=$ROOT/build-asan/wvlv
[ -x "$WVLV" ] || { echo "run.sh: build-asan/wvlv is missing (bash scripts/test.sh builds it)" >&2; exit 2; }
WVLV_PG_FAST=1 bash scripts/pg.sh start "$D" $P >/dev/null || exit 1
trap 'bash scripts/pg.sh stop "$D" >/dev/null 2>&1' EXIT
export WVLV_DATABASE_URL
WVLV_DATABASE_URL=$(bash scripts/pg.sh url "$D" $P)
"$WVLV" migrate >/dev/null || exit 1
TOKEN=$("$WVLV" keys create --municipality GM0505 --role admin --label attack | tail -1)
rm -f "$LOG".*
ASAN_OPTIONS=detect_leaks=1:log_path=$LOG UBSAN_OPTIONS=print_stacktrace=1:log_path=$LOG \
  WVLV_LISTEN=127.0.0.1:$LP WVLV_STATEMENT_TIMEOUT_MS=1000 "$WVLV" serve >"$D/server.log" 2>&1 &
SP=$!
for _ in $(seq 50); do curl -sf http://127.0.0.1:$LP/healthz >/dev/null && break; sleep 0.2; done
python3 tests/attack/attack.py http://127.0.0.1:$LP "$TOKEN" "$D/data"; rc=$?
kill -TERM $SP; wait $SP; echo "server exit status $?"
if ls "$LOG".* >/dev/null 2>&1; then cat "$LOG".*; rc=1; else echo "no sanitizer report"; fi
exit $rc
