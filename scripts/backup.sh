#!/usr/bin/env bash
# Back up Claimdesk: the PostgreSQL database (pg_dump, custom format) and the uploaded files.
#   scripts/backup.sh BACKUP_DIR            (reads DATABASE_URL and VAR_DIR like the app)
# Writes BACKUP_DIR/claimdesk.dump and, when there are uploads, BACKUP_DIR/media.tar.gz.
# See docs/operations.md.
set -euo pipefail

out=${1:?usage: scripts/backup.sh BACKUP_DIR}
: "${DATABASE_URL:?set DATABASE_URL (postgres://…) to the database to back up}"
var_dir=${VAR_DIR:-$(cd "$(dirname "$0")/.." && pwd)/var}

mkdir -p "$out"
# --no-owner/--no-acl: the dump restores under whichever role runs pg_restore.
pg_dump --format=custom --no-owner --no-acl --file="$out/claimdesk.dump" "$DATABASE_URL"
if [ -d "$var_dir/media" ]; then
  tar -czf "$out/media.tar.gz" -C "$var_dir" media
fi
echo "backup: wrote $out/claimdesk.dump$([ -f "$out/media.tar.gz" ] && echo " and $out/media.tar.gz")"
