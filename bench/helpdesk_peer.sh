#!/usr/bin/env bash
# The peer side of the complaints sweep bench (issue 10): django-helpdesk 2.6.1's `manage.py escalate_tickets`
# over 500,000 open tickets with 1% of them due, on the same PostgreSQL server as our bench, in its own virtualenv.
# Not part of CI. bench/complaints.sh calls it and reads its last line:
#
#   peer_tickets=500000 peer_due=5000 peer_escalated=5000 peer_mails=10000 peer_wall_s=35.8 peer_rss_mb=116 ...
#
#   bench/helpdesk_peer.sh                      # PostgreSQL on 127.0.0.1:5433, user postgres, trust
#   PEER_TICKETS=50000 bench/helpdesk_peer.sh   # a quick try (the next full run reloads 500k)
#
# Knobs: HELPDESK_PEER_DIR (virtualenv and media, default /tmp/helpdesk-peer), PGHOST / PGPORT (127.0.0.1 / 5433),
# PEER_TICKETS (500000), PYTHON (python3.11). Only the database helpdesk_peer is created and written.
# Reruns reuse the virtualenv and skip the load when the table already holds PEER_TICKETS tickets.
set -euo pipefail
cd "$(dirname "$0")/helpdesk_peer"

PEER_DIR=${HELPDESK_PEER_DIR:-/tmp/helpdesk-peer}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5433}
PEER_TICKETS=${PEER_TICKETS:-500000}
PYTHON=${PYTHON:-python3.11}
DUE_EVERY=100 # 1% of the tickets due
export PGHOST PGPORT PGUSER=postgres HELPDESK_PEER_DIR=$PEER_DIR DJANGO_SETTINGS_MODULE=peer_settings
VENV=$PEER_DIR/venv
PY=$VENV/bin/python

missing=()
command -v psql >/dev/null || missing+=("psql (apt-get install postgresql-client)")
[ -x /usr/bin/time ] || missing+=("/usr/bin/time (apt-get install time)")
command -v bc >/dev/null || missing+=("bc (apt-get install bc)")
[ -x "$PY" ] || command -v "$PYTHON" >/dev/null || missing+=("$PYTHON (Python 3.10+ for Django 5.2; set PYTHON)")
if [ "${#missing[@]}" -gt 0 ]; then
  printf 'helpdesk_peer: missing %s\n' "${missing[@]}" >&2
  exit 1
fi
case $PEER_TICKETS in
  '' | *[!0-9]*) echo "helpdesk_peer: PEER_TICKETS must be a whole number, not '$PEER_TICKETS'" >&2; exit 1 ;;
esac
if [ "$PEER_TICKETS" -lt "$DUE_EVERY" ]; then
  echo "helpdesk_peer: PEER_TICKETS must be at least $DUE_EVERY" >&2
  exit 1
fi

psql_db() { psql -X -q -v ON_ERROR_STOP=1 -At -d "$1" "${@:2}"; }
if ! psql_db postgres -c 'SELECT 1' >/dev/null; then
  echo "helpdesk_peer: no PostgreSQL at $PGHOST:$PGPORT for user postgres" >&2
  exit 1
fi
seconds() { date +%s.%N; }

# 1. The virtualenv, reused when it already holds django-helpdesk 2.6.1.
if ! "$PY" -c 'import helpdesk, psycopg, django, sys; sys.exit(django.VERSION[:2] != (5, 2))' 2>/dev/null ||
  [ "$("$VENV/bin/pip" show django-helpdesk 2>/dev/null | sed -n 's/^Version: //p')" != 2.6.1 ]; then
  echo "building $VENV (django-helpdesk 2.6.1, Django 5.2, psycopg) from PyPI"
  rm -rf "$VENV"
  mkdir -p "$PEER_DIR"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install -q -r requirements.txt
fi
versions=$("$PY" -c 'import sys; from importlib.metadata import version as v
print("django-helpdesk", v("django-helpdesk"), "Django", v("Django"), "psycopg", v("psycopg"), "Python", sys.version.split()[0])')
echo "peer: $versions; PostgreSQL $(psql_db postgres -c 'SHOW server_version') on $PGHOST:$PGPORT"

# 2. Its database and schema.
if [ -z "$(psql_db postgres -c "SELECT 1 FROM pg_database WHERE datname = 'helpdesk_peer'")" ]; then
  psql_db postgres -c 'CREATE DATABASE helpdesk_peer'
fi
"$PY" manage.py migrate -v 0

# 3. The tickets, unless they are already there.
have=$(psql_db helpdesk_peer -c 'SELECT count(*) FROM helpdesk_ticket')
queues=$(psql_db helpdesk_peer -c "SELECT count(*) FROM helpdesk_queue WHERE slug LIKE 'peer-%' AND escalate_days = 1")
if [ "$have" = "$PEER_TICKETS" ] && [ "$queues" = 5 ]; then
  echo "keeping the $have tickets already loaded"
else
  echo "loading $PEER_TICKETS tickets (the table held $have)"
  t0=$(seconds)
  "$PY" load_tickets.py "$PEER_TICKETS"
  printf 'load (COPY, with queues and agents) took %.1f s\n' "$(echo "$(seconds) - $t0" | bc)"
fi

# 4. 1% due, statistics fresh, then the timed run.
due=$(psql_db helpdesk_peer -v every="$DUE_EVERY" -f reset_due.sql | tail -n 1)
expected=$((PEER_TICKETS / DUE_EVERY))
if [ "$due" != "$expected" ]; then
  echo "helpdesk_peer: $due tickets due after the reset, expected $expected" >&2
  exit 1
fi
log=$PEER_DIR/escalate_tickets.time
echo "running manage.py escalate_tickets with $due of $PEER_TICKETS tickets due"
/usr/bin/time -v -o "$log" "$PY" manage.py escalate_tickets
read -r escalated mails < <(psql_db helpdesk_peer -F ' ' -c "SELECT count(DISTINCT f.ticket_id),
  coalesce(sum(jsonb_array_length(f.email_recipients)), 0) FROM helpdesk_followup f WHERE f.title = 'Ticket Escalated'")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; print s}' "$log")
cpu=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {printf "%.1f", u + s}' "$log")
rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$log")
printf 'peer_tickets=%s peer_due=%s peer_escalated=%s peer_mails=%s peer_wall_s=%.1f peer_cpu_s=%s peer_rss_mb=%s\n' \
  "$PEER_TICKETS" "$due" "$escalated" "$mails" "$wall" "$cpu" "$rss"
