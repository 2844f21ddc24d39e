#!/usr/bin/env bash
# Satisfaction rollup at group scale (issue 12): 3 M survey answers (≈330k surveys, ≈370k callbacks) over 100 stores
# and two years (seed_demo --scale), in the database crm_satisfaction of the PostgreSQL on 127.0.0.1:5433, then the
# rollup of one week for all 100 stores (`manage.py rollup_satisfaction --week`, which also recomputes that week's
# month and quarter) timed RUNS times under /usr/bin/time -v, and the week alone in-process.
# Target: one week for all 100 stores < 10 s. Not part of CI.
#
#   bench/satisfaction_rollup.sh                  # as root, from anywhere
#   SCALE=2000 SCALE_SURVEY_ANSWERS=20000 STORES=4 DATABASE_URL=postgres://postgres@127.0.0.1:5433/s_rollup_bench \
#     bench/satisfaction_rollup.sh                # a dry run on a small database
#
# SCALE customers (default 200,000: the surveys need customers to point at; seed_demo --scale also generates
# after-sales and complaints for them) and SCALE_SURVEY_ANSWERS answers (default 3,000,000); seed_demo --scale
# resumes, so a second run reuses the data.
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE=${SCALE:-200000}
STORES=${STORES:-100}
RUNS=${RUNS:-3}
WEEK=${WEEK:-$(date -d 'last monday - 7 days' +%F)}
export SCALE_SURVEY_ANSWERS=${SCALE_SURVEY_ANSWERS:-3000000}
export SCALE_COMPLAINTS=${SCALE_COMPLAINTS:-1000}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5433/crm_satisfaction}
export CELERY_BROKER_URL=${CELERY_BROKER_URL:-redis://127.0.0.1:6390/8}
export DEBUG=false SECRET_KEY=bench-only-not-secret ALLOWED_HOSTS=127.0.0.1 SECURE_SSL=false LOG_LEVEL=WARNING
RUN_DIR=${RUN_DIR:-/tmp/crm-bench-satisfaction}
PY=.venv/bin/python
[ -x /usr/bin/time ] || apt-get install -y --no-install-recommends time >/dev/null
mkdir -p "$RUN_DIR"

DB=${DATABASE_URL##*/}
psql "${DATABASE_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 \
  || psql "${DATABASE_URL%/*}/postgres" -c "CREATE DATABASE $DB" >/dev/null
echo "== migrate"
$PY manage.py migrate --no-input -v0
echo "== seed_demo --scale $SCALE --stores $STORES (SCALE_SURVEY_ANSWERS=$SCALE_SURVEY_ANSWERS)"
/usr/bin/time -v -o "$RUN_DIR/load.time" $PY manage.py seed_demo --scale "$SCALE" --stores "$STORES" | tail -3
grep -E "Elapsed|Maximum resident" "$RUN_DIR/load.time"
psql "$DATABASE_URL" -tAc "SELECT 'answers', count(*) FROM surveys_answer UNION ALL
  SELECT 'surveys', count(*) FROM surveys_survey UNION ALL SELECT 'callbacks', count(*) FROM surveys_callback"
psql "$DATABASE_URL" -c "VACUUM ANALYZE surveys_answer, surveys_survey, surveys_callback, surveys_satisfactionrollup" \
  >/dev/null

echo "== rollup_satisfaction --week $WEEK (week, month, quarter), $RUNS runs"
for run in $(seq "$RUNS"); do
  /usr/bin/time -v -o "$RUN_DIR/rollup.$run.time" $PY manage.py rollup_satisfaction --week "$WEEK"
  grep -E "Elapsed|Maximum resident" "$RUN_DIR/rollup.$run.time"
done

echo "== the week alone, in-process"
$PY manage.py shell --no-imports -c "
import time
from datetime import date
from django.utils import timezone
from surveys.rollup import Period, roll_up
for run in range($RUNS):
    started = time.monotonic()
    rows = roll_up(Period.WEEK, date.fromisoformat('$WEEK'), now=timezone.now())
    print(f'week of $WEEK: {rows} rows in {(time.monotonic() - started) * 1000:.0f} ms')
"
