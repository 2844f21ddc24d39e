"""The customer lounge's rules (seed 000 part 2): the day's checklist, violations and their fines, lost property,
and the month's summary the after-sales manager reads (and the monthly staff report: `lounge_fines`)."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from care.models import LostProperty, LoungeCheck, LoungeChecklist, LoungeItem, LoungeViolation
from care.roles import OVERSEE_LOUNGE
from organization import calendar
from organization.concurrency import save_if_unchanged
from organization.models import Store, User
from organization.policies import PolicySet, Unit, current_policy, define

SECTION = gettext_lazy("Customer lounge")
FINE_PER_VIOLATION = define(
    "lounge.fine_per_violation_yuan",
    SECTION,
    gettext_lazy("Lounge rules broken: fine per violation (unless the item names its own)"),
    Unit.YUAN,
    minimum=Decimal(0),
)
DEFAULTS = {FINE_PER_VIOLATION.key: "20"}


def checklist_items() -> list[LoungeItem]:
    return list(LoungeItem.objects.filter(active=True))


def checklist_of_day(store: Store, day: date) -> LoungeChecklist | None:
    return (
        LoungeChecklist.objects.filter(store=store, day=day)
        .select_related("ticked_by")
        .prefetch_related("checks__item")
        .first()
    )


def fine_for(item: LoungeItem, policy: PolicySet) -> Decimal:
    """The item's own fine, else the store's fine per lounge violation."""
    return item.fine_yuan if item.fine_yuan is not None else policy.value(FINE_PER_VIOLATION)


@transaction.atomic
def tick_checklist(
    *, store: Store, day: date, ticks: dict[int, tuple[bool, int | None]], expected_version: int | None, by: User
) -> LoungeChecklist:
    """Record the day's ticks and counts (item id → (ticked, count)); a counted item is done when its count is
    within the item's bounds. The first save creates the day's checklist; later ones need the version read."""
    now = timezone.now()
    checklist, created = LoungeChecklist.objects.get_or_create(
        store=store, day=day, defaults={"ticked_by": by, "ticked_at": now}
    )
    if not created:
        if expected_version is None:
            expected_version = -1  # someone created the day's list since the form was opened
        save_if_unchanged(checklist, expected_version, {"ticked_by": by, "ticked_at": now})
    items = {item.pk: item for item in checklist_items()}
    checks = []
    for item_id, (ticked, count) in ticks.items():
        item = items[item_id]
        done = not item.count_is_short(count) if item.counted else ticked
        checks.append(LoungeCheck(checklist=checklist, item=item, done=done, count=count if item.counted else None))
    LoungeCheck.objects.bulk_create(
        checks, update_conflicts=True, unique_fields=["checklist", "item"], update_fields=["done", "count"]
    )
    return checklist


def short_items(checklist: LoungeChecklist | None) -> list[LoungeItem]:
    """Items of the day not done (unticked, or counted short)."""
    if checklist is None:
        return []
    return [check.item for check in checklist.checks.filter(done=False).select_related("item").order_by("item")]


@transaction.atomic
def log_violation(*, checklist: LoungeChecklist, item: LoungeItem, staff: User, note: str, by: User) -> LoungeViolation:
    """Fine the named staff member for an item the day's checklist records as short or unticked."""
    if staff.store_id != checklist.store_id:
        raise ValidationError(_("Choose a staff member of this store."), code="staff")
    if not checklist.checks.filter(item=item, done=False).exists():
        raise ValidationError(
            _("Only an item the day's checklist records as short or unticked can be logged as a violation."),
            code="not_short",
        )
    fine = fine_for(item, current_policy(checklist.store))
    return LoungeViolation.objects.create(
        store=checklist.store, checklist=checklist, item=item, staff=staff, fine=fine, note=note, recorded_by=by
    )


def register_lost_property(
    *, store: Store, description: str, found_where: str, found_at: datetime, by: User
) -> LostProperty:
    return LostProperty.objects.create(
        store=store, description=description, found_where=found_where, found_at=found_at, found_by=by
    )


@transaction.atomic
def report_to_manager(lost: LostProperty, *, manager: User, by: User) -> None:
    """Record which manager was told about a found item (seed 000: left items go to the company's managers)."""
    if manager.store_id != lost.store_id or not manager.has_any_role(*OVERSEE_LOUNGE):
        raise ValidationError(_("Choose the after-sales manager or the GM of this store."), code="manager")
    changed = LostProperty.objects.filter(pk=lost.pk, reported_at=None).update(
        reported_to=manager, reported_at=timezone.now()
    )
    if not changed:
        raise ValidationError(_("This item was already reported to a manager."), code="reported")


@transaction.atomic
def return_to_customer(lost: LostProperty, *, signature: str, by: User) -> None:
    """Hand a found item back; the customer signs with their name."""
    if by.store_id != lost.store_id:
        raise PermissionDenied
    changed = LostProperty.objects.filter(pk=lost.pk, returned_at=None).update(
        returned_to=signature, returned_at=timezone.now()
    )
    if not changed:
        raise ValidationError(_("This item was already returned."), code="returned")


def lost_property_register(store: Store):
    """Open items (not yet returned) first, newest found first; then the latest returned."""
    return (
        LostProperty.objects.filter(store=store)
        .select_related("found_by", "reported_to")
        .order_by(F("returned_at").desc(nulls_first=True), "-found_at", "-pk")
    )


@dataclass(frozen=True)
class PersonFines:
    staff: User
    violations: int
    total: Decimal


def lounge_fines(store: Store, month: date) -> list[PersonFines]:
    """Lounge violations and fines per person of the store, in the month of `month` (by the checklist's day)."""
    rows = (
        LoungeViolation.objects.filter(store=store, checklist__day__year=month.year, checklist__day__month=month.month)
        .values("staff")
        .annotate(violations=Count("pk"), total=Sum("fine"))
        .order_by("staff")
    )
    people = User.objects.in_bulk([row["staff"] for row in rows])
    return [PersonFines(people[row["staff"]], row["violations"], row["total"]) for row in rows]


@dataclass(frozen=True)
class MonthSummary:
    month: date
    days_ticked: int
    items_short: int
    fines: list[PersonFines]
    found: int
    returned: int

    @property
    def total_fines(self) -> Decimal:
        return sum((person.total for person in self.fines), Decimal(0))


def monthly_summary(store: Store, month: date) -> MonthSummary:
    in_month = Q(day__year=month.year, day__month=month.month)
    checklists = LoungeChecklist.objects.filter(in_month, store=store).aggregate(
        days=Count("pk", distinct=True), short=Count("checks", filter=Q(checks__done=False))
    )
    start, end = calendar.month_bounds(month)
    lost = LostProperty.objects.filter(store=store).aggregate(
        found=Count("pk", filter=Q(found_at__gte=start, found_at__lt=end)),
        returned=Count("pk", filter=Q(returned_at__gte=start, returned_at__lt=end)),
    )
    return MonthSummary(
        month=month,
        days_ticked=checklists["days"],
        items_short=checklists["short"],
        fines=lounge_fines(store, month),
        found=lost["found"],
        returned=lost["returned"],
    )
