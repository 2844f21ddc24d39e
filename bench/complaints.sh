#!/usr/bin/env bash
# Complaints at group scale (issue 10): 500,000 complaints with ≈4.7 M milestones over 100 stores (seed_demo --scale)
# in the database crm_complaints of the PostgreSQL on 127.0.0.1:5433, then:
#   - the deadline sweep with nothing due (20 runs), 5,000 and 30,000 milestones due (the last a catch-up after
#     6 hours of downtime), each from a restored state, vacuumed and checkpointed: in-process
#     (complaints.enforcement.sweep) and as `manage.py enforce_deadlines` under /usr/bin/time -v;
#   - the fan-out of the 5,000 breaches' notifications and escalations (complaints.tasks.notify_timer_events,
#     in-process, as a worker would run it);
#   - the monthly export of a 5k- and a 50k-complaint month (`manage.py export_complaint_stats`) under
#     /usr/bin/time -v: wall time and peak memory;
#   - django-helpdesk's escalate_tickets on the same server (bench/helpdesk_peer.sh) and the ratio peer / ours.
# Targets: idle sweep < 5 ms, 5,000 due < 0.5 s, fan-out < 2 s, 30,000 due < 3 s, export 50k < 10 s, flat memory.
# Not part of CI. Parts whose code has not landed yet are skipped with a line saying so.
#
#   bench/complaints.sh                  # as root, from anywhere
#   LOAD_ONLY=1 bench/complaints.sh      # generate (or resume) and count, nothing timed
#
# SCALE customers (default 200,000: the complaints need stores and customers to point at, not 2 M of them; seed_demo
# --scale also generates after-sales for them) and SCALE_COMPLAINTS complaints (default 500,000); seed_demo --scale
# resumes, so a second run reuses the data.
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE=${SCALE:-200000}
STORES=${STORES:-100}
export SCALE_COMPLAINTS=${SCALE_COMPLAINTS:-500000}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5433/crm_complaints}
export CELERY_BROKER_URL=${CELERY_BROKER_URL:-redis://127.0.0.1:6390/6}
export DEBUG=false SECRET_KEY=bench-only-not-secret ALLOWED_HOSTS=127.0.0.1 SECURE_SSL=false LOG_LEVEL=WARNING
IDLE_RUNS=${IDLE_RUNS:-20}
DUE_RUNS=${DUE_RUNS:-3}
RUN_DIR=${RUN_DIR:-/tmp/crm-bench-complaints}
PY=.venv/bin/python
PREP="$PY bench/complaints_prepare.py"

case "$DATABASE_URL" in
  */crm_bench) echo "crm_bench belongs to the after-sales bench: use another database"; exit 1 ;;
esac
command -v psql >/dev/null || apt-get install -y --no-install-recommends postgresql-client >/dev/null
[ -x /usr/bin/time ] || apt-get install -y --no-install-recommends time >/dev/null
mkdir -p "$RUN_DIR"

database=${DATABASE_URL##*/}
server=${DATABASE_URL%/*}
psql "$server/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1 \
  || psql "$server/postgres" -qc "CREATE DATABASE $database"

echo "== migrate"
$PY manage.py migrate --no-input -v0
echo "== seed_demo --scale $SCALE --stores $STORES (SCALE_COMPLAINTS=$SCALE_COMPLAINTS)"
started=$(date +%s.%N)
/usr/bin/time -v -o "$RUN_DIR/load.time" $PY manage.py seed_demo --scale "$SCALE" --stores "$STORES" \
  | grep -v '^round\|^after-sales round'
generation=$(echo "$(date +%s.%N) - $started" | bc)
echo "generation: ${generation%.*} s this run, peak RSS $(awk '/Maximum resident/ {printf "%d MB", $6 / 1024}' \
  "$RUN_DIR/load.time")"
$PREP restore >/dev/null
$PREP counts
psql "$DATABASE_URL" -qc "VACUUM (ANALYZE) complaints_complaint, complaints_milestone, complaints_breach,
  complaints_timerevent, complaints_transition, complaints_complaintdepartment"
[ "${LOAD_ONLY:-0}" = 1 ] && exit 0

has_command() { $PY manage.py help "$1" >/dev/null 2>&1; }
results=$RUN_DIR/results.txt
: > "$results"
report() { echo "$*" | tee -a "$results"; }

# A restored state with exactly N due, vacuumed and checkpointed (as in ../shared/peer-bench).
prepare_due() {  # N minutes-ago
  $PREP due "$1" "$2"
  $PREP drain >/dev/null   # notices earlier sweeps queued to a broker no worker reads: not lost notices to resend
  psql "$DATABASE_URL" -qc "VACUUM (ANALYZE) complaints_milestone" -c "CHECKPOINT"
  echo "due now: $($PREP due-count)"
}

timed_command() {  # label, command...
  local label=$1 log
  shift
  log=$RUN_DIR/$label.time
  /usr/bin/time -v -o "$log" "$@" >/dev/null
  report "$label wall_s=$(awk -F': ' '/Elapsed/ {print $2}' "$log") \
peak_rss_mb=$(awk '/Maximum resident/ {printf "%d", $6 / 1024}' "$log")"
}

# The set-based floor on this schema (one statement: milestones breached, breach and ledger rows), as
# ../shared/peer-bench measured it on its own tables: what any sweep at N due costs at least on this server.
FLOOR_SQL="WITH swept AS (
  UPDATE complaints_milestone SET breached_at = now()
   WHERE met_at IS NULL AND breached_at IS NULL AND cancelled_at IS NULL AND due_at IS NOT NULL AND due_at <= now()
  RETURNING id, store_id, complaint_id, due_at, owner_id, department_id, owner_role
), breaches AS (
  INSERT INTO complaints_breach (store_id, milestone_id, complaint_id, due_at, noticed_at, charged_to_id,
                                 charged_department_id, charged_role)
  SELECT store_id, id, complaint_id, due_at, now(), owner_id, department_id, owner_role FROM swept
  ON CONFLICT (milestone_id) DO NOTHING
)
INSERT INTO complaints_timerevent (store_id, milestone_id, complaint_id, kind, scheduled_for, recorded_at, note)
SELECT store_id, id, complaint_id, 'breached', due_at, now(), '' FROM swept"
echo "== set-based floor"
for due in 0 5000 30000; do
  prepare_due "$due" "$([ "$due" = 30000 ] && echo 360 || echo 1)"
  report "floor due=$due: $(psql "$DATABASE_URL" -qc '\timing on' -c "$FLOOR_SQL" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1 ms/p')"
done
$PREP restore >/dev/null

echo "== sweep"
sweep_5000=""
if $PREP ready >/dev/null; then
  prepare_due 0 1
  report "idle: $($PREP sweep "$IDLE_RUNS" | tail -n 1); load $(cut -d' ' -f1-3 /proc/loadavg)"
  for due in 5000 30000; do
    minutes=$([ "$due" = 30000 ] && echo 360 || echo 1)   # the catch-up: 6 hours of downtime
    runs=()
    for run in $(seq "$DUE_RUNS"); do
      prepare_due "$due" "$minutes"
      line=$($PREP sweep 1 | tail -n 1)
      runs+=("${line#*=}")
      report "due=$due run $run in-process: $line; breaches recorded: $(psql "$DATABASE_URL" -tAc \
        "SELECT count(*) FROM complaints_breach WHERE noticed_at > now() - interval '10 minutes'"); load $(cut -d' ' -f1-3 /proc/loadavg)"
      if [ "$due" = 5000 ]; then
        report "due=5000 run $run $($PREP fanout | tail -n 1)"
      fi
    done
    median=$(printf '%s\n' "${runs[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}')
    report "due=$due median of $DUE_RUNS: ${median} s"
    [ "$due" = 5000 ] && sweep_5000=$median
    if has_command enforce_deadlines; then
      prepare_due "$due" "$minutes"
      timed_command "enforce_deadlines_$due" $PY manage.py enforce_deadlines
    fi
  done
  $PREP restore >/dev/null
  # The restore rewrote the due milestones and deleted what the sweeps added: vacuumed as autovacuum would have done
  # within the minute, so the export is timed on a settled database and not beside an autovacuum of these tables.
  psql "$DATABASE_URL" -qc "VACUUM (ANALYZE) complaints_milestone, complaints_breach, complaints_timerevent"
else
  report "sweep: complaints.enforcement.sweep has not landed yet: skipped"
fi

echo "== export"
if has_command export_complaint_stats; then
  while read -r month size; do
    timed_command "export_${month}_${size}_complaints" \
      $PY manage.py export_complaint_stats --month "$month" --out "$RUN_DIR/export-$month.xlsx"
  done < <($PREP months)
else
  report "export: manage.py export_complaint_stats has not landed yet: skipped"
fi

echo "== peer: django-helpdesk escalate_tickets"
if [ -f bench/helpdesk_peer.sh ]; then
  peer=$(bash bench/helpdesk_peer.sh | grep '^peer_tickets=' | tail -n 1)
  report "$peer"
  peer_wall=$(echo "$peer" | sed -n 's/.*peer_wall_s=\([0-9.]*\).*/\1/p')
  if [ -n "$sweep_5000" ] && [ -n "$peer_wall" ]; then
    report "ratio peer/ours at 5,000 due: $(echo "scale=1; $peer_wall / $sweep_5000" | bc)"
  fi
else
  report "peer: bench/helpdesk_peer.sh has not landed yet: skipped"
fi

echo
echo "complaints bench ($SCALE_COMPLAINTS complaints, $STORES stores):"
cat "$results"
