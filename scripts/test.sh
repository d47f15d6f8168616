#!/usr/bin/env bash
# test.sh — the README's test command. On a fresh Debian 12 machine, as root (or with sudo):
#   1. installs the missing Debian packages (scripts/deps.sh --test)
#   2. starts a throwaway PostgreSQL + PostGIS cluster in .wvlv/test-PID on a random port
#      (unix socket only), stopped and deleted again on any exit
#   3. builds `build` and runs every ctest suite (unit, integration, e2e) in it
#   3b. the backup and restore procedure (scripts/backup-restore-test.sh): data made through the
#      API on one cluster, scripts/backup.sh, scripts/restore.sh into a new cluster, the same
#      bodies and ETags served from it
#   3c. the failover test (scripts/ha-test.sh, 105-140 s, while step 4 builds): a pg_auto_failover formation
#      (scripts/ha.sh, ports 7150-7162) under 8 clients' POSTs through nginx, one switchover and
#      one kill -9 of the primary; nothing acknowledged lost, only 201/503/429, writes back
#      within 30 s, each alert reported once
#   3d. the smoke run of the national benchmark (bash bench/national.sh --smoke, with build/wvlv):
#      a tiny register loaded as the full run loads it, every request, the EXPLAIN pass and the
#      alert job at one size (1 000 offers), about 25 s
#   4. builds `build-asan` (-DWVLV_SANITIZE=ON) and runs every suite again under ASan+UBSan
#   5. builds `build-fuzz` (clang, -DWVLV_FUZZ=ON; on one core while step 3's tests run) and
#      runs each libFuzzer harness of fuzz/ for 6 s under ASan+UBSan (scripts/fuzz.sh): a crash,
#      leak or timeout fails the step
#   6. lints openapi/openapi.yaml with Spectral 6.16.3 and the NL API Design Rules ruleset
#   7. checks the deployment files (scripts/check-deploy.sh): the systemd units with
#      `systemd-analyze verify`, the nginx example with `nginx -t`, the Prometheus rules with
#      `promtool`, docker-compose.yml with `docker-compose config -q`
#   8. checks the house rules of docs/architecture.md (scripts/check-layout.sh)
# It goes through every step even when one fails, and ends with the line "N passed, N failed";
# the exit status is non-zero when any step failed.
#
# Environment: WVLV_CTEST_JOBS (default 2) is how many test programs ctest runs at once (each has
# its own database and server ports); WVLV_FUZZ_SECONDS (default 6) is how long each harness
# runs, WVLV_FUZZ_JOBS (default: one per core) how many at once;
# WVLV_ADR_RULESET overrides where the Spectral ruleset is looked for.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 1

SPECTRAL_VERSION=6.16.3
JOBS=2
CTEST_JOBS=${WVLV_CTEST_JOBS:-2}

passed=0
failed=0
failures=()
t_start=$SECONDS

header() { printf '\n==== %s ====\n' "$*"; }
pass() { passed=$((passed + 1)); printf -- '---- %s: ok\n' "$1"; }
fail() { failed=$((failed + 1)); failures+=("$1${2:+ ($2)}"); printf -- '---- %s: FAILED%s\n' "$1" "${2:+ ($2)}"; }
step() {  # step NAME CMD... : run CMD as one counted step
  local name=$1 t0=$SECONDS
  shift
  header "$name"
  if "$@"; then pass "$name ($((SECONDS - t0)) s)"; return 0; fi
  fail "$name" "after $((SECONDS - t0)) s"
  return 1
}

# A step that runs beside the next ones (its output kept until it is awaited): one that mostly
# waits — a formation starting, clients under a failover — beside one that mostly computes.
declare -A bg_pid bg_t0
step_beside() {  # step_beside NAME CMD...
  local name=$1
  shift
  mkdir -p .wvlv || return 1
  "$@" >".wvlv/step-$name.log" 2>&1 &
  bg_pid[$name]=$!
  bg_t0[$name]=$SECONDS
  printf '\n==== %s (beside the next steps; its output follows when it ends) ====\n' "$name"
}
step_await() {  # step_await NAME
  local name=$1 rc
  wait "${bg_pid[$name]}"
  rc=$?
  header "$name"
  cat ".wvlv/step-$name.log"
  rm -f ".wvlv/step-$name.log"
  if [ "$rc" -eq 0 ]; then pass "$name ($((SECONDS - bg_t0[$name])) s)"; return 0; fi
  fail "$name" "after $((SECONDS - bg_t0[$name])) s"
  return 1
}

# ---------------------------------------------------------------- cluster lifecycle
PG_DIR=
cleanup() {
  local rc=$?
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR" ]; then
    bash scripts/pg.sh stop "$PG_DIR" >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
  return "$rc"
}
trap cleanup EXIT
trap 'echo "test.sh: interrupted" >&2; exit 130' INT
trap 'echo "test.sh: terminated" >&2; exit 143' TERM

remove_stale_clusters() {  # .wvlv/test-PID dirs of runs that were killed
  local d pid
  for d in .wvlv/test-*; do
    [ -d "$d" ] || continue
    pid=${d##*/test-}
    case $pid in ''|*[!0-9]*) continue ;; esac
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "test.sh: removing stale $d"
      bash scripts/pg.sh stop "$d" >/dev/null 2>&1 || true
      rm -rf "$d"
    fi
  done
}

start_cluster() {
  local port
  mkdir -p .wvlv || return 1
  remove_stale_clusters
  PG_DIR=$ROOT/.wvlv/test-$$
  rm -rf "$PG_DIR"
  # socket only, in a fresh directory: any port number is free there; a random one keeps
  # the socket name distinct from every other cluster's anyway
  port=$((20000 + RANDOM % 40001))
  WVLV_PG_FAST=1 bash scripts/pg.sh start "$PG_DIR" "$port" || return 1
  WVLV_TEST_DATABASE_URL=$(bash scripts/pg.sh url "$PG_DIR" "$port") || return 1
  export WVLV_TEST_DATABASE_URL
  echo "WVLV_TEST_DATABASE_URL=$WVLV_TEST_DATABASE_URL"
  psql -X -q -v ON_ERROR_STOP=1 "$WVLV_TEST_DATABASE_URL" \
    -c 'CREATE EXTENSION IF NOT EXISTS postgis' -c 'DROP EXTENSION postgis' >/dev/null \
    || { echo "test.sh: PostGIS is not usable in the test cluster" >&2; return 1; }
}

# ---------------------------------------------------------------- build + ctest
build() {  # build DIR CMAKE_ARGS...
  local dir=$1
  shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" && cmake --build "$dir" -j"$JOBS"
}

run_ctest() {  # run_ctest DIR
  [ -n "${WVLV_TEST_DATABASE_URL:-}" ] || echo "test.sh: warning: no test cluster; database tests will fail" >&2
  ctest --test-dir "$1" --output-on-failure --no-tests=error -j"$CTEST_JOBS"
}

# ---------------------------------------------------------------- fuzz
build_fuzz() {  # build_fuzz JOBS
  command -v clang >/dev/null || { echo "test.sh: clang is missing (scripts/deps.sh --test)" >&2; return 1; }
  CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWVLV_FUZZ=ON &&
    cmake --build build-fuzz -j"$1" --target fuzz
}

fuzz() {  # each harness briefly, from the repository's corpus only
  WVLV_FUZZ_FRESH=1 WVLV_FUZZ_NO_BUILD=1 bash scripts/fuzz.sh "${WVLV_FUZZ_SECONDS:-6}"
}

# ---------------------------------------------------------------- lint + compose
find_ruleset() {
  local f
  for f in "${WVLV_ADR_RULESET:-}" "$ROOT/lint/adr-ruleset.yaml"; do
    if [ -n "$f" ] && [ -f "$f" ]; then printf '%s\n' "$f"; return 0; fi
  done
  echo "test.sh: ruleset adr-ruleset.yaml not found (looked in \$WVLV_ADR_RULESET, lint/)" >&2
  return 1
}

spectral() {
  local npm_dir=$ROOT/.wvlv/npm ruleset have
  ruleset=$(find_ruleset) || return 1
  [ -f openapi/openapi.yaml ] || { echo "test.sh: openapi/openapi.yaml is missing" >&2; return 1; }
  have=$(node -p "require('$npm_dir/node_modules/@stoplight/spectral-cli/package.json').version" 2>/dev/null || true)
  if [ "$have" != "$SPECTRAL_VERSION" ]; then
    echo "installing @stoplight/spectral-cli@$SPECTRAL_VERSION into $npm_dir"
    mkdir -p "$npm_dir" || return 1
    [ -f "$npm_dir/package.json" ] || echo '{"private": true}' >"$npm_dir/package.json"
    npm install --prefix "$npm_dir" --no-audit --no-fund --no-update-notifier --loglevel=error \
      "@stoplight/spectral-cli@$SPECTRAL_VERSION" || return 1
  fi
  echo "ruleset: $ruleset"
  # the installed bin directly (what `npx --prefix` would resolve, minus npx's differences
  # between npm versions); non-zero on any error-severity finding, warnings printed but allowed
  "$npm_dir/node_modules/.bin/spectral" lint --fail-severity=error --ruleset "$ruleset" openapi/openapi.yaml
}

deploy_files() {
  bash scripts/check-deploy.sh build/wvlv
}

# ---------------------------------------------------------------- the run
if ! step "deps" bash scripts/deps.sh --test; then
  echo "test.sh: continuing; later steps will show what the missing packages break" >&2
fi
step "postgres" start_cluster

# the fuzz build compiles on one core while the first tests run (they mostly wait on the
# database and the server); it is awaited before the fuzz step
built=0
step "build build" build build && built=1
step_beside "build build-fuzz" build_fuzz 1
if [ "$built" = 1 ]; then
  step "ctest build" run_ctest build
else
  header "ctest build"
  fail "ctest build" "not run: build build failed"
fi
step "backup-restore" bash scripts/backup-restore-test.sh build/wvlv
step "national-smoke" env WVLV="$ROOT/build/wvlv" bash bench/national.sh --smoke

# the failover test mostly waits (the formation starting, the clients through two failovers):
# it runs while build-asan compiles, and is awaited before the sanitized tests start
step_beside "failover" bash scripts/ha-test.sh build
# ASan/UBSan: abort on the first report so ctest sees a failure; LeakSanitizer included
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
if step "build build-asan" build build-asan -DWVLV_SANITIZE=ON; then
  step_await "failover"
  step "ctest build-asan" run_ctest build-asan
else
  step_await "failover"
  header "ctest build-asan"
  fail "ctest build-asan" "not run: build build-asan failed"
fi
unset ASAN_OPTIONS UBSAN_OPTIONS

if step_await "build build-fuzz"; then
  step "fuzz" fuzz
else
  header "fuzz"
  fail "fuzz" "not run: build build-fuzz failed"
fi
step "spectral" spectral
step "deploy" deploy_files
step "layout" bash scripts/check-layout.sh

header "summary ($((SECONDS - t_start)) s)"
for f in "${failures[@]}"; do echo "FAILED: $f"; done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
