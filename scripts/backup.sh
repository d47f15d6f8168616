#!/usr/bin/env bash
# backup.sh [--database-url URL] FILE — a full logical backup of the wvlv database with
# `pg_dump -Fc` (docs/operations.md, "Backup and restore").
#
# URL (default $WVLV_DATABASE_URL, else postgresql:///wvlv) must connect as a superuser or a
# role with BYPASSRLS, e.g. the schema owner in docker-compose.yml or `postgres`: the tables
# are under FORCE ROW LEVEL SECURITY, and pg_dump refuses to dump what a policy would hide.
# Not the login role of `wvlv serve`.  The dump is consistent (one snapshot) while wvlv keeps
# serving.  It is written to FILE.partial and renamed to FILE only when pg_dump succeeded and
# `pg_restore --list` can read it back; then its size, table count and SHA-256 are printed
# (keep the line next to the file).  Exit status 0 done, 1 failure, 2 usage.
set -euo pipefail

url=${WVLV_DATABASE_URL:-postgresql:///wvlv}
case ${1:-} in
  --database-url) [ $# -ge 2 ] || { echo "usage: backup.sh [--database-url URL] FILE" >&2; exit 2; }
                  url=$2; shift 2 ;;
  -h|--help) sed -n '2,12s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac
[ $# -eq 1 ] || { echo "usage: backup.sh [--database-url URL] FILE" >&2; exit 2; }
file=$1

rm -f "$file.partial"
trap 'rm -f "$file.partial"' EXIT
pg_dump --format=custom --compress=6 --file="$file.partial" --dbname="$url"
tables=$(pg_restore --list "$file.partial" | grep -c ' TABLE DATA ')
mv "$file.partial" "$file"
trap - EXIT
echo "backup.sh: $file: $(stat -c %s "$file") bytes, $tables tables, sha256 $(sha256sum "$file" | cut -d' ' -f1)"
