"""Settlement pricing (SPEC section 3, seeds 000 and 003): what the customer pays for each line of a repair order.

Pure functions over a PolicySet. Per line, the member rate (customers.discounts.MEMBER_PAYS) and the selected
appointment discount are never stacked: the one better for the customer applies. Insurance-claim orders get no
member discount; the appointment discount applies to booked maintenance orders only. Tyres, battery, key-fob
battery, brake bulb and wipers carry no labor charge; two or more tyres include a free wheel alignment; a fleet
member pays no diagnostic or check fee and nothing for a rescue inside the home region (outside it, fuel and tolls
are charged). Money is Decimal, rounded to the fen once per line.
"""

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aftersales.models.catalog import FreeLabor, JobType
from customers import discounts
from customers.membership import ENTITLEMENTS
from customers.models import Membership
from organization.models import PolicySet
from organization.policies import Unit, define

FEN = Decimal("0.01")
HUNDRED = Decimal(100)
FLEET_FREE_RESCUE, FLEET_FREE_CHECKS = ENTITLEMENTS[0], ENTITLEMENTS[1]
# A referral reward's voucher number on a settlement line; aftersales.packages reads it too (polish and wax).
REFERRAL_VOUCHER_PREFIX = "referral-reward:"


class LineKind(models.TextChoices):
    LABOR = "labor", _("Labor")
    PART = "part", _("Part")
    PAINT_LABOR = "paint_labor", _("Paint labor")
    ACCESSORY = "accessory", _("Accessory")
    CHECK_FEE = "check_fee", _("Diagnostic or check fee")
    RESCUE = "rescue", _("Rescue fuel and tolls")
    VOUCHER = "voucher", _("Voucher")


# The member discount table's column for each line kind that has one.
MEMBER_LINE = {
    LineKind.LABOR: discounts.LineKind.LABOR,
    LineKind.PART: discounts.LineKind.PARTS,
    LineKind.PAINT_LABOR: discounts.LineKind.PAINT_LABOR,
    LineKind.ACCESSORY: discounts.LineKind.ACCESSORIES,
}


class AppointmentDiscount(models.TextChoices):
    LABOR_PERCENT = "labor_percent", _("Percent off labor on booked maintenance (seed 003)")
    LABOR_VOUCHER = "labor_voucher", _("Labor voucher per amount spent (seed 000)")
    PARTS_PERCENT = "parts_percent", _("Percent off parts (seed 000)")


SECTION = _("Settlement")
APPOINTMENT_DISCOUNT = define(
    "settlement.appointment_discount",
    SECTION,
    _("Appointment discount on booked maintenance orders"),
    Unit.CHOICE,
    choices=AppointmentDiscount,
)
APPOINTMENT_LABOR_PERCENT_OFF = define(
    "settlement.appointment_labor_percent_off",
    SECTION,
    _("Appointment discount: percent off labor"),
    Unit.PERCENT,
    Decimal(0),
    Decimal(100),
)
APPOINTMENT_VOUCHER_YUAN = define(
    "settlement.appointment_voucher_yuan",
    SECTION,
    _("Appointment labor voucher: value per step spent"),
    Unit.YUAN,
    Decimal(0),
)
APPOINTMENT_VOUCHER_STEP_YUAN = define(
    "settlement.appointment_voucher_step_yuan",
    SECTION,
    _("Appointment labor voucher: amount of labor spent per voucher"),
    Unit.YUAN,
    Decimal(1),
)
APPOINTMENT_PARTS_PERCENT_OFF = define(
    "settlement.appointment_parts_percent_off",
    SECTION,
    _("Appointment discount: percent off parts"),
    Unit.PERCENT,
    Decimal(0),
    Decimal(100),
)
FREE_LABOR = {
    item: define(
        f"settlement.free_labor_{item}", SECTION, format_lazy("{}: {}", _("No labor charge"), label), Unit.FLAG
    )
    for item, label in FreeLabor.choices
}
FREE_ALIGNMENT_MIN_TYRES = define(
    "settlement.free_alignment_min_tyres",
    SECTION,
    _("Tyres replaced that include a free wheel alignment"),
    Unit.COUNT,
    Decimal(1),
    Decimal(10),
)


@dataclass(frozen=True)
class Line:
    """One priced line of a repair order at its list (published) price.

    A voucher is redeemed with its face value as a negative list price. `free_labor` names the labor operation's
    no-charge kind; `tyre` marks a part line that is a tyre (its quantity counts); `wheel_alignment` marks the
    alignment labor; `inside_home_region` says where a rescue took place.
    """

    kind: LineKind
    list_price: Decimal
    quantity: Decimal = Decimal(1)
    free_labor: FreeLabor | None = None
    tyre: bool = False
    wheel_alignment: bool = False
    inside_home_region: bool = False

    def __post_init__(self):
        if not isinstance(self.list_price, Decimal) or not isinstance(self.quantity, Decimal):
            raise TypeError("Money and quantities are Decimal.")
        if self.quantity <= 0:
            raise ValueError("A line's quantity is positive.")
        if (self.kind == LineKind.VOUCHER) != (self.list_price < 0):
            raise ValueError("A voucher, and only a voucher, has a negative list price.")

    @property
    def list_amount(self) -> Decimal:
        return self.list_price * self.quantity


@dataclass(frozen=True)
class Order:
    """What the settlement needs to know about the order: its job type, whether it was booked as an appointment
    (the 3-hour rule decided elsewhere), the customer's membership kind (a Membership.Kind value, or None when
    there is no active membership) and the PolicySet the order was created under."""

    job_type: JobType
    booked: bool
    membership: str | None
    policy: PolicySet


@dataclass(frozen=True)
class PricedLine:
    line: Line
    list_amount: Decimal
    discount: Decimal
    payable: Decimal
    reason: str


@dataclass(frozen=True)
class Settlement:
    lines: list[PricedLine]

    @property
    def list_total(self) -> Decimal:
        return sum((priced.list_amount for priced in self.lines), Decimal("0.00"))

    @property
    def discount_total(self) -> Decimal:
        return sum((priced.discount for priced in self.lines), Decimal("0.00"))

    @property
    def payable_total(self) -> Decimal:
        return sum((priced.payable for priced in self.lines), Decimal("0.00"))


def membership_kind(membership: Membership | None, policy: PolicySet) -> str | None:
    """The membership kind for `Order.membership`: None when revoked or the fleet is not active."""
    return membership.kind if discounts.membership_rates(membership, policy) is not None else None


MEMBER_REASON = {
    Membership.Kind.FLEET: _("Fleet member rate"),
    Membership.Kind.VIP: _("VIP member rate"),
    Membership.Kind.GOLD_CARD: _("Gold-card member rate"),
}


def member_offer(line: Line, order: Order) -> Decimal | None:
    """What the member pays for the line, or None when membership gives nothing on it."""
    if order.membership is None or line.kind not in MEMBER_LINE:
        return None
    rates = discounts.rates_for_kind(order.membership, order.policy)
    payment_type = (
        discounts.PaymentType.INSURANCE_CLAIM
        if order.job_type == JobType.INSURANCE_CLAIM
        else discounts.PaymentType.CUSTOMER
    )
    payable = discounts.member_price(
        line.list_amount, MEMBER_LINE[line.kind], payment_type=payment_type, rates=rates, policy=order.policy
    )
    return payable if payable < line.list_amount else None


def appointment_offer(line: Line, order: Order) -> tuple[Decimal, str] | None:
    """What the line costs under the selected appointment discount, with its reason; None if it gives nothing."""
    if not order.booked or order.job_type != JobType.MAINTENANCE:
        return None
    policy = order.policy
    selected = policy.value(APPOINTMENT_DISCOUNT)
    if selected == AppointmentDiscount.LABOR_PERCENT and line.kind == LineKind.LABOR:
        percent_off = policy.value(APPOINTMENT_LABOR_PERCENT_OFF)
        payable = (line.list_amount * (HUNDRED - percent_off) / HUNDRED).quantize(FEN, ROUND_HALF_UP)
        reason = gettext("Appointment discount on labor")
    elif selected == AppointmentDiscount.PARTS_PERCENT and line.kind == LineKind.PART:
        percent_off = policy.value(APPOINTMENT_PARTS_PERCENT_OFF)
        payable = (line.list_amount * (HUNDRED - percent_off) / HUNDRED).quantize(FEN, ROUND_HALF_UP)
        reason = gettext("Appointment discount on parts")
    elif selected == AppointmentDiscount.LABOR_VOUCHER and line.kind == LineKind.LABOR:
        steps = (line.list_amount / policy.value(APPOINTMENT_VOUCHER_STEP_YUAN)).to_integral_value(ROUND_DOWN)
        payable = max(line.list_amount - steps * policy.value(APPOINTMENT_VOUCHER_YUAN), Decimal(0))
        payable = payable.quantize(FEN, ROUND_HALF_UP)
        reason = gettext("Appointment labor voucher")
    else:
        return None
    return (payable, reason) if payable < line.list_amount else None


def tyres_replaced(lines: list[Line]) -> Decimal:
    return sum((line.quantity for line in lines if line.kind == LineKind.PART and line.tyre), Decimal(0))


def free_of_charge(line: Line, order: Order, tyres: Decimal) -> str | None:
    """The reason the line costs nothing, or None when it is charged."""
    policy = order.policy
    fleet = order.membership == Membership.Kind.FLEET
    if line.kind == LineKind.LABOR and line.free_labor and policy.value(FREE_LABOR[line.free_labor]):
        return gettext("No labor charge for %(item)s") % {"item": FreeLabor(line.free_labor).label}
    if line.kind == LineKind.LABOR and line.wheel_alignment and tyres >= policy.value(FREE_ALIGNMENT_MIN_TYRES):
        return gettext("Free wheel alignment with the tyres replaced")
    if line.kind == LineKind.CHECK_FEE and fleet and policy.value(FLEET_FREE_CHECKS):
        return gettext("No diagnostic or check fee for fleet members")
    if line.kind == LineKind.RESCUE and line.inside_home_region and fleet and policy.value(FLEET_FREE_RESCUE):
        return gettext("Free rescue inside the home region for fleet members")
    return None


def price_line(line: Line, order: Order, tyres: Decimal) -> PricedLine:
    """List price, discount, amount payable and the reason for one line; `tyres` counts the order's tyre parts."""
    list_amount = line.list_amount.quantize(FEN, ROUND_HALF_UP)
    free = free_of_charge(line, order, tyres)
    if free is not None:
        return PricedLine(line, list_amount, list_amount, Decimal("0.00"), free)
    offers = []
    member = member_offer(line, order)
    if member is not None:
        offers.append((member, str(MEMBER_REASON[order.membership])))
    appointment = appointment_offer(line, order)
    if appointment is not None:
        offers.append(appointment)
    if not offers:
        return PricedLine(line, list_amount, Decimal("0.00"), list_amount, default_reason(line))
    payable, reason = min(offers, key=lambda offer: offer[0])
    return PricedLine(line, list_amount, list_amount - payable, payable, reason)


def default_reason(line: Line) -> str:
    if line.kind == LineKind.VOUCHER:
        return gettext("Voucher redeemed")
    if line.kind == LineKind.RESCUE:
        return gettext("Rescue: fuel and tolls charged")
    return gettext("List price")


def settle(lines: list[Line], order: Order) -> Settlement:
    """Price every line of the order; the totals are the sums of the rounded lines."""
    tyres = tyres_replaced(lines)
    return Settlement([price_line(line, order, tyres) for line in lines])
