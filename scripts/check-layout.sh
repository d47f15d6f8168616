#!/usr/bin/env bash
# check-layout.sh — the house rules the compiler cannot check (docs/architecture.md):
#   1. server/ names no store function and no libpq (the build already refuses store headers
#      there: the server target does not see the store's include directory);
#   2. no source file in lib/ or server/ is longer than 600 lines;
#   3. no function there is longer than 80 lines, the offer state machine (wvlv_offer_apply in
#      lib/domain/offer.c, one switch over every state, read against the law as one table) excepted.
# A function is counted from its opening brace in column 0 to its closing brace in column 0,
# the style of the whole tree. Prints every breach; exit status 1 when there is one.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2

MAX_FILE=600
MAX_FUNCTION=80
EXEMPT_FUNCTION="lib/domain/offer.c:wvlv_offer_apply"
breaches=0

names=$(grep -n -E '\b(wvlv_store_|wvlv_db_)[a-z_]+\(|libpq-fe\.h|PGconn|PGresult' server/*.c server/*.h)
if [ -n "$names" ]; then
  echo "server/ reaches into the store:"
  echo "$names"
  breaches=$((breaches + 1))
fi

files=$(git ls-files 'lib/*.c' 'lib/*.h' 'server/*.c' 'server/*.h' 2>/dev/null || find lib server -name '*.[ch]')
for f in $files; do
  n=$(wc -l <"$f")
  if [ "$n" -gt "$MAX_FILE" ]; then
    echo "$f: $n lines (at most $MAX_FILE)"
    breaches=$((breaches + 1))
  fi
done

long=$(awk -v max="$MAX_FUNCTION" -v exempt="$EXEMPT_FUNCTION" '
  FNR == 1 { start = 0; name = "" }
  /^[A-Za-z_].*\(/ && !/;[[:space:]]*$/ { sig = $0 }
  /^\{/ { start = FNR; name = sig; sub(/\(.*/, "", name); sub(/.*[ *]/, "", name) }
  /^\}/ && start {
    len = FNR - start + 1
    if (len > max && FILENAME ":" name != exempt)
      printf "%s:%d: function %s is %d lines (at most %d)\n", FILENAME, start, name, len, max
    start = 0
  }' $files)
if [ -n "$long" ]; then
  echo "$long"
  breaches=$((breaches + $(printf '%s\n' "$long" | wc -l)))
fi

if [ "$breaches" -gt 0 ]; then
  echo "check-layout: $breaches breach(es)"
  exit 1
fi
echo "check-layout: server/ uses no store; every file <= $MAX_FILE lines; every function <= $MAX_FUNCTION lines (but $EXEMPT_FUNCTION)"
