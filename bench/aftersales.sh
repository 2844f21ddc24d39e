#!/usr/bin/env bash
# After-sales pages at group scale (issue 9): 2 M customers, 1 M appointments and 5 M repair orders over 100 stores
# (seed_demo --scale) in a throwaway UTF-8 PostgreSQL on loopback, gunicorn on loopback, wrk over real HTTP with a
# scale store's service advisor logged in (a session cookie). Reports p50/p95 of the advisor's day view, the workshop
# board, repair order pages (1,000 distinct orders) and settlement (one POST per READY order, each settling it).
# Not part of CI.
#
#   bench/aftersales.sh                  # as root (PostgreSQL runs as the postgres user)
#   FRESH=1 bench/aftersales.sh          # drop the kept cluster and generate again
#   DATABASE_URL=postgres://postgres@127.0.0.1:5433/crm_bench bench/aftersales.sh   # an existing, loaded database
#
# The cluster stays in $BENCH_DIR so a second run skips or resumes the generation (seed_demo --scale is resumable,
# and tops the settlement store up to 2,000 READY orders again). Cases whose URL has not landed yet are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE=${SCALE:-2000000}
STORES=${STORES:-100}
BENCH_DIR=${BENCH_DIR:-/tmp/crm-bench}
PG_PORT=${PG_PORT:-5440}          # not CI's 5433, not the dev cluster's 5434
WEB_PORT=${WEB_PORT:-8441}
WORKERS=${WORKERS:-4}             # gunicorn sync workers: 2 per core on this 2-core machine
CONNECTIONS=${CONNECTIONS:-4}     # concurrent requests held open by wrk
THREADS=$(( CONNECTIONS < 2 ? 1 : 2 ))
DURATION=${DURATION:-15}          # seconds per GET case
MAX_REQUESTS=${MAX_REQUESTS:-3000} # per wrk thread and GET case
SETTLE_ORDERS=${SETTLE_ORDERS:-2000}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PY=.venv/bin/python
export SETTLE_ORDERS

command -v wrk >/dev/null || { apt-get install -y --no-install-recommends wrk >/dev/null || { echo "wrk is missing"; exit 1; }; }

own_cluster=0
if [ -z "${DATABASE_URL:-}" ]; then
  own_cluster=1
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/dealer_crm"
fi
pgdata=$BENCH_DIR/pgdata
export CRM_VAR_DIR=$BENCH_DIR/var DEBUG=false SECRET_KEY=bench-only-not-secret ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL=false LOG_LEVEL=WARNING
gunicorn_pid=""

stop() {
  [ -n "$gunicorn_pid" ] && kill "$gunicorn_pid" 2>/dev/null && wait "$gunicorn_pid" 2>/dev/null || true
  [ "$own_cluster" = 1 ] && su postgres -c "$PGBIN/pg_ctl -D $pgdata -m fast stop" >/dev/null 2>&1 || true
}
trap stop EXIT

[ "${FRESH:-0}" = 1 ] && [ "$own_cluster" = 1 ] && rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR/var" "$BENCH_DIR/aftersales"
chmod 755 "$BENCH_DIR"
if [ "$own_cluster" = 1 ]; then
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    mkdir -p "$pgdata" && chown postgres:postgres "$pgdata"
    su postgres -c "$PGBIN/initdb -D $pgdata -A trust -E UTF8 --locale=C.UTF-8" >/dev/null
  fi
  # The same bench cluster settings as customer_search.sh (bench/README.md explains them).
  su postgres -c "$PGBIN/pg_ctl -D $pgdata -w -l $pgdata/server.log -o \"-c listen_addresses=127.0.0.1 -p $PG_PORT \
    -k $pgdata -c shared_buffers=2GB -c effective_cache_size=8GB -c work_mem=16MB -c maintenance_work_mem=1GB \
    -c random_page_cost=1.1 -c jit=off -c max_parallel_workers_per_gather=0 -c max_wal_size=8GB -c fsync=off \
    -c synchronous_commit=off -c full_page_writes=off\" start" >/dev/null
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'dealer_crm'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE dealer_crm"
fi

echo "== migrate"
$PY manage.py migrate --no-input -v0
echo "== seed_demo --scale $SCALE --stores $STORES"
started=$(date +%s.%N)
$PY manage.py seed_demo --scale "$SCALE" --stores "$STORES" | grep -v '^round\|^after-sales round' | tail -n 4
generation=$(echo "$(date +%s.%N) - $started" | bc)
counts=$(psql "$DATABASE_URL" -tAc "SELECT (SELECT count(*) FROM aftersales_appointment) || ' appointments, ' ||
  (SELECT count(*) FROM aftersales_repairorder) || ' repair orders, ' ||
  (SELECT count(*) FROM aftersales_repairorderline) || ' lines'")
echo "generation: ${generation%.*} s this run; database holds $counts"

# The generation's writes (and a previous run's settlements) would start autovacuum in the middle of the timed
# cases; vacuum and analyze them now, as a nightly maintenance window would.
psql "$DATABASE_URL" -qc "VACUUM (ANALYZE) aftersales_repairorder, aftersales_repairorderline, aftersales_repairorderstep,
  aftersales_requisitionline, aftersales_settlementline, aftersales_appointment, aftersales_appointmentreminder"

run=$BENCH_DIR/aftersales
rm -f "$run"/*.requests
$PY manage.py collectstatic --no-input -v0
$PY bench/aftersales_prepare.py pages "$run"

echo "== gunicorn: $WORKERS sync workers on 127.0.0.1:$WEB_PORT"
# --timeout 10: a wrk thread that stops leaves a fresh connection open, which holds a sync worker until the timeout;
# the pause between cases lets gunicorn reap those workers, so each case starts with all of them.
.venv/bin/gunicorn dealer_crm.wsgi --bind "127.0.0.1:$WEB_PORT" --workers "$WORKERS" --timeout 10 --log-level warning \
  2>>"$run/gunicorn.log" &
gunicorn_pid=$!
for _ in $(seq 1 50); do curl -fso /dev/null "http://127.0.0.1:$WEB_PORT/login/" && break; sleep 0.2; done
$PY bench/aftersales_prepare.py settle "$run" "http://127.0.0.1:$WEB_PORT"

get_case() {  # case
  local requests=$run/$1.requests first
  [ -f "$requests" ] || return 0
  first=$(head -n 1 "$requests")
  curl -fso /dev/null -H "Cookie: $(cat "$run/advisor.cookie")" "http://127.0.0.1:$WEB_PORT$first" \
    || { echo "no page for $1 ($first)"; exit 1; }
  wrk -t "$THREADS" -c "$CONNECTIONS" -d 3s -s bench/aftersales.lua "http://127.0.0.1:$WEB_PORT" -- \
    "$requests" "$run/advisor.cookie" "$1" 200 200 "$THREADS" >/dev/null   # warm-up
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" --timeout 5s -s bench/aftersales.lua \
    "http://127.0.0.1:$WEB_PORT" -- "$requests" "$run/advisor.cookie" "$1" "$MAX_REQUESTS" 200 "$THREADS" \
    | grep '^RESULT'
}

echo "== load: wrk, $THREADS threads, $CONNECTIONS connections, ${DURATION} s or $MAX_REQUESTS requests per thread per case"
results=$run/results.txt
: > "$results"
for case in workbench workshop_board repair_order; do
  get_case "$case" | tee -a "$results"
  sleep 12
done
if [ -f "$run/settle.requests" ]; then
  # One connection per thread, each POST settling another order once; a settled order answers 302.
  orders=$(wc -l < "$run/settle.requests")
  # A wrk thread that has sent its share leaves a connection open that holds a sync worker until gunicorn's
  # timeout; with half the workers posting, the other half keep serving the threads still at work.
  posters=$(( WORKERS / 2 < 1 ? 1 : WORKERS / 2 ))
  posters=$(( orders < posters ? orders : posters ))
  settle_start=$(date -u +%FT%TZ)
  wrk -t "$posters" -c "$posters" -d 90s --timeout 5s -s bench/aftersales.lua "http://127.0.0.1:$WEB_PORT" \
    -- "$run/settle.requests" "$run/advisor.cookie" settle 0 302 "$posters" | grep '^RESULT' | tee -a "$results"
  psql "$DATABASE_URL" -tAc "SELECT 'settled in the run: ' || count(*) FROM aftersales_repairorder
    WHERE settled_at BETWEEN '$settle_start' AND now()"
fi

echo
echo "after-sales: $counts; generation ${generation%.*} s; gunicorn $WORKERS sync workers; wrk $CONNECTIONS connections"
printf '%-16s %8s %8s %8s %8s %8s %10s\n' case requests p50_ms p95_ms p99_ms req/s unexpected
awk '{ for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
       printf "%-16s %8s %8s %8s %8s %8s %10s\n", $2, v["requests"], v["p50"], v["p95"], v["p99"], v["rps"],
              v["unexpected"] }' "$results"
