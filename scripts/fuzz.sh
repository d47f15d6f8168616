#!/usr/bin/env bash
# fuzz.sh [SECONDS_PER_HARNESS] [HARNESS...] — run the libFuzzer harnesses of fuzz/ (default: all
# of them, 60 s each) under ASan+UBSan, and print per harness the executions, the coverage
# reached (cov: edges, ft: features, from libFuzzer's final stats), the corpus size and the
# result: ok, or CRASH/LEAK/TIMEOUT/OOM with the input that did it.
#
# Builds build-fuzz first (clang, -DWVLV_FUZZ=ON, target `fuzz`; WVLV_FUZZ_NO_BUILD=1 skips it).
# Each harness starts from its seeds in fuzz/corpus/NAME (never written to) and grows its corpus
# in .wvlv/fuzz/NAME, kept between runs; crash inputs go to .wvlv/fuzz/artifacts/. With
# WVLV_FUZZ_FRESH=1 (what scripts/test.sh uses) the grown corpus is a throwaway directory and
# each harness runs at most SECONDS. A found input becomes a regression test and a file in
# fuzz/corpus/NAME (docs/architecture.md). WVLV_FUZZ_JOBS harnesses run at once (default: one
# per core). Exit status 1 when any harness failed.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 2
case ${1:-} in -h|--help) sed -n '2,13s/^# \{0,1\}//p' "$0"; exit 0 ;; esac

SECONDS_EACH=${1:-60}
case $SECONDS_EACH in ''|*[!0-9]*) echo "usage: fuzz.sh [SECONDS_PER_HARNESS] [HARNESS...]" >&2; exit 2 ;; esac
shift $(($# > 0 ? 1 : 0))
BUILD=${WVLV_FUZZ_BUILD:-build-fuzz}

if [ "${WVLV_FUZZ_NO_BUILD:-0}" != 1 ]; then
  command -v clang >/dev/null || { echo "fuzz.sh: clang is missing (scripts/deps.sh --test)" >&2; exit 1; }
  mkdir -p .wvlv || exit 1
  { CC=clang cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWVLV_FUZZ=ON &&
    cmake --build "$BUILD" -j2 --target fuzz; } >.wvlv/fuzz-build.log 2>&1 ||
    { tail -30 .wvlv/fuzz-build.log; echo "fuzz.sh: build failed (.wvlv/fuzz-build.log)" >&2; exit 1; }
fi

if [ $# -gt 0 ]; then
  names=("$@")
else
  names=()
  for f in fuzz/fuzz_*.c; do
    n=${f#fuzz/fuzz_}; n=${n%.c}
    [ "$n" = support ] || names+=("$n")
  done
fi

mkdir -p .wvlv/fuzz/artifacts || exit 1
if [ "${WVLV_FUZZ_FRESH:-0}" = 1 ]; then
  scratch=$(mktemp -d "$ROOT/.wvlv/fuzz/fresh.XXXXXX") || exit 1
  trap 'rm -rf "$scratch"' EXIT
else
  scratch=$ROOT/.wvlv/fuzz
fi

# ASan: leaks are failures; UBSan: every report is fatal (the build has -fno-sanitize-recover)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# One harness: its summary line in $scratch/NAME.result ("RC EXECS LINE").
fuzz_one() {
  local n=$1 bin=$BUILD/fuzz_$1 log=$ROOT/.wvlv/fuzz/$1.log rc execs stats cov ft corp result
  local dict=()
  [ -x "$bin" ] || { echo "1 0 $(printf '%-16s no %s' "$n" "$bin")" >"$scratch/$n.result"; return; }
  mkdir -p "$scratch/$n" fuzz/corpus/"$n"
  [ -f "fuzz/dict/$n.dict" ] && dict=("-dict=fuzz/dict/$n.dict")
  # the scratch corpus first: libFuzzer adds new inputs to the first directory only
  "$bin" "$scratch/$n" "fuzz/corpus/$n" "${dict[@]}" -max_total_time="$SECONDS_EACH" \
    -timeout=10 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
    -artifact_prefix="$ROOT/.wvlv/fuzz/artifacts/$n-" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  stats=$(grep -E '^#[0-9]+[[:space:]]+(DONE|INITED|NEW|REDUCE|pulse)' "$log" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$stats")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$stats")
  corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$stats")
  result=ok
  if [ $rc -ne 0 ]; then
    if grep -q 'ERROR: LeakSanitizer' "$log"; then result=LEAK
    elif grep -q 'ERROR: libFuzzer: timeout' "$log"; then result=TIMEOUT
    elif grep -q 'out-of-memory' "$log"; then result=OOM
    else result=CRASH; fi
    result="$result (exit $rc): $(sed -n 's/.*Test unit written to //p' "$log" | tail -1), log $log"
  fi
  printf '%s %s %-16s %12s %7s %7s %8s  %s\n' "$((rc != 0))" "${execs:-0}" "$n" "${execs:-?}" \
    "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result" >"$scratch/$n.result"
}

# WVLV_FUZZ_JOBS harnesses at a time (default: one per core)
jobs=${WVLV_FUZZ_JOBS:-$(nproc)}
running=0
for n in "${names[@]}"; do
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
  fuzz_one "$n" &
  running=$((running + 1))
done
wait

failed=0 total=0
printf '%-16s %12s %7s %7s %8s  %s\n' harness executions cov ft corpus result
for n in "${names[@]}"; do
  read -r bad execs line <"$scratch/$n.result"
  rm -f "$scratch/$n.result"
  failed=$((failed + bad))
  total=$((total + execs))
  printf '%s\n' "$line"
  if [ "$bad" -ne 0 ]; then grep -E 'ERROR|SUMMARY|runtime error' "$ROOT/.wvlv/fuzz/$n.log" 2>/dev/null | head -5 | sed 's/^/    /'; fi
done
echo "fuzz.sh: ${#names[@]} harnesses, $total executions in total, $failed failed ($jobs at a time)"
[ "$failed" -eq 0 ]
