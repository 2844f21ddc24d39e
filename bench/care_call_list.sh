#!/usr/bin/env bash
# A person's care call list (今日关怀回访) at group scale: the scale data (2 M customers, 3 M vehicles over 100 stores)
# in a throwaway UTF-8 PostgreSQL on loopback, gunicorn on loopback, wrk driving real HTTP with a logged-in
# session. Target: p95 < 100 ms for the advisor's list (issue 11). Prints p50/p95 per case. Not part of CI.
#
#   bench/care_call_list.sh                          # as root (PostgreSQL runs as the postgres user)
#   SCALE=20000 STORES=2 BENCH_STORE=scale-001 BENCH_DIR=/tmp/crm-bench-small bench/care_call_list.sh   # dry run
#
# It shares bench/customer_search.sh's kept cluster ($BENCH_DIR); run the daily care-list job on it first to bench
# real lists, else bench/care_call_list_prepare.py lists every vehicle of the bench store once.
#
# The cluster stays in $BENCH_DIR so a second run (or one after an interrupted load) skips or resumes
# the generation; seed_demo --scale is resumable per round.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/http_cases.sh

SCALE=${SCALE:-2000000}
STORES=${STORES:-100}
BENCH_DIR=${BENCH_DIR:-/tmp/crm-bench}
PG_PORT=${PG_PORT:-5440}          # not CI's 5433, not the dev cluster's 5434
WEB_PORT=${WEB_PORT:-8440}
WORKERS=${WORKERS:-4}             # gunicorn sync workers: 2 per core on this 2-core machine
CONNECTIONS=${CONNECTIONS:-4}     # concurrent requests held open by wrk
THREADS=$(( CONNECTIONS < 2 ? 1 : 2 ))
DURATION=${DURATION:-15}          # seconds per case
MAX_REQUESTS=${MAX_REQUESTS:-3000} # per wrk thread and case
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PY=.venv/bin/python

pgdata=$BENCH_DIR/pgdata
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/dealer_crm"
export CRM_VAR_DIR=$BENCH_DIR/var DEBUG=false SECRET_KEY=bench-only-not-secret ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL=false LOG_LEVEL=WARNING
gunicorn_pid=""

stop() {
  [ -n "$gunicorn_pid" ] && kill "$gunicorn_pid" 2>/dev/null && wait "$gunicorn_pid" 2>/dev/null || true
  su postgres -c "$PGBIN/pg_ctl -D $pgdata -m fast stop" >/dev/null 2>&1 || true
}
trap stop EXIT

[ "${FRESH:-0}" = 1 ] && rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR/var" "$BENCH_DIR/run"
chmod 755 "$BENCH_DIR"
if [ ! -f "$pgdata/PG_VERSION" ]; then
  mkdir -p "$pgdata" && chown postgres:postgres "$pgdata"
  su postgres -c "$PGBIN/initdb -D $pgdata -A trust -E UTF8 --locale=C.UTF-8" >/dev/null
fi
# A bench cluster: fsync off for the load (its data is throwaway); memory sized for a 2-core, 23 GB box;
# no parallel plans: on 2 cores a worker's start-up costs more than it saves (bench/README.md).
su postgres -c "$PGBIN/pg_ctl -D $pgdata -w -l $pgdata/server.log -o \"-c listen_addresses=127.0.0.1 -p $PG_PORT \
  -k $pgdata -c shared_buffers=2GB -c effective_cache_size=8GB -c work_mem=16MB -c maintenance_work_mem=1GB \
  -c random_page_cost=1.1 -c jit=off -c max_parallel_workers_per_gather=0 -c max_wal_size=8GB -c fsync=off -c synchronous_commit=off \
  -c full_page_writes=off\" start" >/dev/null
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'dealer_crm'" | grep -q 1 \
  || psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE dealer_crm"

echo "== migrate"
$PY manage.py migrate --no-input -v0
echo "== seed_demo --scale $SCALE --stores $STORES"
started=$(date +%s.%N)
$PY manage.py seed_demo --scale "$SCALE" --stores "$STORES" | tail -n 3
generation=$(echo "$(date +%s.%N) - $started" | bc)
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d dealer_crm -qc "VACUUM ANALYZE customers_customer, customers_vehicle, care_carecontact"
counts=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d dealer_crm -tAc \
  "SELECT (SELECT count(*) FROM customers_customer) || ' customers, ' || (SELECT count(*) FROM customers_vehicle) || ' vehicles'")
echo "generation: ${generation%.*} s this run; database holds $counts"

$PY manage.py collectstatic --no-input -v0
$PY bench/care_call_list_prepare.py "$BENCH_DIR/run"

echo "== gunicorn: $WORKERS sync workers on 127.0.0.1:$WEB_PORT"
start_gunicorn

run_case() {  # who case
  local paths=$BENCH_DIR/run/$2.paths rows
  rows=$(first_page "$1" "$paths" | grep -c 'data-testid="contact-row"' || true)
  [ "$rows" -gt 0 ] || { echo "no rows for $1 $2 ($(head -n 1 "$paths"))"; exit 1; }
  echo "$1 $2: $rows rows on the first page" >&2
  wrk_case "$1" "$2" "$paths"
}

echo "== load: wrk, $THREADS threads, $CONNECTIONS connections, ${DURATION} s or $MAX_REQUESTS requests per thread per case"
results=$BENCH_DIR/run/care_results.txt
: > "$results"
run_case advisor care_today | tee -a "$results"
run_case gm care_team | tee -a "$results"

echo
echo "$counts; gunicorn $WORKERS workers; wrk $CONNECTIONS connections"
print_results "$results" 7 22
