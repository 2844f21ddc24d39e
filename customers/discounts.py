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
from organization.policies import PolicyDefinition, Unit, define


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


SECTION = _("Member discounts")
LINE_LABELS = {
    LineKind.LABOR: (_("Fleet members pay, of list labor"), _("VIP / gold-card members pay, of list labor")),
    LineKind.PARTS: (_("Fleet members pay, of list parts"), _("VIP / gold-card members pay, of list parts")),
    LineKind.PAINT_LABOR: (
        _("Fleet members pay, of list paint labor"),
        _("VIP / gold-card members pay, of list paint labor"),
    ),
    LineKind.ACCESSORIES: (
        _("Fleet members pay, of list accessories"),
        _("VIP / gold-card members pay, of list accessories"),
    ),
}
# Which rate table a membership kind uses.
RATE_TABLE = {Membership.Kind.FLEET: "fleet", Membership.Kind.VIP: "vip", Membership.Kind.GOLD_CARD: "vip"}

define(
    *(
        PolicyDefinition(f"discounts.{table}_{kind}_percent", SECTION, label, Unit.PERCENT, Decimal(0), Decimal(100))
        for kind, labels in LINE_LABELS.items()
        for table, label in zip(("fleet", "vip"), labels, strict=True)
    ),
    PolicyDefinition(
        "discounts.exclude_insurance_claims", SECTION, _("No member discount on insurance-claim jobs"), Unit.FLAG
    ),
)

CENT = Decimal("0.01")
FULL_PRICE = Decimal(100)


@dataclass(frozen=True)
class MemberRates:
    """Percent of list price payable, per line kind."""

    percent: dict[str, Decimal]

    def payable(self, list_amount: Decimal, line_kind: str) -> Decimal:
        return (list_amount * self.percent.get(line_kind, FULL_PRICE) / FULL_PRICE).quantize(CENT, ROUND_HALF_UP)


def rates_for_kind(kind: str, policy: PolicySet) -> MemberRates:
    table = RATE_TABLE[kind]
    return MemberRates({line: policy.value(f"discounts.{table}_{line}_percent") for line in LineKind.values})


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
    if payment_type == PaymentType.INSURANCE_CLAIM and policy.value("discounts.exclude_insurance_claims"):
        return list_amount
    return rates.payable(list_amount, line_kind)
