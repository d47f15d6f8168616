#!/usr/bin/env bash
# restore.sh [--database-url URL] [--login-role NAME] [--wvlv PATH] FILE — restore a backup
# made by scripts/backup.sh (pg_dump -Fc) into an EMPTY database, e.g. of a new cluster
# (docs/operations.md, "Backup and restore").
#
# URL (default $WVLV_DATABASE_URL, else postgresql:///wvlv) names the new, empty database
# (`createdb wvlv` first) and must connect as a superuser (the dump creates the PostGIS
# extension).  The restoring user becomes the owner of everything restored.  Steps:
#   1. refuse a database that holds a wvlv schema already (schema_migrations exists)
#   2. roles: the cluster-wide NOLOGIN roles wvlv_server and wvlv_gis, which a dump of one
#      database does not carry but its GRANTs name, are created when missing and granted to
#      the restoring user (as `wvlv migrate` does)
#   3. pg_restore --no-owner --exit-on-error --single-transaction: all or nothing
#   4. `wvlv migrate` (PATH: --wvlv, default `wvlv` on PATH): checks the migrations the dump
#      recorded, applies any this binary has beyond them, and with --login-role NAME makes the
#      login role of `wvlv serve` in this cluster (password from WVLV_LOGIN_PASSWORD)
#   5. ANALYZE, so the planner has statistics at once
# API tokens are in the dump: the same tokens work on the restored database.
# Exit status 0 done, 1 failure, 2 usage.
set -euo pipefail

usage() { echo "usage: restore.sh [--database-url URL] [--login-role NAME] [--wvlv PATH] FILE" >&2; exit 2; }
url=${WVLV_DATABASE_URL:-postgresql:///wvlv}
login_role=
wvlv=wvlv
while [ $# -gt 1 ]; do
  case $1 in
    --database-url) url=$2; shift 2 ;;
    --login-role) login_role=$2; shift 2 ;;
    --wvlv) wvlv=$2; shift 2 ;;
    *) usage ;;
  esac
done
case ${1:-} in -h|--help) sed -n '2,21s/^# \{0,1\}//p' "$0"; exit 0 ;; ''|-*) usage ;; esac
file=$1
[ -r "$file" ] || { echo "restore.sh: cannot read $file" >&2; exit 1; }

psql=(psql -X -q -v ON_ERROR_STOP=1 --dbname="$url")
if [ "$("${psql[@]}" -At -c "SELECT to_regclass('public.schema_migrations') IS NOT NULL")" = t ]; then
  echo "restore.sh: the database holds a wvlv schema already; restore into an empty database" >&2
  exit 1
fi

"${psql[@]}" <<'SQL'
DO $$
DECLARE r text;
BEGIN
	FOREACH r IN ARRAY ARRAY['wvlv_server', 'wvlv_gis'] LOOP
		IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r) THEN
			EXECUTE format('CREATE ROLE %I NOLOGIN', r);
		END IF;
		IF NOT pg_has_role(current_user, r, 'MEMBER') THEN
			EXECUTE format('GRANT %I TO CURRENT_USER', r);
		END IF;
	END LOOP;
END
$$;
SQL

pg_restore --no-owner --exit-on-error --single-transaction --dbname="$url" "$file"

migrate=("$wvlv" migrate --database-url "$url")
[ -z "$login_role" ] || migrate+=(--login-role "$login_role")
"${migrate[@]}"
"${psql[@]}" -c ANALYZE
echo "restore.sh: $file restored"
