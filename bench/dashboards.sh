#!/usr/bin/env bash
# The GM's dashboard, the group dashboard and the monthly staff report at group scale (issue 13): the scale data
# (seed_demo --scale: 2 M customers, 3 M vehicles, 5 M repair orders, 500k complaints, 3 M survey answers over 100
# stores) in the kept bench cluster of bench/care_call_list.sh, gunicorn on loopback, wrk driving real HTTP with a
# logged-in session. Targets: GM dashboard p95 < 150 ms, group dashboard < 300 ms, staff report page < 150 ms.
# Then the staff report .xlsx of a 100-store month under /usr/bin/time -v. Not part of CI.
#
#   bench/dashboards.sh                          # as root, after bench/care_call_list.sh (or the same load) filled $BENCH_DIR
#   CACHE=0 bench/dashboards.sh                  # the panels' cache off: every request computes its figures
#   SCALE=20000 STORES=2 BENCH_STORE=scale-001 BENCH_DIR=/tmp/crm-bench-small bench/dashboards.sh   # dry run
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/http_cases.sh

SCALE=${SCALE:-2000000}
STORES=${STORES:-100}
BENCH_DIR=${BENCH_DIR:-/tmp/crm-bench}
PG_PORT=${PG_PORT:-5440}
WEB_PORT=${WEB_PORT:-8441}
WORKERS=${WORKERS:-4}             # gunicorn sync workers: 2 per core on this 2-core machine
CONNECTIONS=${CONNECTIONS:-4}
THREADS=$(( CONNECTIONS < 2 ? 1 : 2 ))
DURATION=${DURATION:-15}
MAX_REQUESTS=${MAX_REQUESTS:-3000}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PY=.venv/bin/python

pgdata=$BENCH_DIR/pgdata
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/dealer_crm"
export CRM_VAR_DIR=$BENCH_DIR/var DEBUG=false SECRET_KEY=bench-only-not-secret ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL=false LOG_LEVEL=WARNING
[ "${CACHE:-1}" = 0 ] && export DASHBOARD_CACHE_SECONDS=0
command -v wrk >/dev/null || apt-get install -y --no-install-recommends wrk >/dev/null
[ -x /usr/bin/time ] || apt-get install -y --no-install-recommends time >/dev/null
gunicorn_pid=""
started_pg=0

stop() {
  [ -n "$gunicorn_pid" ] && kill "$gunicorn_pid" 2>/dev/null && wait "$gunicorn_pid" 2>/dev/null || true
  [ "$started_pg" = 1 ] && su postgres -c "$PGBIN/pg_ctl -D $pgdata -m fast stop" >/dev/null 2>&1 || true
}
trap stop EXIT

[ -f "$pgdata/PG_VERSION" ] || { echo "no bench cluster in $BENCH_DIR: run bench/care_call_list.sh first"; exit 1; }
if ! su postgres -c "$PGBIN/pg_ctl -D $pgdata status" >/dev/null 2>&1; then
  su postgres -c "$PGBIN/pg_ctl -D $pgdata -w -l $pgdata/server.log -o \"-c listen_addresses=127.0.0.1 -p $PG_PORT \
    -k $pgdata -c shared_buffers=2GB -c effective_cache_size=8GB -c work_mem=16MB -c maintenance_work_mem=1GB \
    -c random_page_cost=1.1 -c jit=off -c max_parallel_workers_per_gather=0 -c max_wal_size=8GB -c fsync=off \
    -c synchronous_commit=off -c full_page_writes=off\" start" >/dev/null
  started_pg=1
fi

echo "== migrate"
$PY manage.py migrate --no-input -v0
if [ "${SKIP_LOAD:-0}" != 1 ]; then
  echo "== seed_demo --scale $SCALE --stores $STORES (resumes)"
  $PY manage.py seed_demo --scale "$SCALE" --stores "$STORES" | tail -n 3
fi
$PY manage.py collectstatic --no-input -v0
xlsx_path=$($PY bench/dashboards_prepare.py "$BENCH_DIR/run" | tee /dev/stderr | sed -n 's/^xlsx: //p')

echo "== gunicorn: $WORKERS sync workers on 127.0.0.1:$WEB_PORT (panel cache: ${DASHBOARD_CACHE_SECONDS:-60} s)"
start_gunicorn

run_case() {  # who case
  local paths=$BENCH_DIR/run/dash_$2.paths
  first_page "$1" "$paths" >/dev/null || { echo "$1 $2: $(head -n 1 "$paths") does not answer 200"; exit 1; }
  wrk_case "$1" "$2" "$paths" 10s
}

echo "== load: wrk, $THREADS threads, $CONNECTIONS connections, ${DURATION} s or $MAX_REQUESTS requests per thread per case"
results=$BENCH_DIR/run/dashboard_results.txt
: > "$results"
run_case gm gm | tee -a "$results"
run_case group group | tee -a "$results"
run_case gm staff_report | tee -a "$results"

echo "== the staff report .xlsx of every store (the group user), one request"
/usr/bin/time -f "%e s wall" -o "$BENCH_DIR/run/xlsx.time" curl -fs -H "Cookie: $(cat "$BENCH_DIR/run/group.cookie")" \
  -o "$BENCH_DIR/run/staff_report.xlsx" "http://127.0.0.1:$WEB_PORT$xlsx_path"
echo "xlsx: $(cat "$BENCH_DIR/run/xlsx.time"), $(stat -c %s "$BENCH_DIR/run/staff_report.xlsx") bytes"
kill "$gunicorn_pid"; wait "$gunicorn_pid" 2>/dev/null || true; gunicorn_pid=""
echo "== the same .xlsx in one process under /usr/bin/time -v (peak memory)"
/usr/bin/time -v -o "$BENCH_DIR/run/xlsx_process.time" $PY manage.py export_staff_report \
  --month "$(date -d "$(date +%Y-%m-01) -1 day" +%Y-%m)" --out "$BENCH_DIR/run/staff_report_cli.xlsx" \
  && awk '/Elapsed|Maximum resident/' "$BENCH_DIR/run/xlsx_process.time" || echo "no export_staff_report command"

echo
print_results "$results" 7 14
