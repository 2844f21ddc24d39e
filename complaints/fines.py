"""Fines a manager records (SPEC section 5 "Penalties and fines", seeds 000 and 004): one function per kind.

Each function checks who records it (the after-sales manager or the GM of the person's store), refuses amounts
outside the policy's range with a message (ValidationError → 422) and writes Fine rows; complaints/penalties.py
adds them up per person and month. All amounts are policy values of the store.
"""

from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.models import Breach, Complaint, Fine, Severity
from complaints.roles import RECORD_FINES
from organization import calendar
from organization.models import Department, User
from organization.policies import Unit, current_policy, define
from organization.roles import Role

SECTION = gettext_lazy("Complaints: penalties and fines")


def _yuan(key, label):
    return define(key, SECTION, label, Unit.YUAN, minimum=Decimal(0))


LATE_REPORT_MIN = _yuan("fines.late_report_min_yuan", gettext_lazy("Customer service reporting late: lowest fine"))
LATE_REPORT_MAX = _yuan("fines.late_report_max_yuan", gettext_lazy("Customer service reporting late: highest fine"))
NEGLECTED_MIN = _yuan(
    "fines.neglected_general_min_yuan", gettext_lazy("General complaint neglected until the GM: lowest fine")
)
NEGLECTED_MAX = _yuan(
    "fines.neglected_general_max_yuan", gettext_lazy("General complaint neglected until the GM: highest fine")
)
SERIOUS_NOT_REPORTED = _yuan(
    "fines.serious_not_reported_yuan", gettext_lazy("Serious complaint not followed up and reported: fine")
)
FIRST_OFFENCE = _yuan("fines.first_offence_yuan", gettext_lazy("Process violation: first offence"))
SECOND_OFFENCE = _yuan("fines.second_offence_yuan", gettext_lazy("Process violation: second offence"))
DISMISSAL_OFFENCE = define(
    "fines.dismissal_offence_count",
    SECTION,
    gettext_lazy("Process violations within 12 months that flag dismissal"),
    Unit.COUNT,
    minimum=Decimal(1),
)
REWORK_LEADER_SHARE = define(
    "fines.rework_leader_share_percent",
    SECTION,
    gettext_lazy("Accessories rework: the group leader's share"),
    Unit.PERCENT,
    minimum=Decimal(0),
    maximum=Decimal(100),
)
DEFAULTS = {
    LATE_REPORT_MIN.key: "50",
    LATE_REPORT_MAX.key: "100",
    NEGLECTED_MIN.key: "100",
    NEGLECTED_MAX.key: "200",
    SERIOUS_NOT_REPORTED.key: "200",
    FIRST_OFFENCE.key: "50",
    SECOND_OFFENCE.key: "100",
    DISMISSAL_OFFENCE.key: "3",
    REWORK_LEADER_SHARE.key: "20",
}
# Seed 004's process fines: the lowest and highest amount (the same key twice: a fixed amount).
PROCESS_FINES = {
    Fine.Kind.LATE_REPORT: (LATE_REPORT_MIN, LATE_REPORT_MAX),
    Fine.Kind.NEGLECTED_GENERAL: (NEGLECTED_MIN, NEGLECTED_MAX),
    Fine.Kind.SERIOUS_NOT_REPORTED: (SERIOUS_NOT_REPORTED, SERIOUS_NOT_REPORTED),
}
OFFENCE_WINDOW = timedelta(days=365)
CENT = Decimal("0.01")


def month_of(moment: datetime | date) -> date:
    day = timezone.localdate(moment) if isinstance(moment, datetime) else moment
    return day.replace(day=1)


def _require_recorder(by: User, store_id: int) -> None:
    if not by.may_write(RECORD_FINES) or by.store_id != store_id:
        raise PermissionDenied


def _require_staff(person: User, store_id: int) -> None:
    if person.store_id != store_id:
        raise ValidationError(_("The staff member is not of this store."), code="other_store")


def _require_amount(amount: Decimal) -> None:
    if not amount.is_finite() or amount <= 0:
        raise ValidationError(_("Enter an amount above zero."), code="amount")


def process_fine_range(store, kind: str) -> tuple[Decimal, Decimal]:
    """The lowest and highest amount of one of seed 004's process fines in `store`'s policy."""
    low, high = PROCESS_FINES[kind]
    policy = current_policy(store)
    return policy.value(low), policy.value(high)


def explicit_loss_payers(complaint: Complaint) -> set[int]:
    """Who pays for an explicit loss: the staff at fault, their department heads and the after-sales managers."""
    first = complaint.first_round or complaint
    at_fault = User.objects.filter(complaints_at_fault__in=[first, *first.later_rounds.all()]).distinct()
    heads = Department.objects.filter(staff__in=at_fault, head__isnull=False).values_list("head", flat=True)
    managers = User.objects.filter(store=complaint.store).with_role(Role.AFTER_SALES_MANAGER)
    return {*at_fault.values_list("pk", flat=True), *heads, *managers.values_list("pk", flat=True)}


@transaction.atomic
def record_explicit_loss(complaint: Complaint, amounts: dict[User, Decimal], *, by: User, now=None) -> list[Fine]:
    """The manager enters what each payer owes for the complaint's explicit loss (seed 000)."""
    now = now or timezone.now()
    _require_recorder(by, complaint.store_id)
    if not amounts:
        raise ValidationError(_("Enter at least one amount."), code="no_amounts")
    payers = explicit_loss_payers(complaint)
    for person, amount in amounts.items():
        if person.pk not in payers:
            raise ValidationError(
                _("%(name)s is not at fault, their department head or the after-sales manager.")
                % {"name": person.name},
                code="not_a_payer",
            )
        _require_amount(amount)
    first = complaint.first_round or complaint
    Complaint.objects.select_for_update().filter(pk=first.pk).first()  # two managers at once: one records it
    already = Fine.objects.filter(
        kind=Fine.Kind.EXPLICIT_LOSS,
        complaint__in=[first, *first.later_rounds.all()],
        person__in=[person.pk for person in amounts],
    ).select_related("person")
    if already:
        raise ValidationError(
            _("The explicit loss of this complaint is already recorded for %(names)s.")
            % {"names": ", ".join(sorted({fine.person.name for fine in already}))},
            code="already_recorded",
        )
    return Fine.objects.bulk_create(
        Fine(
            store=complaint.store,
            person=person,
            complaint=complaint,
            kind=Fine.Kind.EXPLICIT_LOSS,
            amount=amount,
            month=month_of(first.raised_at),
            recorded_by=by,
            recorded_at=now,
        )
        for person, amount in amounts.items()
    )


def record_process_fine(
    kind: str,
    person: User,
    amount: Decimal,
    note: str,
    *,
    by: User,
    complaint=None,
    month: date | None = None,
    now=None,
) -> Fine:
    """One of seed 004's process fines; where the seed gives a range the amount must lie in it, with a note."""
    now = now or timezone.now()
    _require_recorder(by, person.store_id)
    if kind not in PROCESS_FINES:
        raise ValidationError(_("Choose a kind of process fine."), code="kind")
    low, high = process_fine_range(person.store, kind)
    if not amount.is_finite() or not low <= amount <= high:
        raise ValidationError(
            _("The amount must lie between %(low)s and %(high)s CNY.") % {"low": low, "high": high}, code="range"
        )
    if low != high and not note.strip():
        raise ValidationError(_("Say why you chose this amount."), code="note_required")
    if complaint is not None and complaint.store_id != person.store_id:
        raise ValidationError(_("The complaint is not of this store."), code="other_store")
    return Fine.objects.create(
        store=person.store,
        person=person,
        complaint=complaint,
        kind=kind,
        amount=amount,
        month=month_of(month or now),
        note=note,
        recorded_by=by,
        recorded_at=now,
    )


def offence_counts(store, now=None) -> dict[int, int]:
    """User id → process violations recorded against them in the 12 months up to `now` (one query)."""
    now = now or timezone.now()
    rows = (
        Fine.objects.filter(store=store, kind=Fine.Kind.OFFENCE, recorded_at__gt=now - OFFENCE_WINDOW)
        .values("person")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["person"]: row["n"] for row in rows}


@transaction.atomic
def record_offence(person: User, note: str, *, by: User, complaint=None, now=None) -> Fine:
    """A process violation that caused dissatisfaction (seed 004 CS考核): the person's n-th in 12 months — the first
    costs the first-offence fine, the second the second-offence fine; from the dismissal count on it is flagged
    (and costs nothing more: dismissal is the manager's decision)."""
    now = now or timezone.now()
    _require_recorder(by, person.store_id)
    if not note.strip():
        raise ValidationError(_("Say what the violation was."), code="note_required")
    User.objects.select_for_update().filter(pk=person.pk).first()  # two offences at once still number 1, 2
    number = offence_counts(person.store, now).get(person.pk, 0) + 1
    policy = current_policy(person.store)
    if number >= policy.value(DISMISSAL_OFFENCE):
        amount = Decimal(0)
    else:
        amount = policy.value(FIRST_OFFENCE) if number == 1 else policy.value(SECOND_OFFENCE)
    return Fine.objects.create(
        store=person.store,
        person=person,
        complaint=complaint,
        kind=Fine.Kind.OFFENCE,
        amount=amount,
        month=month_of(now),
        offence_number=number,
        note=note,
        recorded_by=by,
        recorded_at=now,
    )


def flags_dismissal(store, offences: int) -> bool:
    return offences >= current_policy(store).value(DISMISSAL_OFFENCE)


def _require_accessories(person: User) -> None:
    if person.department is None or person.department.kind != Department.Kind.ACCESSORIES:
        raise ValidationError(_("Only accessories (精品) staff are fined this way."), code="not_accessories")


def withhold_commission(person: User, amount: Decimal, month: date, *, by: User, note="", now=None) -> Fine:
    """An accessories staff member's fitting commission for the month is withheld."""
    _require_recorder(by, person.store_id)
    _require_accessories(person)
    _require_amount(amount)
    return Fine.objects.create(
        store=person.store,
        person=person,
        kind=Fine.Kind.COMMISSION_WITHHELD,
        amount=amount,
        month=month_of(month),
        note=note,
        recorded_by=by,
        recorded_at=now or timezone.now(),
    )


@transaction.atomic
def record_rework(person: User, group_leader: User, cost: Decimal, complaint: Complaint, *, by: User, now=None):
    """Accessories rework cost, split between the group leader (their share, 20%) and the person (the rest)."""
    now = now or timezone.now()
    _require_recorder(by, complaint.store_id)
    for someone in (person, group_leader):
        _require_staff(someone, complaint.store_id)
    _require_accessories(person)
    _require_amount(cost)
    if person.pk == group_leader.pk:
        raise ValidationError(_("The group leader is someone else."), code="same_person")
    share = current_policy(complaint.store).value(REWORK_LEADER_SHARE)
    leader_part = (cost * share / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    month = month_of(now)
    return Fine.objects.bulk_create(
        Fine(
            store=complaint.store,
            person=who,
            complaint=complaint,
            kind=Fine.Kind.REWORK,
            amount=amount,
            month=month,
            recorded_by=by,
            recorded_at=now,
        )
        for who, amount in ((group_leader, leader_part), (person, cost - leader_part))
    )


def breaches_to_fine(store, month: date):
    """General complaints whose breach reached the GM in the month, with nobody fined for neglect on them yet:
    the GM's "to fine" list (seed 004, 100–200 CNY to the department manager and the staff involved)."""
    start, end = calendar.month_bounds(month)
    fined = Fine.objects.filter(
        complaint=OuterRef("complaint"), person=OuterRef("charged_to"), kind=Fine.Kind.NEGLECTED_GENERAL
    )
    return (
        Breach.objects.filter(
            store=store,
            complaint__severity=Severity.GENERAL,
            complaint__voided_at=None,
            reached_gm_at__gte=start,
            reached_gm_at__lt=end,
            charged_to__isnull=False,
        )
        .exclude(Exists(fined))
        .select_related("complaint", "charged_to", "milestone")
        .order_by("reached_gm_at", "pk")
    )
