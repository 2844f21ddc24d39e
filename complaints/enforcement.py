"""The deadline sweep: missed milestones become breaches, warnings go out before, escalations after (SPEC section 5,
"Enforcement").

Set-based: each step is one conditional UPDATE of at most BATCH milestones found through its partial index
(milestone_open_due, milestone_to_warn, milestone_to_escalate), whose WHERE repeats the due condition, followed by
INSERT … SELECT statements for the breaches and the ledger. A milestone met meanwhile no longer matches and is
skipped; of two sweeps at once, PostgreSQL makes the second wait for the first's row locks, re-check the condition and
skip; the breach's unique milestone is the database's guarantee of "once". Nothing here saves a Complaint or a
whole Milestone row. Notices are fanned out after commit by complaints.tasks.notify_timer_events.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import routes
from complaints.models import Breach, Severity, SweepRun, TimerEvent
from organization.messaging import notify, send_sms
from organization.models import Heartbeat, OutboundMessage, Store, User
from organization.roles import Role

BATCH = 10_000
# Notices of an event not followed by its NOTIFIED event after this long are sent again by the next sweep.
NOTICE_LOST_AFTER = timedelta(minutes=1)
NOTICE_REDONE_WITHIN = timedelta(days=1)
NOTICES_PER_TASK = 500
HEARTBEAT = "complaint-sweep"
NOTIFIED_KINDS = [TimerEvent.Kind.WARNED, TimerEvent.Kind.BREACHED, TimerEvent.Kind.ESCALATED]

# The conditions, on alias {m}: each is the WHERE of a partial index plus the time test.
DUE = (
    "{m}.met_at IS NULL AND {m}.breached_at IS NULL AND {m}.cancelled_at IS NULL"
    " AND {m}.due_at IS NOT NULL AND {m}.due_at <= %(now)s"
)
TO_WARN = (
    "{m}.met_at IS NULL AND {m}.warned_at IS NULL AND {m}.breached_at IS NULL AND {m}.cancelled_at IS NULL"
    " AND {m}.warn_at IS NOT NULL AND {m}.warn_at <= %(now)s AND {m}.due_at > %(now)s"
)
TO_ESCALATE = (
    "{m}.met_at IS NULL AND {m}.escalated_at IS NULL AND {m}.cancelled_at IS NULL AND {m}.breached_at IS NOT NULL"
    " AND {m}.escalate_at IS NOT NULL AND {m}.escalate_at <= %(now)s"
    " AND NOT EXISTS (SELECT 1 FROM complaints_complaint c JOIN organization_policyvalue v"
    " ON v.policy_set_id = c.policy_id WHERE c.id = {m}.complaint_id AND v.key = %(escalation_key)s AND v.value = '0')"
)

# Who a breach is charged to: the owner of the earliest blocking milestone of the complaint, before the breached one
# in the chain, not met by the time the breached one fell due; else the breached milestone's own owner.
BLOCKER = (
    "SELECT b.{column} FROM complaints_milestone b WHERE b.complaint_id = m.complaint_id AND b.blocking = %(yes)s"
    " AND b.cancelled_at IS NULL AND b.sequence < m.sequence AND (b.met_at IS NULL OR b.met_at > m.due_at)"
    " ORDER BY b.sequence, b.id LIMIT 1"
)
CHARGE = "CASE WHEN m.blocking = %(yes)s AND EXISTS ({blocker}) THEN ({blocker}) ELSE {own} END"

# The inner SELECT finds a batch through the partial index; the outer WHERE repeats the condition, so a row met,
# breached or cancelled meanwhile (PostgreSQL re-checks it once the other row lock is released) is skipped.
STAMP = """
UPDATE complaints_milestone AS m SET {column} = %(now)s
WHERE m.id IN (SELECT s.id FROM complaints_milestone s WHERE {batch} ORDER BY s.{order} LIMIT %(limit)s)
  AND {due}
RETURNING id
"""

INSERT_BREACHES = """
INSERT INTO complaints_breach
    (store_id, milestone_id, complaint_id, due_at, noticed_at, charged_to_id, charged_department_id, charged_role)
SELECT m.store_id, m.id, m.complaint_id, m.due_at, %(now)s, {owner}, {department}, {role}
FROM complaints_milestone m WHERE m.id IN ({ids})
ON CONFLICT (milestone_id) DO NOTHING
"""

INSERT_EVENTS = """
INSERT INTO complaints_timerevent (store_id, milestone_id, complaint_id, kind, scheduled_for, recorded_at, note)
SELECT m.store_id, m.id, m.complaint_id, %(kind)s, m.{scheduled}, %(now)s, ''
FROM complaints_milestone m WHERE m.id IN ({ids})
RETURNING id
"""


def _charge(column: str, own: str) -> str:
    blocker = BLOCKER.format(column=column)
    return CHARGE.format(blocker=blocker, own=own)


def _charged_department() -> str:
    """The blocking milestone's department, else its owner's department."""
    blocker_department = (
        "SELECT COALESCE(b.department_id, (SELECT u.department_id FROM organization_user u WHERE u.id = b.owner_id))"
        " FROM complaints_milestone b WHERE b.complaint_id = m.complaint_id AND b.blocking = %(yes)s"
        " AND b.cancelled_at IS NULL AND b.sequence < m.sequence AND (b.met_at IS NULL OR b.met_at > m.due_at)"
        " ORDER BY b.sequence, b.id LIMIT 1"
    )
    own = "COALESCE(m.department_id, (SELECT u.department_id FROM organization_user u WHERE u.id = m.owner_id))"
    blocker = BLOCKER.format(column="id")
    return f"CASE WHEN m.blocking = %(yes)s AND EXISTS ({blocker}) THEN ({blocker_department}) ELSE {own} END"


def params_at(now: datetime, **more) -> dict:
    return {
        "now": connection.ops.adapt_datetimefield_value(now),
        "yes": True,
        "limit": BATCH,
        "escalation_key": routes.ESCALATION_ON.key,
        **more,
    }


def _placeholders(ids: list[int], params: dict) -> str:
    """`ids` as named parameters (SQLite and PostgreSQL alike), added to `params`."""
    names = []
    for index, pk in enumerate(ids):
        params[f"id{index}"] = pk
        names.append(f"%(id{index})s")
    return ", ".join(names)


def stamp_statement(column: str, due: str, order: str) -> str:
    """The UPDATE stamping `column` on a batch of milestones meeting `due` (one of DUE, TO_WARN, TO_ESCALATE)."""
    return STAMP.format(column=column, batch=due.format(m="s"), due=due.format(m="m"), order=order)


def _stamp(cursor, column: str, due: str, order: str, params: dict) -> list[int]:
    cursor.execute(stamp_statement(column, due, order), params)
    return [row[0] for row in cursor.fetchall()]


def _record_events(cursor, ids: list[int], kind: str, scheduled: str, now: datetime) -> list[int]:
    params = params_at(now, kind=kind)
    cursor.execute(INSERT_EVENTS.format(scheduled=scheduled, ids=_placeholders(ids, params)), params)
    return [row[0] for row in cursor.fetchall()]


def record_breaches(now: datetime) -> tuple[int, list[int]]:
    """Stamp and record up to BATCH due milestones: (how many, the BREACHED events' ids)."""
    with transaction.atomic(), connection.cursor() as cursor:
        won = _stamp(cursor, "breached_at", DUE, "due_at", params_at(now))
        if not won:
            return 0, []
        params = params_at(now)
        sql = INSERT_BREACHES.format(
            owner=_charge("owner_id", "m.owner_id"),
            department=_charged_department(),
            role=_charge("owner_role", "m.owner_role"),
            ids=_placeholders(won, params),
        )
        cursor.execute(sql, params)
        return len(won), _record_events(cursor, won, TimerEvent.Kind.BREACHED, "due_at", now)


def record_warnings(now: datetime) -> tuple[int, list[int]]:
    with transaction.atomic(), connection.cursor() as cursor:
        won = _stamp(cursor, "warned_at", TO_WARN, "warn_at", params_at(now))
        if not won:
            return 0, []
        return len(won), _record_events(cursor, won, TimerEvent.Kind.WARNED, "warn_at", now)


def record_escalations(now: datetime) -> tuple[int, list[int]]:
    with transaction.atomic(), connection.cursor() as cursor:
        won = _stamp(cursor, "escalated_at", TO_ESCALATE, "escalate_at", params_at(now))
        if not won:
            return 0, []
        Breach.objects.filter(milestone_id__in=won, reached_gm_at=None).update(reached_gm_at=now)
        return len(won), _record_events(cursor, won, TimerEvent.Kind.ESCALATED, "escalate_at", now)


def _until_done(step, now: datetime, events: list[int]) -> int:
    total = 0
    while True:
        count, ids = step(now)
        total += count
        events.extend(ids)
        if count < BATCH:
            return total


def sweep(now: datetime | None = None) -> SweepRun:
    """Record every breach, warning and escalation due at `now` (default: the server's time), once.

    A catch-up after downtime records each breach with the time it really fell due and `now` as when it was noticed.
    """
    started_at = timezone.now()
    now = now or started_at
    events: list[int] = []
    breaches = _until_done(record_breaches, now, events)
    warnings = _until_done(record_warnings, now, events)
    escalations = _until_done(record_escalations, now, events)
    events.extend(lost_notices(now))
    queue_notices(events)
    run = SweepRun.objects.create(
        started_at=started_at,
        finished_at=timezone.now(),
        breaches=breaches,
        warnings=warnings,
        escalations=escalations,
    )
    Heartbeat.objects.update_or_create(name=HEARTBEAT, defaults={"last_run_at": run.finished_at})
    return run


def queue_notices(event_ids: list[int]) -> None:
    """Fan the notices out in queued tasks once the events are committed."""
    from complaints.tasks import notify_timer_events

    for start in range(0, len(event_ids), NOTICES_PER_TASK):
        chunk = event_ids[start : start + NOTICES_PER_TASK]
        transaction.on_commit(lambda chunk=chunk: notify_timer_events.delay(chunk))


def _notified():
    return TimerEvent.objects.filter(
        milestone_id=OuterRef("milestone_id"), kind=TimerEvent.Kind.NOTIFIED, note=OuterRef("kind")
    )


def lost_notices(now: datetime) -> list[int]:
    """Events of the last day whose notices a task that died never sent (no NOTIFIED successor after a minute)."""
    stores = list(Store.objects.values_list("pk", flat=True))
    return list(
        TimerEvent.objects.filter(
            store_id__in=stores,
            kind__in=NOTIFIED_KINDS,
            recorded_at__gte=now - NOTICE_REDONE_WITHIN,
            recorded_at__lt=now - NOTICE_LOST_AFTER,
        )
        .filter(~Exists(_notified()))
        .values_list("pk", flat=True)
    )


def _staff_sms(person: User | None, text: str) -> None:
    if person is not None and person.mobile:
        send_sms(
            store=person.store,
            to=person.mobile,
            category=OutboundMessage.Category.STAFF_ALERT,
            template="staff_alert",
            params={"text": text},
        )


def _gms(store_id: int, cache: dict) -> list[User]:
    if store_id not in cache:
        cache[store_id] = list(User.objects.filter(store_id=store_id).with_role(Role.GENERAL_MANAGER))
    return cache[store_id]


def _send(event: TimerEvent, breach: Breach | None, gm_cache: dict) -> int:
    milestone, complaint = event.milestone, event.milestone.complaint
    names = {"number": complaint.number, "milestone": milestone}
    url = complaint.get_absolute_url()
    major = complaint.severity == Severity.MAJOR
    if event.kind == TimerEvent.Kind.WARNED:
        title = _("Complaint %(number)s: %(milestone)s is due soon") % names
        return notify([milestone.owner], title, url=url)
    if event.kind == TimerEvent.Kind.BREACHED:
        charged = breach.charged_to if breach else milestone.owner
        people = [charged, charged.superior if charged else None]
        title = _("Complaint %(number)s: %(milestone)s is overdue") % names
        if major:
            for person in people:
                _staff_sms(person, title)
        return notify(people, title, url=url)
    title = _("Complaint %(number)s: %(milestone)s still unmet, escalated to you") % names
    gms = _gms(complaint.store_id, gm_cache)
    for gm in gms:
        _staff_sms(gm, title)
    return notify(gms, title, url=url)


@transaction.atomic
def send_notices(event_ids: list[int], now: datetime | None = None) -> int:
    """Send the notices of the given events not sent yet, each followed by its NOTIFIED event; how many were sent.

    One transaction: a task that dies leaves nothing half-sent, and the next sweep queues the events again.
    Events another task holds right now are skipped (PostgreSQL), not sent twice.
    """
    now = now or timezone.now()
    events = list(
        TimerEvent.objects.filter(pk__in=event_ids, kind__in=NOTIFIED_KINDS)
        .filter(~Exists(_notified()))
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("milestone__owner__superior", "milestone__complaint")
        .order_by("pk")
    )
    breaches = {
        breach.milestone_id: breach
        for breach in Breach.objects.filter(milestone_id__in=[e.milestone_id for e in events]).select_related(
            "charged_to__superior", "charged_to__store"
        )
    }
    gm_cache: dict = {}
    sent = 0
    for event in events:
        sent += _send(event, breaches.get(event.milestone_id), gm_cache)
    TimerEvent.objects.bulk_create(
        TimerEvent(
            store_id=event.store_id,
            milestone_id=event.milestone_id,
            complaint_id=event.complaint_id,
            kind=TimerEvent.Kind.NOTIFIED,
            scheduled_for=event.recorded_at,
            recorded_at=now,
            note=event.kind,
        )
        for event in events
    )
    return sent


def sweep_is_stale(heartbeat: Heartbeat | None, now: datetime) -> bool:
    return heartbeat is None or now - heartbeat.last_run_at > timedelta(minutes=settings.BEAT_STALE_AFTER_MINUTES)


def last_sweep() -> Heartbeat | None:
    return Heartbeat.objects.filter(name=HEARTBEAT).first()
