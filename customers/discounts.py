"""Member and fleet discounts (seed 000 part 5): the share of list price a member pays, per line kind.

Pure functions over a PolicySet, used by after-sales settlement. Fleet members pay 70% of labor,
95% of parts, 80% of paint labor and 90% of accessories by default; individual VIP / gold-card
rates are settings that give no discount by default; insurance-claim jobs are excluded.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from customers.models import FleetAccount, Membership
from organization.models import PolicySet
from organization.policies import Unit, define, define_table


class LineKind(models.TextChoices):
    LABOR = "labor", _("Labor")
    PARTS = "parts", _("Parts")
    PAINT_LABOR = "paint_labor", _("Paint labor")
    ACCESSORIES = "accessories", _("Accessories")


class PaymentType(models.TextChoices):
    CUSTOMER = "customer", _("Customer pay")
    WARRANTY = "warranty", _("Warranty")
    INSURANCE_CLAIM = "insurance_claim", _("Insurance claim")
    INTERNAL = "internal", _("Internal")


class RateTable(models.TextChoices):
    """Which members a row of the discount table is for."""

    FLEET = "fleet", _("Fleet members pay")
    VIP = "vip", _("VIP / gold-card members pay")


SECTION = _("Member discounts")
MEMBER_PAYS = define_table(
    "discounts.{members}_{line}_percent",
    SECTION,
    _("Share of the list price a member pays"),
    Unit.PERCENT_OF_LIST,
    {"members": RateTable, "line": LineKind},
    minimum=Decimal(0),
    maximum=Decimal(100),
)
EXCLUDE_INSURANCE_CLAIMS = define(
    "discounts.exclude_insurance_claims", SECTION, _("No member discount on insurance-claim jobs"), Unit.FLAG
)
# Which row of the table a membership kind uses.
RATE_TABLE = {
    Membership.Kind.FLEET: RateTable.FLEET,
    Membership.Kind.VIP: RateTable.VIP,
    Membership.Kind.GOLD_CARD: RateTable.VIP,
}

CENT = Decimal("0.01")
FULL_PRICE = Decimal(100)


@dataclass(frozen=True)
class MemberRates:
    """Percent of list price payable, per line kind."""

    percent: dict[str, Decimal]

    def payable(self, list_amount: Decimal, line_kind: str) -> Decimal:
        return (list_amount * self.percent.get(line_kind, FULL_PRICE) / FULL_PRICE).quantize(CENT, ROUND_HALF_UP)


def rates_for_kind(kind: str, policy: PolicySet) -> MemberRates:
    members = RATE_TABLE[kind]
    return MemberRates({line: policy.value(MEMBER_PAYS[members, line]) for line in LineKind.values})


def membership_rates(membership: Membership | None, policy: PolicySet) -> MemberRates | None:
    """The rates a membership gives now: none if revoked, or a fleet member whose fleet is not active."""
    if membership is None or not membership.is_active:
        return None
    if membership.kind == Membership.Kind.FLEET and membership.fleet.status != FleetAccount.Status.ACTIVE:
        return None
    return rates_for_kind(membership.kind, policy)


def member_price(
    list_amount: Decimal, line_kind: str, *, payment_type: str, rates: MemberRates | None, policy: PolicySet
) -> Decimal:
    """What a member pays for one line at `list_amount`; list price without rates or on an excluded job."""
    if rates is None:
        return list_amount
    if payment_type == PaymentType.INSURANCE_CLAIM and policy.value(EXCLUDE_INSURANCE_CLAIMS):
        return list_amount
    return rates.payable(list_amount, line_kind)
