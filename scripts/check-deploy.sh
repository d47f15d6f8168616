#!/usr/bin/env bash
# check-deploy.sh [WVLV_BINARY] — check the deployment files of deploy/ with the tools that run
# them (a step of scripts/test.sh; README.md, "Production"):
#   1. deploy/systemd/*: `systemd-analyze verify` on copies whose ExecStart names WVLV_BINARY
#      (default build/wvlv; verify wants the binary to exist) — any message fails the check —
#      and `systemd-analyze security --offline` of wvlv.service at most 2.0 ("OK")
#   2. deploy/nginx/wvlv.conf: `nginx -t` inside a throwaway nginx.conf with a self-signed
#      certificate made by openssl, a private prefix, pid and error log
#   3. deploy/prometheus/wvlv-rules.yml: `promtool check rules` and the rule tests of
#      deploy/prometheus/wvlv-rules.test.yml (`promtool test rules`)
#   4. docker-compose.yml: `docker-compose config -q` with deploy/compose.env.example as the
#      env file, and refused (naming the variable) without the secrets
# Exits 1 when any check failed, after running all of them.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 1
BIN=$(realpath "${1:-build/wvlv}" 2>/dev/null || true)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failed=0
ok() { echo "check-deploy: $1: ok"; }
bad() { echo "check-deploy: $1: FAILED" >&2; failed=1; }

systemd_units() {
  [ -x "$BIN" ] || { echo "no executable wvlv at ${1:-build/wvlv}: build it first" >&2; return 1; }
  local f out
  mkdir -p "$TMP/units"
  for f in deploy/systemd/*.service deploy/systemd/*.timer; do
    sed "s#/usr/local/bin/wvlv#$BIN#g" "$f" >"$TMP/units/${f##*/}"
  done
  out=$(cd "$TMP/units" && systemd-analyze verify ./*.service ./*.timer 2>&1) || { echo "$out"; return 1; }
  [ -z "$out" ] || { echo "$out"; return 1; }
  (cd "$TMP/units" && systemd-analyze security --offline=yes --threshold=20 wvlv.service | tail -n 1)
}

nginx_conf() {
  local d=$TMP/nginx
  mkdir -p "$d/conf/conf.d" "$d/logs" "$d/ssl"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=wvlv.example.nl \
    -keyout "$d/ssl/privkey.pem" -out "$d/ssl/fullchain.pem" 2>/dev/null || return 1
  sed "s#/etc/ssl/wvlv/#$d/ssl/#; s#/var/log/nginx/#$d/logs/#" deploy/nginx/wvlv.conf \
    >"$d/conf/conf.d/wvlv.conf"
  cat >"$d/conf/nginx.conf" <<NGINX
pid $d/nginx.pid;
error_log $d/logs/error.log;
events {}
http {
    access_log $d/logs/access.log;
    client_body_temp_path $d/body;
    proxy_temp_path $d/proxy;
    fastcgi_temp_path $d/fastcgi;
    uwsgi_temp_path $d/uwsgi;
    scgi_temp_path $d/scgi;
    include $d/conf/conf.d/wvlv.conf;
}
NGINX
  local out
  out=$(nginx -t -p "$d" -c "$d/conf/nginx.conf" 2>&1)
  local rc=$?
  echo "$out"
  # a warning (a duplicate MIME type, an ignored directive) fails the check too
  [ "$rc" -eq 0 ] && ! grep -q '\[warn\]' <<<"$out"
}

prometheus_rules() {
  promtool check rules deploy/prometheus/wvlv-rules.yml &&
    (cd deploy/prometheus && promtool test rules wvlv-rules.test.yml)
}

compose_file() {
  docker-compose --env-file deploy/compose.env.example -f docker-compose.yml config -q || return 1
  : >"$TMP/empty.env"
  local out
  if out=$(docker-compose --env-file "$TMP/empty.env" -f docker-compose.yml config -q 2>&1); then
    echo "docker-compose.yml is valid without POSTGRES_PASSWORD and WVLV_LOGIN_PASSWORD" >&2
    return 1
  fi
  grep -q 'set POSTGRES_PASSWORD in .env' <<<"$out" || { echo "$out"; return 1; }
  if docker-compose --env-file deploy/compose.env.example -f docker-compose.yml config |
      grep -q 'localhost'; then
    echo "docker-compose.yml mentions localhost (links would point at the client's own machine)" >&2
    return 1
  fi
}

if systemd_units; then ok "systemd units"; else bad "systemd units"; fi
if nginx_conf; then ok "nginx -t"; else bad "nginx -t"; fi
if prometheus_rules; then ok "prometheus rules"; else bad "prometheus rules"; fi
if compose_file; then ok "docker-compose.yml"; else bad "docker-compose.yml"; fi
exit "$failed"
