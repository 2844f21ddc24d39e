"""The month's complaint figures (顾客投诉统计表, SPEC section 5): plain functions the export and the dashboards read.

Whose figures: a `Scope` — one store, every store (the group user), or one department of a store (a department
head sees the complaints their department is involved in and their own staff).
Which complaints: those raised in the month (local time). A complaint counts once however many rounds it took: the
summary counts first rounds raised in the month, classified as their latest round is (as the penalties do), with the
departments involved in any round; the per-complaint sheet lists every form of the month, rounds each on a line.
Milestones count in the month they fell due (met on time: met by the due time), breaches in the month they fell due,
each round's own.
"""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Aggregate, CharField, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import Breach, Complaint, ComplaintDepartment, Milestone
from complaints.penalties import StaffMonth, penalties_by_store, rounds_of
from organization import calendar
from organization.models import Department, Store
from organization.roles import Role

FIRST_MONTH = date(2000, 1, 1)
LAST_MONTH = date(2099, 12, 1)
SEPARATOR = "\x1f"  # between the names a per-complaint row joins (departments, staff at fault)


def parse_month(text: str) -> date:
    """ "2026-11" → 1 November 2026; anything else (or a month outside 2000–2099) is refused with a message."""
    try:
        month = datetime.strptime(text.strip(), "%Y-%m").date() if len(text.strip()) == 7 else None
    except ValueError:
        month = None
    if month is None or not FIRST_MONTH <= month <= LAST_MONTH:
        raise ValidationError(_("Give the month as YYYY-MM, e.g. 2026-11."), code="bad_month")
    return month


@dataclass(frozen=True)
class Scope:
    """Whose complaints: `stores` (None: every store), narrowed to one department's when `department` is set."""

    stores: tuple[Store, ...] | None
    department: Department | None = None
    empty: bool = False  # a department head of no department: nothing to show

    @property
    def store(self) -> Store | None:
        return self.stores[0] if self.stores and len(self.stores) == 1 else None


def scope_for(user, store_code: str = "") -> Scope:
    """The statistics a user may read: the after-sales manager and the GM their store's, a department head their
    department's, the group user one store's (`store_code`) or the whole group's. Another store answers 404."""
    code = store_code.strip()
    if user.is_group_manager:
        if not code:
            return Scope(stores=None)
        store = Store.objects.filter(code=code).first()
        if store is None:
            raise Http404
        return Scope(stores=(store,))
    if user.store_id is None or (code and code != user.store.code):
        raise Http404
    if user.has_any_role(Role.AFTER_SALES_MANAGER, Role.GENERAL_MANAGER):
        return Scope(stores=(user.store,))
    if user.has_any_role(Role.DEPARTMENT_HEAD):
        department = user.department or user.headed_departments.first()
        return Scope(stores=(user.store,), department=department, empty=department is None)
    raise PermissionDenied


def scope_for_store_code(store_code: str = "") -> Scope:
    """The management command's scope: one store by its code, or the whole group."""
    if not store_code:
        return Scope(stores=None)
    store = Store.objects.filter(code=store_code).first()
    if store is None:
        raise ValidationError(_("No store has the code %(code)s.") % {"code": store_code}, code="bad_store")
    return Scope(stores=(store,))


def scoped_forms(scope: Scope):
    """Every complaint form of the scope (any month)."""
    forms = Complaint.objects.none() if scope.empty else Complaint.objects.all()
    if scope.stores is not None:
        forms = forms.filter(store__in=[store.pk for store in scope.stores])
    if scope.department is not None:
        forms = forms.filter(
            Exists(ComplaintDepartment.objects.filter(complaint=OuterRef("pk"), department=scope.department))
        )
    return forms


def forms_of_month(scope: Scope, month: date):
    """Every form raised in the month, each round its own."""
    start, end = calendar.month_bounds(month)
    return scoped_forms(scope).filter(raised_at__gte=start, raised_at__lt=end)


def _latest(field_name: str):
    later = Complaint.objects.filter(first_round=OuterRef("pk")).order_by("-round").values(field_name)[:1]
    return Coalesce(Subquery(later), F(field_name))


def complaints_of_month(scope: Scope, month: date):
    """The month's complaints counted once: first rounds raised in the month (their chain involving the
    department, for a department head), annotated with their latest round's category, severity, root cause and
    technique."""
    start, end = calendar.month_bounds(month)
    firsts = scoped_forms(Scope(stores=scope.stores, empty=scope.empty)).filter(
        first_round=None, raised_at__gte=start, raised_at__lt=end
    )
    if scope.department is not None:
        chain = Q(complaint=OuterRef("pk")) | Q(complaint__first_round=OuterRef("pk"))
        firsts = firsts.filter(Exists(ComplaintDepartment.objects.filter(chain, department=scope.department)))
    return firsts.annotate(
        latest_category=_latest("category"),
        latest_severity=_latest("severity"),
        latest_root_cause=_latest("root_cause"),
        latest_technique=_latest("technique"),
    )


def _tallies(rows, keys: list[str]) -> dict[str, Counter]:
    """A Counter per key from one grouped query: the rows counted per combination of the keys' values, then
    summed per key (what one `_counts` query per key would give, in a single pass over the rows)."""
    tallies = {key: Counter() for key in keys}
    for combination in rows.values(*keys).annotate(n=Count("pk")).order_by():
        for key in keys:
            tallies[key][combination[key]] += combination["n"]
    return tallies


def _ordered(counter: Counter) -> dict[str, int]:
    """A tally in the order of its values, without the values that counted nothing."""
    return {value: counter[value] for value in sorted(counter) if counter[value]}


@dataclass
class MonthSummary:
    """The summary sheet's figures; each dict maps a stored value (a choice, a kind) to a count."""

    month: date
    complaints: int = 0
    rounds: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_severity: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, int] = field(default_factory=dict)
    by_route: dict[str, int] = field(default_factory=dict)
    by_department: dict[str, int] = field(default_factory=dict)
    by_root_cause: dict[str, int] = field(default_factory=dict)
    by_technique: dict[str, int] = field(default_factory=dict)
    on_time: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind → (met on time, due)
    breaches_by_milestone: dict[str, int] = field(default_factory=dict)
    breaches_by_department: dict[str, int] = field(default_factory=dict)  # "" when charged to no department
    voided: int = 0

    @property
    def breaches(self) -> int:
        return sum(self.breaches_by_milestone.values())

    @property
    def on_time_rate(self) -> float | None:
        met, due = (sum(pair[i] for pair in self.on_time.values()) for i in (0, 1))
        return met / due if due else None


def departments_involved(complaints) -> dict[str, int]:
    """Department kind → complaints it was involved in (any round, once per complaint)."""
    entries = ComplaintDepartment.objects.filter(complaint__in=rounds_of(complaints)).annotate(
        chain=Coalesce(F("complaint__first_round"), F("complaint"))
    )
    rows = entries.values("department__kind").annotate(n=Count("chain", distinct=True)).order_by("department__kind")
    return {row["department__kind"]: row["n"] for row in rows}


def on_time_by_milestone(scope: Scope, month: date, now: datetime) -> dict[str, tuple[int, int]]:
    """Milestone kind → (met by their due time, fallen due) among the milestones due in the month, up to `now`."""
    start, end = calendar.month_bounds(month)
    due = Milestone.objects.filter(
        complaint__in=scoped_forms(scope).values("pk"), cancelled_at=None, due_at__gte=start, due_at__lt=min(end, now)
    )
    rows = (
        due.values("kind")
        .annotate(due=Count("pk"), met=Count("pk", filter=Q(met_at__lte=F("due_at"))))
        .order_by("kind")
    )
    return {row["kind"]: (row["met"], row["due"]) for row in rows}


def breaches_of_month(scope: Scope, month: date):
    start, end = calendar.month_bounds(month)
    return Breach.objects.filter(complaint__in=scoped_forms(scope).values("pk"), due_at__gte=start, due_at__lt=end)


def month_summary(scope: Scope, month: date, *, now: datetime | None = None) -> MonthSummary:
    """The summary sheet in five queries: one grouped pass over the month's complaints for every "by" figure, one
    over its breaches, and the forms, the departments involved and the milestones' on-time counts."""
    now = now or timezone.now()
    complaints = complaints_of_month(scope, month)
    by = _tallies(
        complaints.annotate(voided=Q(voided_at__isnull=False)),
        ["latest_category", "latest_severity", "source", "route", "latest_root_cause", "latest_technique", "voided"],
    )
    breaches = _tallies(
        breaches_of_month(scope, month).annotate(department_kind=Coalesce(F("charged_department__kind"), Value(""))),
        ["milestone__kind", "department_kind"],
    )
    by["latest_technique"].pop("", None)
    return MonthSummary(
        month=month,
        complaints=by["voided"].total(),
        rounds=forms_of_month(scope, month).count(),
        by_category=_ordered(by["latest_category"]),
        by_severity=_ordered(by["latest_severity"]),
        by_source=_ordered(by["source"]),
        by_route=_ordered(by["route"]),
        by_department=departments_involved(complaints),
        by_root_cause=_ordered(by["latest_root_cause"]),
        by_technique=_ordered(by["latest_technique"]),
        on_time=on_time_by_milestone(scope, month, now),
        breaches_by_milestone=_ordered(breaches["milestone__kind"]),
        breaches_by_department=_ordered(breaches["department_kind"]),
        voided=by["voided"][True],
    )


def staff_of_month(scope: Scope, month: date) -> Iterator[tuple[Store, StaffMonth]]:
    """complaints.penalties for every store of the scope at once, store by store; a department head's staff only."""
    stores = () if scope.empty else scope.stores if scope.stores is not None else Store.objects.order_by("code")
    stores = list(stores)
    by_store = penalties_by_store(stores, month)
    for store in stores:
        for row in by_store.get(store.pk, []):
            if scope.department is None or row.person.department_id == scope.department.pk:
                yield store, row


class Joined(Aggregate):
    """The values of a column joined with SEPARATOR (STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite)."""

    function = "STRING_AGG"
    output_field = CharField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(SEPARATOR), **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


def _joined(queryset, column: str):
    return Subquery(
        queryset.filter(complaint=OuterRef("pk")).order_by().values("complaint").annotate(v=Joined(column)).values("v"),
        output_field=CharField(),
    )


def _count(queryset):
    counted = queryset.filter(complaint=OuterRef("pk")).order_by().values("complaint").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), 0)


ROW_COLUMNS = [
    "pk",
    "first_round",
    "round",
    "store__name",
    "raised_at",
    "customer__name",
    "vehicle__plate",
    "source",
    "category",
    "severity",
    "route",
    "stage",
    "department_kinds",
    "responsible_name",
    "at_fault_names",
    "loss",
    "root_cause",
    "technique",
    "milestones_on_time",
    "milestones_total",
    "breach_count",
    "voided_at",
    "archived_at",
]


def _person(user_path: str):
    """A user's str(): their name, or their username when the name is blank."""
    return Coalesce(NullIf(F(f"{user_path}__name"), Value("")), F(f"{user_path}__username"))


def complaint_rows(scope: Scope, month: date):
    """The per-complaint sheet's rows in one streaming query, whatever the month's size: plain tuples of
    ROW_COLUMNS, every form of the month with its departments and staff at fault joined, and its milestones (met on
    time, total) and breaches counted; no model instances."""
    milestones = Milestone.objects.filter(cancelled_at=None)
    at_fault = Complaint.at_fault.through.objects.annotate(person=_person("user"))
    return (
        forms_of_month(scope, month)
        .annotate(
            responsible_name=_person("responsible"),
            department_kinds=_joined(ComplaintDepartment.objects.all(), "department__kind"),
            at_fault_names=_joined(at_fault, "person"),
            milestones_total=_count(milestones),
            milestones_on_time=_count(milestones.filter(met_at__lte=F("due_at"))),
            breach_count=_count(Breach.objects.all()),
        )
        .order_by("raised_at", "pk")
        .values_list(*ROW_COLUMNS)
    )


def split_joined(text: str | None) -> list[str]:
    return sorted(text.split(SEPARATOR)) if text else []
