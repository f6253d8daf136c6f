#!/usr/bin/env bash
# Prove a backup restores: back up DATABASE_URL, restore it into a fresh scratch database,
# and check that the app reads the same rows there (and that its schema is current).
#   scripts/restore-check.sh [SCRATCH_DB_NAME]        (default: <database>_restore_check)
# Exits non-zero on any difference. The scratch database is dropped afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?set DATABASE_URL (postgres://…) to the database to check}"
py=${PYTHON:-$([ -x .venv/bin/python ] && echo .venv/bin/python || echo python)}
source_name=${DATABASE_URL##*/}; source_name=${source_name%%\?*}
scratch_name=${1:-${source_name}_restore_check}
scratch_url=${DATABASE_URL%/*}/$scratch_name
server=${DATABASE_URL%/*}/postgres
work=$(mktemp -d)
drop_scratch() { psql "$server" -qc "DROP DATABASE IF EXISTS \"$scratch_name\"" >/dev/null 2>&1 || true; }
trap 'drop_scratch; rm -rf "$work"' EXIT

counts='
from django.apps import apps
for model in sorted(apps.get_app_config("claims").get_models(), key=lambda m: m._meta.label):
    print(model._meta.label, model.objects.count())
from django.contrib.auth import get_user_model
print("users", get_user_model().objects.count())
'

drop_scratch
scripts/backup.sh "$work/backup"
VAR_DIR="$work/var-restored" scripts/restore.sh "$work/backup" "$scratch_url"

DATABASE_URL=$scratch_url "$py" manage.py migrate --check --noinput >/dev/null \
  || { echo "restore-check: the restored schema is not current" >&2; exit 1; }
before=$("$py" manage.py shell -c "$counts" 2>/dev/null | grep -v "objects imported")
after=$(DATABASE_URL=$scratch_url "$py" manage.py shell -c "$counts" 2>/dev/null | grep -v "objects imported")
if [ "$before" != "$after" ]; then
  echo "restore-check: row counts differ" >&2
  diff <(echo "$before") <(echo "$after") >&2 || true
  exit 1
fi
trigger=$(psql "$scratch_url" -Atqc "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'claims_event_%'")
[ "$trigger" = "2" ] || { echo "restore-check: the timeline triggers were not restored" >&2; exit 1; }
echo "$after"
echo "restore-check: OK, $scratch_name matches $source_name ($(echo "$after" | wc -l) tables compared)"
