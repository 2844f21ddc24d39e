#!/usr/bin/env bash
# The daily care-list job at group scale (issue 11): `manage.py build_care_lists --no-sms` on the scale database
# (crm_bench: 3 M vehicles, 5 M repair orders, 101 stores), migrated first. Two runs of the same day: the first lists
# the day's contacts, the second must add nothing (ON CONFLICT DO NOTHING) and shows the cost of an idle re-run.
# Target: < 10 min for 100 stores. Not part of CI.
#
#   bench/care_lists.sh                         # as root, from anywhere
#   DAY=2026-06-17 bench/care_lists.sh          # list another day (the first run then lists that day's contacts)
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5433/crm_bench}
export CELERY_BROKER_URL=${CELERY_BROKER_URL:-redis://127.0.0.1:6390/2}
export DEBUG=false SECRET_KEY=bench-only-not-secret ALLOWED_HOSTS=127.0.0.1 SECURE_SSL=false LOG_LEVEL=WARNING
DAY=${DAY:-$(TZ=Asia/Shanghai date +%F)}
RUN_DIR=${RUN_DIR:-/tmp/crm-bench-care}
PY=.venv/bin/python
command -v psql >/dev/null || apt-get install -y --no-install-recommends postgresql-client >/dev/null
[ -x /usr/bin/time ] || apt-get install -y --no-install-recommends time >/dev/null
mkdir -p "$RUN_DIR"

echo "== migrate"
$PY manage.py migrate --no-input -v0
psql "$DATABASE_URL" -tAc "SELECT 'vehicles', count(*) FROM customers_vehicle UNION ALL
  SELECT 'repair orders', count(*) FROM aftersales_repairorder UNION ALL SELECT 'stores', count(*) FROM organization_store"
psql "$DATABASE_URL" -qc "DELETE FROM care_carecontact WHERE listed_on = '$DAY'"
psql "$DATABASE_URL" -qc "VACUUM (ANALYZE) customers_vehicle, customers_customer, care_carecontact, care_careoptout"
for run in first second; do
  echo "== $run run for $DAY"
  /usr/bin/time -v -o "$RUN_DIR/$run.time" $PY manage.py build_care_lists --no-sms --date "$DAY"
  awk '/Elapsed \(wall clock\)/ {print "wall: " $NF} /Maximum resident/ {printf "peak RSS: %d MB\n", $6 / 1024}' \
    "$RUN_DIR/$run.time"
done
