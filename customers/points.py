"""Points (积分, seed 000): VIP and fleet members earn points on paid repairs and redeem them at year end."""

from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from customers.models import Customer, PointsEntry
from organization.policies import Unit, current_policy, define

SECTION = _("Member points")
POINTS_PER_100_YUAN = define(
    "points.per_100_yuan_paid",
    SECTION,
    _("Points per 100 CNY paid for repairs"),
    Unit.POINTS,
    Decimal(0),
    Decimal(10000),
)
REDEMPTION_MONTH = define(
    "points.redemption_month",
    SECTION,
    _("Month of the year in which points are redeemed"),
    Unit.MONTH,
    Decimal(1),
    Decimal(12),
)


def balance(customer: Customer) -> int:
    return customer.points.aggregate(total=Sum("points"))["total"] or 0


@transaction.atomic
def award_points_for_repair(customer: Customer, *, amount_paid: Decimal, source: str, by=None) -> PointsEntry | None:
    """After-sales calls this when a member pays a repair; the same source earns points once."""
    if not customer.memberships.active().exists():
        return None
    rate = current_policy(customer.store).value(POINTS_PER_100_YUAN)
    points = int((amount_paid * rate / 100).to_integral_value(ROUND_DOWN))
    if points <= 0:
        return None
    try:
        with transaction.atomic():
            return PointsEntry.objects.create(
                store=customer.store,
                customer=customer,
                kind=PointsEntry.Kind.EARNED,
                points=points,
                source=source,
                created_by=by,
            )
    except IntegrityError:
        return PointsEntry.objects.get(store=customer.store, source=source, kind=PointsEntry.Kind.EARNED)


@transaction.atomic
def redeem_points(customer: Customer, *, points: int, note: str, today: date, by) -> PointsEntry:
    """Seed 000: points are exchanged at year end, never beyond the balance."""
    Customer.objects.select_for_update().filter(pk=customer.pk).first()
    month = current_policy(customer.store).value(REDEMPTION_MONTH)
    if today.month != month:
        raise ValidationError(
            _("Points are redeemed in month %(month)s of the year."), params={"month": month}, code="not_year_end"
        )
    if points <= 0:
        raise ValidationError(_("Redeem at least one point."), code="not_positive")
    if points > balance(customer):
        raise ValidationError(_("The customer does not have that many points."), code="insufficient")
    return PointsEntry.objects.create(
        store=customer.store,
        customer=customer,
        kind=PointsEntry.Kind.REDEEMED,
        points=-points,
        note=note,
        created_by=by,
    )
