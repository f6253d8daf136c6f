#!/usr/bin/env bash
# Restore a Claimdesk backup into an EMPTY database (created if it does not exist).
#   scripts/restore.sh BACKUP_DIR TARGET_DATABASE_URL   (uploads go to $VAR_DIR/media)
# Refuses a target that already has tables: restore into a fresh database, check it, then
# point the app at it. See docs/operations.md.
set -euo pipefail

backup=${1:?usage: scripts/restore.sh BACKUP_DIR TARGET_DATABASE_URL}
target=${2:?usage: scripts/restore.sh BACKUP_DIR TARGET_DATABASE_URL}
var_dir=${VAR_DIR:-$(cd "$(dirname "$0")/.." && pwd)/var}
dump="$backup/claimdesk.dump"
[ -f "$dump" ] || { echo "restore: $dump not found" >&2; exit 1; }

name=${target##*/}; name=${name%%\?*}
server=${target%/*}/postgres
if ! psql "$server" -Atqc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
  psql "$server" -qc "CREATE DATABASE \"$name\""
fi
tables=$(psql "$target" -Atqc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
  echo "restore: $name already has $tables tables; restore into an empty database" >&2
  exit 1
fi
# One transaction: a restore that fails part-way leaves the target empty, not half-filled.
pg_restore --no-owner --no-acl --exit-on-error --single-transaction --dbname="$target" "$dump"
if [ -f "$backup/media.tar.gz" ]; then
  mkdir -p "$var_dir"
  tar -xzf "$backup/media.tar.gz" -C "$var_dir"
fi
echo "restore: $dump restored into $name"
