"""The deadline sweep: missed milestones become breaches, warnings go out before, escalations after (SPEC section 5,
"Enforcement").

Set-based: each step is one conditional UPDATE of at most BATCH milestones found through its partial index
(milestone_open_due, milestone_to_warn, milestone_to_escalate), whose WHERE repeats the due condition, followed by
INSERT … SELECT statements for the breaches and the ledger. A milestone met meanwhile no longer matches and is
skipped; of two sweeps at once, PostgreSQL makes the second wait for the first's row locks, re-check the condition and
skip; the breach's unique milestone is the database's guarantee of "once". Nothing here saves a Complaint or a
whole Milestone row. Notices are fanned out after commit by complaints.tasks.notify_timer_events.

The whole sweep is one transaction (bench/README.md has its figures and plans at 500,000 complaints).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, Min, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import routes
from complaints.models import Breach, Complaint, Milestone, Severity, SweepRun, TimerEvent
from organization.messaging import send_sms
from organization.models import Department, Heartbeat, Notification, OutboundMessage, User
from organization.roles import Role

BATCH = 10_000
# Notices of an event not followed by its NOTIFIED event after this long are sent again by the next sweep.
NOTICE_LOST_AFTER = timedelta(minutes=1)
NOTICE_REDONE_WITHIN = timedelta(days=1)
NOTICES_PER_TASK = 500
HEARTBEAT = "complaint-sweep"
# Every notice of an event recorded before this heartbeat's time has been sent: the lost-notice check starts there.
NOTICES_CHECKED = "complaint-notices"
NOTIFIED_KINDS = [TimerEvent.Kind.WARNED, TimerEvent.Kind.BREACHED, TimerEvent.Kind.ESCALATED]

# The conditions, on alias {m}: each is the WHERE of a partial index plus the time test.
DUE = (
    "{m}.met_at IS NULL AND {m}.breached_at IS NULL AND {m}.cancelled_at IS NULL"
    " AND {m}.due_at IS NOT NULL AND {m}.due_at <= %(now)s"
)
# No "due_at > now": the sweep records the breaches first, so a milestone already due is breached, not warned; and
# that test made the planner probe milestone_open_due over every open future milestone instead of milestone_to_warn.
TO_WARN = (
    "{m}.met_at IS NULL AND {m}.warned_at IS NULL AND {m}.breached_at IS NULL AND {m}.cancelled_at IS NULL"
    " AND {m}.warn_at IS NOT NULL AND {m}.warn_at <= %(now)s"
)
TO_ESCALATE = (
    "{m}.met_at IS NULL AND {m}.escalated_at IS NULL AND {m}.cancelled_at IS NULL AND {m}.breached_at IS NOT NULL"
    " AND {m}.escalate_at IS NOT NULL AND {m}.escalate_at <= %(now)s"
    " AND NOT EXISTS (SELECT 1 FROM complaints_complaint c JOIN organization_policyvalue v"
    " ON v.policy_set_id = c.policy_id WHERE c.id = {m}.complaint_id AND v.key = %(escalation_key)s AND v.value = '0')"
)

# Who a breach is charged to: the owner of the earliest blocking milestone of the complaint, before the breached one
# in the chain, not met by the time the breached one fell due (found once per breach, then read by its key); else the
# breached milestone's own owner. The department: the milestone's, else its owner's.
BLOCKER = (
    "SELECT x.id FROM complaints_milestone x WHERE x.complaint_id = m.complaint_id AND x.blocking = %(yes)s"
    " AND x.cancelled_at IS NULL AND x.sequence < m.sequence AND (x.met_at IS NULL OR x.met_at > m.due_at)"
    " ORDER BY x.sequence, x.id LIMIT 1"
)
BLOCKER_COLUMN = "(SELECT b.{column} FROM complaints_milestone b WHERE b.id = m.blocker_id)"
DEPARTMENT = (
    "(SELECT COALESCE(b.department_id, u.department_id) FROM complaints_milestone b"
    " LEFT JOIN organization_user u ON u.id = b.owner_id WHERE b.id = {milestone})"
)

# The inner SELECT finds a batch through the partial index; the outer WHERE repeats the condition, so a row met,
# breached or cancelled meanwhile (PostgreSQL re-checks it once the other row lock is released) is skipped.
STAMP = """
UPDATE complaints_milestone AS m SET {column} = %(now)s
WHERE m.id IN (SELECT s.id FROM complaints_milestone s WHERE {batch} ORDER BY s.{order} LIMIT %(limit)s)
  AND {due}
RETURNING id
"""

# MATERIALIZED: the blocker is looked up once per breach, not once per column that reads it.
INSERT_BREACHES = f"""
WITH m AS MATERIALIZED (
    SELECT m.*, CASE WHEN m.blocking = %(yes)s THEN ({BLOCKER}) END AS blocker_id
    FROM complaints_milestone m WHERE m.id {{ids}}
)
INSERT INTO complaints_breach
    (store_id, milestone_id, complaint_id, due_at, noticed_at, charged_to_id, charged_department_id, charged_role)
SELECT m.store_id, m.id, m.complaint_id, m.due_at, %(now)s,
    CASE WHEN m.blocker_id IS NULL THEN m.owner_id ELSE {BLOCKER_COLUMN.format(column="owner_id")} END,
    {DEPARTMENT.format(milestone="COALESCE(m.blocker_id, m.id)")},
    CASE WHEN m.blocker_id IS NULL THEN m.owner_role ELSE {BLOCKER_COLUMN.format(column="owner_role")} END
FROM m WHERE true
ON CONFLICT (milestone_id) DO NOTHING
"""

INSERT_EVENTS = """
INSERT INTO complaints_timerevent (store_id, milestone_id, complaint_id, kind, scheduled_for, recorded_at, note)
SELECT m.store_id, m.id, m.complaint_id, %(kind)s, m.{scheduled}, %(now)s, ''
FROM complaints_milestone m WHERE m.id {ids}
RETURNING id
"""


def params_at(now: datetime, **more) -> dict:
    return {
        "now": connection.ops.adapt_datetimefield_value(now),
        "yes": True,
        "limit": BATCH,
        "escalation_key": routes.ESCALATION_ON.key,
        **more,
    }


def _in_ids(ids: list[int], params: dict) -> str:
    """`IN` the milestones `ids`, added to `params`: one array parameter on PostgreSQL, else named parameters."""
    if connection.vendor == "postgresql":
        params["ids"] = ids
        return "= ANY(%(ids)s)"
    names = []
    for index, pk in enumerate(ids):
        params[f"id{index}"] = pk
        names.append(f"%(id{index})s")
    return f"IN ({', '.join(names)})"


def stamp_statement(column: str, due: str, order: str) -> str:
    """The UPDATE stamping `column` on a batch of milestones meeting `due` (one of DUE, TO_WARN, TO_ESCALATE)."""
    return STAMP.format(column=column, batch=due.format(m="s"), due=due.format(m="m"), order=order)


def _stamp(cursor, column: str, due: str, order: str, params: dict) -> list[int]:
    cursor.execute(stamp_statement(column, due, order), params)
    return [row[0] for row in cursor.fetchall()]


def _record_events(cursor, ids: list[int], kind: str, scheduled: str, now: datetime) -> list[int]:
    params = params_at(now, kind=kind)
    cursor.execute(INSERT_EVENTS.format(scheduled=scheduled, ids=_in_ids(ids, params)), params)
    return [row[0] for row in cursor.fetchall()]


def record_breaches(cursor, now: datetime) -> tuple[int, list[int]]:
    """Stamp and record up to BATCH due milestones: (how many, the BREACHED events' ids)."""
    won = _stamp(cursor, "breached_at", DUE, "due_at", params_at(now))
    if not won:
        return 0, []
    params = params_at(now)
    cursor.execute(INSERT_BREACHES.format(ids=_in_ids(won, params)), params)
    return len(won), _record_events(cursor, won, TimerEvent.Kind.BREACHED, "due_at", now)


def record_warnings(cursor, now: datetime) -> tuple[int, list[int]]:
    won = _stamp(cursor, "warned_at", TO_WARN, "warn_at", params_at(now))
    if not won:
        return 0, []
    return len(won), _record_events(cursor, won, TimerEvent.Kind.WARNED, "warn_at", now)


def record_escalations(cursor, now: datetime) -> tuple[int, list[int]]:
    won = _stamp(cursor, "escalated_at", TO_ESCALATE, "escalate_at", params_at(now))
    if not won:
        return 0, []
    Breach.objects.filter(milestone_id__in=won, reached_gm_at=None).update(reached_gm_at=now)
    return len(won), _record_events(cursor, won, TimerEvent.Kind.ESCALATED, "escalate_at", now)


def _until_done(step, cursor, now: datetime, events: list[int]) -> int:
    total = 0
    while True:
        count, ids = step(cursor, now)
        total += count
        events.extend(ids)
        if count < BATCH:
            return total


def sweep(now: datetime | None = None) -> SweepRun:
    """Record every breach, warning and escalation due at `now` (default: the server's time), once.

    A catch-up after downtime records each breach with the time it really fell due and `now` as when it was noticed.
    One transaction; nothing due costs three index probes, the lost-notice probe and the heartbeat's write. The run is
    kept (SweepRun) only when it recorded or re-sent something; the heartbeat says when the last one ran.
    """
    started_at = timezone.now()
    now = now or started_at
    events: list[int] = []
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The planner's estimate of due rows comes from table-wide statistics (millions of past due times): it
            # would compile each probe with JIT (500 ms with nothing due) or start parallel workers (10 ms).
            cursor.execute(
                "SELECT set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)"
            )
        breaches = _until_done(record_breaches, cursor, now, events)
        warnings = _until_done(record_warnings, cursor, now, events)
        escalations = _until_done(record_escalations, cursor, now, events)
        lost, checked_until = lost_notices(now)
        events.extend(lost)
        queue_notices(events)
        run = SweepRun(
            started_at=started_at,
            finished_at=timezone.now(),
            breaches=breaches,
            warnings=warnings,
            escalations=escalations,
        )
        if events:
            run.save()
        beat(run.finished_at, checked_until)
    return run


BEAT = """
UPDATE organization_heartbeat SET last_run_at = CASE WHEN name = %(sweep)s THEN %(finished)s ELSE %(checked)s END
WHERE name IN (%(sweep)s, %(notices)s)
"""


def beat(finished_at: datetime, checked_until: datetime) -> None:
    """The sweep's heartbeat and the lost-notice check's progress, in one UPDATE (created on the first run)."""
    adapt = connection.ops.adapt_datetimefield_value
    params = {
        "sweep": HEARTBEAT,
        "notices": NOTICES_CHECKED,
        "finished": adapt(finished_at),
        "checked": adapt(checked_until),
    }
    with connection.cursor() as cursor:
        cursor.execute(BEAT, params)
        updated = cursor.rowcount
    if updated < 2:
        for name, time in {HEARTBEAT: finished_at, NOTICES_CHECKED: checked_until}.items():
            Heartbeat.objects.update_or_create(name=name, defaults={"last_run_at": time})


def queue_notices(event_ids: list[int]) -> None:
    """Fan the notices out in queued tasks once the events are committed."""
    from complaints.tasks import notify_timer_events

    chunks = [event_ids[start : start + NOTICES_PER_TASK] for start in range(0, len(event_ids), NOTICES_PER_TASK)]
    if not chunks:
        return

    def publish():
        # One broker connection for every chunk, not one acquired per task.
        with notify_timer_events.app.producer_or_acquire() as producer:
            for chunk in chunks:
                # The log's line for the task names how many events, not 500 ids (and saferepr of them costs 1 ms).
                argsrepr = f"([{len(chunk)} events from {chunk[0]}],)"
                notify_timer_events.apply_async((chunk,), producer=producer, argsrepr=argsrepr)

    transaction.on_commit(publish)


def _notified():
    return TimerEvent.objects.filter(
        milestone_id=OuterRef("milestone_id"), kind=TimerEvent.Kind.NOTIFIED, note=OuterRef("kind")
    )


# Raw SQL, like the stamps: the sweep runs every minute, and building this query with the ORM took longer than
# PostgreSQL took to answer it (1.3 of an idle sweep's 4.6 ms). One lower bound, the later of the last check and a
# day ago: with two, PostgreSQL bounded the index scan by the day and filtered a day of events (63 ms).
LOST = """
SELECT e.id FROM complaints_timerevent e
WHERE e.kind IN (%(warned)s, %(breached)s, %(escalated)s) AND e.recorded_at < %(until)s
  AND e.recorded_at >= COALESCE((SELECT CASE WHEN h.last_run_at > %(oldest)s THEN h.last_run_at ELSE %(oldest)s END
                                 FROM organization_heartbeat h WHERE h.name = %(checked)s), %(oldest)s)
  AND NOT EXISTS (SELECT 1 FROM complaints_timerevent n
                  WHERE n.milestone_id = e.milestone_id AND n.kind = %(notified)s AND n.note = e.kind)
"""


def lost_notices(now: datetime) -> tuple[list[int], datetime]:
    """Events whose notices a task that died never sent (no NOTIFIED successor after a minute), and the time up to
    which every notice is then known sent.

    Only events since the last check are probed (the timer_event_to_notify index), at most a day back; an event found
    lost keeps the check from moving past it, so it is queued again each sweep until its notice is sent.
    """
    until = now - NOTICE_LOST_AFTER
    adapt = connection.ops.adapt_datetimefield_value
    kinds = dict(zip(["warned", "breached", "escalated"], NOTIFIED_KINDS, strict=True))
    params = {"until": adapt(until), "oldest": adapt(now - NOTICE_REDONE_WITHIN), "checked": NOTICES_CHECKED}
    with connection.cursor() as cursor:
        cursor.execute(LOST, {**params, **kinds, "notified": TimerEvent.Kind.NOTIFIED})
        lost = [row[0] for row in cursor.fetchall()]
    if not lost:
        return [], until
    return lost, TimerEvent.objects.filter(pk__in=lost).aggregate(first=Min("recorded_at"))["first"]


NOTIFIED_FROM = """
INSERT INTO complaints_timerevent (store_id, milestone_id, complaint_id, kind, scheduled_for, recorded_at, note)
SELECT e.store_id, e.milestone_id, e.complaint_id, %(kind)s, e.recorded_at, %(now)s, e.kind
FROM complaints_timerevent e WHERE e.id {ids}
"""
# What a notice needs of its event, read as plain values: a sweep at scale hands a task 500 events, and building
# six model instances for each took most of the task's time.
NOTICE_FIELDS = [
    "pk",
    "kind",
    "store_id",
    "milestone_id",
    "milestone__kind",
    "milestone__department__kind",
    "milestone__owner_id",
    "milestone__owner__superior_id",
    "complaint_id",
    "complaint__first_round_id",
    "complaint__round",
    "complaint__severity",
]


class _Notice:
    """Who hears of an event and what they read; the labels are translated once per batch, not once per event."""

    def __init__(self):
        self.kinds = {value: str(label) for value, label in Milestone.Kind.choices}
        self.departments = {value: str(label) for value, label in Department.Kind.choices}
        self.gms: dict[int, list[int]] = {}

    def milestone(self, event) -> str:
        """As str(milestone) reads."""
        name, department = self.kinds[event.milestone__kind], event.milestone__department__kind
        return f"{name} · {self.departments[department]}" if department else name

    def store_gms(self, store_id: int) -> list[int]:
        if store_id not in self.gms:
            gms = User.objects.filter(store_id=store_id).with_role(Role.GENERAL_MANAGER)
            self.gms[store_id] = list(gms.values_list("pk", flat=True))
        return self.gms[store_id]

    def __call__(self, event, charged: dict) -> tuple[str, list[int], bool]:
        """The title, the people notified in-app (ids), and whether they also get it by SMS."""
        names = {
            "number": Complaint.number_of(
                event.complaint__first_round_id or event.complaint_id, event.complaint__round
            ),
            "milestone": self.milestone(event),
        }
        if event.kind == TimerEvent.Kind.WARNED:
            return _("Complaint %(number)s: %(milestone)s is due soon") % names, [event.milestone__owner_id], False
        if event.kind == TimerEvent.Kind.BREACHED:
            people = charged.get(event.milestone_id, (event.milestone__owner_id, event.milestone__owner__superior_id))
            title = _("Complaint %(number)s: %(milestone)s is overdue") % names
            return title, list(people), event.complaint__severity == Severity.MAJOR
        title = _("Complaint %(number)s: %(milestone)s still unmet, escalated to you") % names
        return title, self.store_gms(event.store_id), True


def _staff_sms(person: User, text: str) -> None:
    if person.mobile:
        send_sms(
            store=person.store,
            to=person.mobile,
            category=OutboundMessage.Category.STAFF_ALERT,
            template="staff_alert",
            params={"text": text},
        )


@transaction.atomic
def send_notices(event_ids: list[int], now: datetime | None = None) -> int:
    """Send the notices of the given events not sent yet, each followed by its NOTIFIED event; how many were sent.

    One transaction: a task that dies leaves nothing half-sent, and the next sweep queues the events again.
    Events another task holds right now are skipped (PostgreSQL), not sent twice.
    """
    now = now or timezone.now()
    held = list(
        TimerEvent.objects.filter(pk__in=event_ids, kind__in=NOTIFIED_KINDS)
        .filter(~Exists(_notified()))
        .select_for_update(skip_locked=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not held:
        return 0
    events = list(TimerEvent.objects.filter(pk__in=held).order_by("pk").values_list(*NOTICE_FIELDS, named=True))
    breached = [event.milestone_id for event in events if event.kind == TimerEvent.Kind.BREACHED]
    breaches = Breach.objects.filter(milestone_id__in=breached)
    charged = {
        milestone: (person, superior)
        for milestone, person, superior in breaches.values_list(
            "milestone_id", "charged_to_id", "charged_to__superior_id"
        )
    }
    notice, notices, texts = _Notice(), [], []
    for event in events:
        title, people, by_sms = notice(event, charged)
        url = reverse("complaints:detail", args=[event.complaint_id])
        notices += [Notification(recipient_id=person, title=title, url=url) for person in people if person]
        texts += [(person, title) for person in people if person and by_sms]
    Notification.objects.bulk_create(notices)
    if texts:
        staff = User.objects.select_related("store").in_bulk({person for person, _title in texts})
        for person, title in texts:
            _staff_sms(staff[person], title)
    params = params_at(now, kind=TimerEvent.Kind.NOTIFIED)
    with connection.cursor() as cursor:
        cursor.execute(NOTIFIED_FROM.format(ids=_in_ids(held, params)), params)
    return len(notices)


def sweep_is_stale(heartbeat: Heartbeat | None, now: datetime) -> bool:
    return heartbeat is None or now - heartbeat.last_run_at > timedelta(minutes=settings.BEAT_STALE_AFTER_MINUTES)


def last_sweep() -> Heartbeat | None:
    return Heartbeat.objects.filter(name=HEARTBEAT).first()
