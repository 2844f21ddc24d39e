"""The complaint figures the dashboards show (SPEC section 6): for a list of stores at once, each in a fixed number of
queries however many stores and complaints (grouped counts by store, or one list query).

Which complaints count is decided where the rule already lives: a month's complaints, its root causes and its
on-time rate as complaints/statistics.py counts them for the monthly export, fines as complaints/penalties.py
computes them, "overdue" and "breached" as the queue's filters (complaints/queues.py) read them.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery

from complaints.models import Breach, Complaint, Milestone
from complaints.penalties import StaffMonth, penalties_by_store
from complaints.statistics import Scope, complaints_of_month
from organization import calendar

Kind = Milestone.Kind
# How close a deadline must be to count as "at risk" on the GM's dashboard (a view of the deadlines, not a rule).
AT_RISK_WITHIN = timedelta(hours=2)


def _by_store(rows, key: str = "n") -> dict[int, int]:
    return {row["store"]: row[key] for row in rows}


def open_by_stage_and_severity(stores) -> dict[int, dict[tuple[str, str], int]]:
    """Store id → (stage, severity) → open complaints (each round is its own form; an objected one is closed)."""
    rows = (
        Complaint.objects.filter(store__in=stores)
        .open()
        .values("store", "stage", "severity")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
    for row in rows:
        counts[row["store"]][row["stage"], row["severity"]] = row["n"]
    return counts


def open_complaints(stores) -> dict[int, int]:
    """Store id → complaints open now."""
    return _by_store(Complaint.objects.filter(store__in=stores).open().values("store").annotate(n=Count("pk")))


def _open_milestones():
    return Milestone.objects.filter(complaint=OuterRef("pk"), met_at=None, cancelled_at=None)


@dataclass(frozen=True)
class Lateness:
    overdue: int = 0  # open complaints with a milestone past due and not met (the queue's "overdue")
    breached: int = 0  # open complaints with a breach recorded (the queue's "breached")


def late_open_complaints(stores, now: datetime) -> dict[int, Lateness]:
    """Store id → its open complaints that are overdue, and those with a breach, counted in one query."""
    rows = (
        Complaint.objects.filter(store__in=stores)
        .open()
        .annotate(
            is_overdue=Exists(_open_milestones().filter(due_at__lt=now)),
            is_breached=Exists(Breach.objects.filter(complaint=OuterRef("pk"))),
        )
        .values("store")
        .annotate(
            overdue=Count("pk", filter=Q(is_overdue=True)),
            breached=Count("pk", filter=Q(is_breached=True)),
        )
        .order_by()
    )
    return {row["store"]: Lateness(row["overdue"], row["breached"]) for row in rows}


def breaches_in_month(stores, month: date) -> dict[int, int]:
    """Store id → breaches that fell due in the month (as the monthly statistics count them)."""
    start, end = calendar.month_bounds(month)
    breaches = Breach.objects.filter(store__in=stores, due_at__gte=start, due_at__lt=end)
    return _by_store(breaches.values("store").annotate(n=Count("pk")).order_by())


def complaints_raised(stores, month: date) -> dict[int, int]:
    """Store id → complaints raised in the month, each counted once however many rounds (the statistics' count)."""
    complaints = complaints_of_month(Scope(stores=tuple(stores)), month)
    return _by_store(complaints.values("store").annotate(n=Count("pk")).order_by())


def top_root_causes(stores, month: date, *, limit: int = 5) -> dict[int, list[tuple[str, int]]]:
    """Store id → the month's most frequent root causes, (cause, complaints), most first: the statistics'
    complaints of the month by their latest round's root cause, leaving out those not yet analysed."""
    complaints = complaints_of_month(Scope(stores=tuple(stores)), month).exclude(latest_root_cause="")
    rows = complaints.values("store", "latest_root_cause").annotate(n=Count("pk")).order_by()
    causes: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for row in sorted(rows, key=lambda row: (-row["n"], row["latest_root_cause"])):
        causes[row["store"]].append((row["latest_root_cause"], row["n"]))
    return {store: ranked[:limit] for store, ranked in causes.items()}


def on_time_rates(stores, month: date, now: datetime) -> dict[str, dict[int, Decimal | None]]:
    """Milestone kind → store id → the percentage of the milestones due in the month (up to `now`) that were met
    by their due time, as the monthly statistics count them; None where none fell due."""
    start, end = calendar.month_bounds(month)
    due = Milestone.objects.filter(store__in=stores, cancelled_at=None, due_at__gte=start, due_at__lt=min(end, now))
    rows = (
        due.values("store", "kind")
        .annotate(due=Count("pk"), met=Count("pk", filter=Q(met_at__lte=F("due_at"))))
        .order_by()
    )
    rates: dict[str, dict[int, Decimal | None]] = {kind: {} for kind in Kind.values}
    for row in rows:
        rates[row["kind"]][row["store"]] = (Decimal(row["met"] * 100) / row["due"]).quantize(Decimal("0.1"))
    return rates


def fines_in_month(stores, month: date) -> dict[int, Decimal]:
    """Store id → the month's fines: the sum of every staff member's total (allowance fines and recorded fines)."""
    stores = list(stores)
    by_store = penalties_by_store(stores, month)
    return {store.pk: sum((row.total for row in by_store.get(store.pk, [])), Decimal(0)) for store in stores}


def most_fined_staff(stores, month: date, *, limit: int = 10) -> dict[int, list[StaffMonth]]:
    """Store id → the staff members with complaints or fines in the month, the largest fine total first, then the
    highest complaint rate."""
    by_store = penalties_by_store(stores, month)

    def order(row: StaffMonth):
        return (-row.total, -(row.complaint_rate or 0), row.person.name, row.person.pk)

    return {
        store: sorted((row for row in rows if row.complaints or row.total), key=order)[:limit]
        for store, rows in by_store.items()
    }


def waiting_for_gm(stores) -> QuerySet:
    """Open complaints waiting for the GM, newest first: a major one whose instruction (批示) is not given yet, or one
    with a milestone escalated to the GM and still unmet (the GM's queue leads with the same ones). Each is annotated
    with `awaits_instruction` and `escalated_kind` (the escalated milestone's kind, or None)."""
    instruction = _open_milestones().filter(kind=Kind.GM_INSTRUCTION)
    escalated = _open_milestones().filter(escalated_at__isnull=False).order_by("escalated_at", "pk")
    return (
        Complaint.objects.filter(store__in=stores)
        .open()
        .annotate(
            awaits_instruction=Exists(instruction),
            escalated_kind=Subquery(escalated.values("kind")[:1]),
        )
        .filter(Q(awaits_instruction=True) | Q(escalated_kind__isnull=False))
        .select_related("customer")
        .order_by("-raised_at", "-pk")
    )


def at_risk(stores, now: datetime) -> QuerySet:
    """Open milestones of the stores falling due within AT_RISK_WITHIN of `now` (not yet breached), soonest first,
    with their complaint, its customer and the milestone's owner."""
    return (
        Milestone.objects.filter(
            store__in=stores,
            met_at=None,
            breached_at=None,
            cancelled_at=None,
            due_at__gte=now,
            due_at__lt=now + AT_RISK_WITHIN,
        )
        .select_related("complaint__customer", "owner", "department")
        .order_by("due_at", "pk")
    )
