"""Penalties per staff member and month (SPEC section 5, seeds 000 and 004); the staff report reads these functions.

Seed 000's allowances: complaints with an implicit loss may reach 2% of the vehicles the person served that month,
complaints of the category 客户抱怨 (vague — not the severity 抱怨) 3%; each allowance is rounded down and every
complaint beyond it costs 50 CNY. A complaint counts once however many rounds it took (its first round's month,
its latest round's category and loss), for each staff member named at fault on any round, and not at all once the GM
upheld an appeal against it. Fines a manager records (explicit loss, seed 004's process fines, offences, accessories
rework) are Fine rows; those on a voided complaint no longer count.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from aftersales.served import vehicles_served_in
from complaints.models import Complaint, Fine
from customers.models import VehicleSale
from organization import calendar
from organization.models import User
from organization.policies import Unit, current_policies, define

SECTION = _("Complaints: penalties and fines")
IMPLICIT_LOSS_ALLOWANCE = define(
    "penalties.implicit_loss_allowance_percent",
    SECTION,
    # xgettext:no-python-format
    _("Implicit-loss complaints allowed, % of vehicles served (rounded down)"),
    Unit.PERCENT,
    minimum=Decimal(0),
)
VAGUE_COMPLAINT_ALLOWANCE = define(
    "penalties.vague_complaint_allowance_percent",
    SECTION,
    # xgettext:no-python-format
    _("客户抱怨-category complaints allowed, % of vehicles served (rounded down)"),
    Unit.PERCENT,
    minimum=Decimal(0),
)
FINE_BEYOND_ALLOWANCE = define(
    "penalties.fine_beyond_allowance_yuan",
    SECTION,
    _("Fine for each complaint beyond an allowance"),
    Unit.YUAN,
    minimum=Decimal(0),
)
DEFAULTS = {
    IMPLICIT_LOSS_ALLOWANCE.key: "2",
    VAGUE_COMPLAINT_ALLOWANCE.key: "3",
    FINE_BEYOND_ALLOWANCE.key: "50",
}


def allowance(served: int, percent: Decimal) -> int:
    """Complaints allowed for `served` vehicles at `percent`, rounded down (49 at 2% → 0, 100 at 3% → 3)."""
    return int((Decimal(served) * percent / 100).to_integral_value(rounding=ROUND_FLOOR))


def beyond_allowance_fine(count: int, allowed: int, per_complaint: Decimal) -> Decimal:
    return max(count - allowed, 0) * per_complaint


@dataclass
class StaffMonth:
    """One person's month: vehicles served, complaints against the allowances, recorded fines."""

    person: User
    served: int = 0
    complaints: int = 0
    implicit_loss: int = 0
    vague: int = 0
    implicit_allowed: int = 0
    vague_allowed: int = 0
    allowance_fine: Decimal = Decimal(0)
    fines: dict[str, Decimal] = field(default_factory=dict)

    @property
    def recorded_fines(self) -> Decimal:
        return sum(self.fines.values(), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.allowance_fine + self.recorded_fines

    @property
    def complaint_rate(self) -> Decimal | None:
        """Complaints per vehicle served, in percent (None when the person served none)."""
        return (Decimal(self.complaints) * 100 / self.served).quantize(Decimal("0.01")) if self.served else None


def vehicles_delivered_by_consultants(stores, month: date) -> dict[tuple[int, int], int]:
    """(store id, consultant id) → the sales they delivered that month: a sales consultant's vehicles served."""
    start, end = calendar.month_bounds(month)
    sales = VehicleSale.objects.filter(store__in=stores, delivered_at__gte=start, delivered_at__lt=end)
    rows = sales.values("store", "consultant").annotate(n=Count("pk")).order_by()
    return {(row["store"], row["consultant"]): row["n"] for row in rows}


@dataclass(frozen=True)
class Charged:
    """One person's counted complaints of the month: all of them, those with an implicit loss, those of 客户抱怨."""

    complaints: int = 0
    implicit_loss: int = 0
    vague: int = 0


def _latest_round(field_name: str):
    """The chain's latest round's `field_name` (the chain: the first round `chain` and its later rounds)."""
    rounds = Complaint.objects.filter(Q(pk=OuterRef("chain")) | Q(first_round=OuterRef("chain")))
    return Subquery(rounds.order_by("-round").values(field_name)[:1])


def rounds_of(firsts):
    """The pks of every round of the chains of `firsts` (first rounds): a union the database answers from its
    indexes, where `pk IN firsts OR first_round IN firsts` makes PostgreSQL scan every complaint."""
    firsts = firsts.order_by().values("pk")
    return firsts.union(Complaint.objects.filter(first_round__in=firsts).order_by().values("pk"), all=True)


def complaints_charged(stores, month: date) -> dict[tuple[int, int], Charged]:
    """(store id, user id) → the month's counted complaints naming them at fault (on any round), counted in the
    database: once per chain, classified by its latest round's category and loss."""
    start, end = calendar.month_bounds(month)
    firsts = Complaint.objects.filter(
        store__in=stores, first_round=None, voided_at=None, raised_at__gte=start, raised_at__lt=end
    )
    named = (
        Complaint.at_fault.through.objects.filter(complaint__in=rounds_of(firsts))
        .annotate(chain=Coalesce(F("complaint__first_round"), F("complaint")))
        .annotate(latest_loss=_latest_round("loss"), latest_category=_latest_round("category"))
        .values("complaint__store", "user")
        .annotate(
            complaints=Count("chain", distinct=True),
            implicit_loss=Count("chain", distinct=True, filter=Q(latest_loss=Complaint.Loss.IMPLICIT)),
            vague=Count("chain", distinct=True, filter=Q(latest_category=Complaint.Category.VAGUE)),
        )
        .order_by()
    )
    return {
        (row["complaint__store"], row["user"]): Charged(row["complaints"], row["implicit_loss"], row["vague"])
        for row in named
    }


def recorded_fines(stores, month: date) -> dict[tuple[int, int], dict[str, Decimal]]:
    """(store id, user id) → fine kind → amount recorded for the month, leaving out fines on complaints voided by
    appeal."""
    fines = (
        Fine.objects.filter(store__in=stores, month=month.replace(day=1))
        .exclude(complaint__voided_at__isnull=False)
        .values("store", "person", "kind")
        .annotate(amount=Sum("amount"))
        .order_by()
    )
    totals: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(dict)
    for row in fines:
        totals[row["store"], row["person"]][row["kind"]] = row["amount"]
    return totals


def penalties_by_store(stores, month: date) -> dict[int, list[StaffMonth]]:
    """Store id → every staff member with vehicles served, complaints or fines there in the month, by name.

    A fixed number of queries however many stores: the group's export and staff report read every store at once.
    """
    stores = list(stores)
    policies = current_policies(stores)
    served = vehicles_served_in(stores, month)
    for key, count in vehicles_delivered_by_consultants(stores, month).items():
        served[key] += count
    charged = complaints_charged(stores, month)
    fines = recorded_fines(stores, month)
    keys = {*served, *charged, *fines}
    people = User.objects.in_bulk({person for _store, person in keys})
    by_store: dict[int, list[StaffMonth]] = defaultdict(list)
    for store_id, person_id in sorted(keys, key=lambda key: (people[key[1]].name, people[key[1]].username, key)):
        policy = policies[store_id]
        counts = charged.get((store_id, person_id), Charged())
        row = StaffMonth(
            person=people[person_id],
            served=served.get((store_id, person_id), 0),
            complaints=counts.complaints,
            implicit_loss=counts.implicit_loss,
            vague=counts.vague,
            fines=fines.get((store_id, person_id), {}),
        )
        row.implicit_allowed = allowance(row.served, policy.value(IMPLICIT_LOSS_ALLOWANCE))
        row.vague_allowed = allowance(row.served, policy.value(VAGUE_COMPLAINT_ALLOWANCE))
        per_excess = policy.value(FINE_BEYOND_ALLOWANCE)
        row.allowance_fine = beyond_allowance_fine(
            row.implicit_loss, row.implicit_allowed, per_excess
        ) + beyond_allowance_fine(row.vague, row.vague_allowed, per_excess)
        by_store[store_id].append(row)
    return by_store


def monthly_penalties(store, month: date) -> list[StaffMonth]:
    """Every staff member of the store with vehicles served, complaints or fines in the month, by name."""
    return penalties_by_store([store], month).get(store.pk, [])
