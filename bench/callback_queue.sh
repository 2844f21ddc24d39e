#!/usr/bin/env bash
# Customer service's callback queues (issue 12) at group scale: "my callbacks" of one store's customer-service
# specialist and the customer-service head's team queue, over the scale data (2 M customers, 3 M survey answers with
# their callbacks over 100 stores and two years) in a throwaway UTF-8 PostgreSQL on loopback, gunicorn on loopback,
# wrk driving real HTTP with a logged-in session. Target: p95 < 100 ms. Prints p50/p95 per case. Not part of CI.
#
#   bench/callback_queue.sh                          # as root (PostgreSQL runs as the postgres user)
#   BENCH_DIR=/tmp/s-focus-bench PG_PORT=5451 SCALE=20000 STORES=2 SCALE_SURVEY_ANSWERS=20000 \
#     bench/callback_queue.sh                        # dry run on a small cluster of its own
#
# It shares bench/customer_search.sh's kept cluster ($BENCH_DIR). A cluster it finds stopped it starts, migrates,
# loads (seed_demo --scale resumes per round, so it only adds what is missing) and stops at the end; a cluster it finds
# running (a load or another bench in it) it leaves running and does not migrate or load (the prepare step still adds
# the bench store's open callbacks and two sessions).
# bench/callback_queue_prepare.py adds the bench store's open callbacks once (the scale data's are all done).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/http_cases.sh

SCALE=${SCALE:-2000000}
STORES=${STORES:-100}
BENCH_STORE=${BENCH_STORE:-$(printf 'scale-%03d' $(( (STORES + 1) / 2 )))}   # the middle store: scale-050 of 100
BENCH_DIR=${BENCH_DIR:-/tmp/crm-bench}
PG_PORT=${PG_PORT:-5440}          # not CI's 5433, not the dev cluster's 5434
WEB_PORT=${WEB_PORT:-$(( PG_PORT + 3002 ))}  # 8442 beside the kept cluster (the care bench has 8440)
WORKERS=${WORKERS:-4}             # gunicorn sync workers: 2 per core on this 2-core machine
CONNECTIONS=${CONNECTIONS:-4}     # concurrent requests held open by wrk
THREADS=$(( CONNECTIONS < 2 ? 1 : 2 ))
DURATION=${DURATION:-15}          # seconds per case
MAX_REQUESTS=${MAX_REQUESTS:-3000} # per wrk thread and case
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PY=.venv/bin/python

pgdata=$BENCH_DIR/pgdata
export BENCH_STORE
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/dealer_crm"
export CRM_VAR_DIR=$BENCH_DIR/var DEBUG=false SECRET_KEY=bench-only-not-secret ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL=false LOG_LEVEL=WARNING
gunicorn_pid=""
started_cluster=0

stop() {
  [ -n "$gunicorn_pid" ] && kill "$gunicorn_pid" 2>/dev/null && wait "$gunicorn_pid" 2>/dev/null || true
  [ "$started_cluster" = 1 ] && su postgres -c "$PGBIN/pg_ctl -D $pgdata -m fast stop" >/dev/null 2>&1 || true
}
trap stop EXIT

[ "${FRESH:-0}" = 1 ] && rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR/var" "$BENCH_DIR/run"
chmod 755 "$BENCH_DIR"
if [ ! -f "$pgdata/PG_VERSION" ]; then
  mkdir -p "$pgdata" && chown postgres:postgres "$pgdata"
  su postgres -c "$PGBIN/initdb -D $pgdata -A trust -E UTF8 --locale=C.UTF-8" >/dev/null
fi
if su postgres -c "$PGBIN/pg_ctl -D $pgdata status" >/dev/null 2>&1; then
  echo "== the cluster in $BENCH_DIR is running: benching its data as it is (no migrate, no seed_demo)"
  generation=0
else
  # A bench cluster: fsync off for the load (its data is throwaway); memory sized for a 2-core, 23 GB box;
  # no parallel plans: on 2 cores a worker's start-up costs more than it saves (bench/README.md).
  su postgres -c "$PGBIN/pg_ctl -D $pgdata -w -l $pgdata/server.log -o \"-c listen_addresses=127.0.0.1 -p $PG_PORT \
    -k $pgdata -c shared_buffers=2GB -c effective_cache_size=8GB -c work_mem=16MB -c maintenance_work_mem=1GB \
    -c random_page_cost=1.1 -c jit=off -c max_parallel_workers_per_gather=0 -c max_wal_size=8GB -c fsync=off \
    -c synchronous_commit=off -c full_page_writes=off\" start" >/dev/null
  started_cluster=1
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'dealer_crm'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE dealer_crm"
  echo "== migrate"
  $PY manage.py migrate --no-input -v0
  echo "== seed_demo --scale $SCALE --stores $STORES"
  started=$(date +%s.%N)
  $PY manage.py seed_demo --scale "$SCALE" --stores "$STORES" | tail -n 3
  generation=$(echo "$(date +%s.%N) - $started" | bc)
fi

$PY manage.py collectstatic --no-input -v0
$PY bench/callback_queue_prepare.py "$BENCH_DIR/run"
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d dealer_crm -qc "VACUUM ANALYZE surveys_callback, customers_customer"
counts=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d dealer_crm -tAc \
  "SELECT (SELECT count(*) FROM surveys_callback) || ' callbacks (' || (SELECT count(*) FROM surveys_callback c
     JOIN organization_store s ON s.id = c.store_id WHERE s.code = '$BENCH_STORE') || ' of $BENCH_STORE, '
     || (SELECT count(*) FROM surveys_callback c JOIN organization_store s ON s.id = c.store_id
         WHERE s.code = '$BENCH_STORE' AND c.completed_at IS NULL) || ' open), '
     || (SELECT count(*) FROM surveys_answer) || ' survey answers'")
echo "generation: ${generation%.*} s this run; database holds $counts"

echo "== gunicorn: $WORKERS sync workers on 127.0.0.1:$WEB_PORT"
start_gunicorn

run_case() {  # who case
  local paths=$BENCH_DIR/run/$2.paths rows
  rows=$(first_page "$1" "$paths" | grep -c 'data-testid="callback-row"' || true)
  [ "$rows" -gt 0 ] || { echo "no rows for $1 $2 ($(head -n 1 "$paths"))"; exit 1; }
  echo "$1 $2: $rows rows on the first page" >&2
  wrk_case "$1" "$2" "$paths"
}

echo "== load: wrk, $THREADS threads, $CONNECTIONS connections, ${DURATION} s or $MAX_REQUESTS requests per thread per case"
results=$BENCH_DIR/run/callback_results.txt
: > "$results"
run_case cs callbacks_mine | tee -a "$results"
run_case cs callbacks_mine_done | tee -a "$results"
run_case cs_head callbacks_team | tee -a "$results"

echo
echo "$counts; $BENCH_STORE; gunicorn $WORKERS workers; wrk $CONNECTIONS connections"
print_results "$results" 8 22
