"""Staff incentives for after-sales add-ons per person and month (SPEC section 3, seed 003).

Per package sold a fixed amount, per extended warranty sold another, and a share of the gross margin on the other
add-on lines (accessories) settled that month on the orders the person received, the margin being the price billed
less the cost on the parts price list. Pure reads: three grouped queries and one for the names, whatever the
number of people; the monthly staff report (issue 13) reuses `incentives_for`.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.models import ExtendedWarrantySale, MaintenancePackage, RepairOrderLine, SettlementLine
from aftersales.packages import months_after
from organization.policies import Unit, current_policy, define

FEN = Decimal("0.01")
HUNDRED = Decimal(100)
SECTION = _("Staff incentives")

PER_PACKAGE_YUAN = define(
    "incentives.per_package_yuan", SECTION, _("Incentive per maintenance package sold"), Unit.YUAN, Decimal(0)
)
PER_EXTENDED_WARRANTY_YUAN = define(
    "incentives.per_extended_warranty_yuan",
    SECTION,
    _("Incentive per extended warranty sold"),
    Unit.YUAN,
    Decimal(0),
)
ADD_ON_MARGIN_PERCENT = define(
    "incentives.add_on_margin_percent",
    SECTION,
    _("Incentive share of the gross margin on other add-ons"),
    Unit.PERCENT,
    Decimal(0),
    Decimal(100),
)


@dataclass(frozen=True)
class IncentiveRow:
    person: object
    packages: int
    package_yuan: Decimal
    extended_warranties: int
    extended_warranty_yuan: Decimal
    add_on_margin: Decimal
    add_on_yuan: Decimal

    @property
    def total(self) -> Decimal:
        return self.package_yuan + self.extended_warranty_yuan + self.add_on_yuan


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month's first moment and the next month's, in the store's time zone."""
    first = month.replace(day=1)
    zone = timezone.get_current_timezone()
    start = datetime.combine(first, time.min, zone)
    return start, datetime.combine(months_after(first, 1), time.min, zone)


def incentives_for(store, month: date) -> list[IncentiveRow]:
    """Each person's incentives for the month (any day of it), ordered by name; nobody with nothing earned."""
    policy = current_policy(store)
    start, end = month_bounds(month)
    packages = dict(
        MaintenancePackage.objects.filter(store=store, sold_at__gte=start, sold_at__lt=end)
        .values_list("sold_by")
        .annotate(n=Count("pk"))
    )
    warranties = dict(
        ExtendedWarrantySale.objects.filter(store=store, sold_at__gte=start, sold_at__lt=end)
        .values_list("sold_by")
        .annotate(n=Count("pk"))
    )
    margin = ExpressionWrapper(
        F("payable") - F("line__part__cost") * F("line__quantity"),
        output_field=DecimalField(max_digits=14, decimal_places=4),
    )
    margins = dict(
        SettlementLine.objects.filter(
            order__store=store,
            order__settled_at__gte=start,
            order__settled_at__lt=end,
            line__kind=RepairOrderLine.Kind.ACCESSORY,
            line__part__isnull=False,
        )
        .values_list("order__advisor")
        .annotate(margin=Sum(margin))
    )
    people = get_user_model().objects.filter(pk__in={*packages, *warranties, *margins}).order_by("username")
    per_package, per_warranty = policy.value(PER_PACKAGE_YUAN), policy.value(PER_EXTENDED_WARRANTY_YUAN)
    share = policy.value(ADD_ON_MARGIN_PERCENT) / HUNDRED
    rows = []
    for person in people:
        add_on_margin = Decimal(margins.get(person.pk) or 0).quantize(FEN, ROUND_HALF_UP)
        rows.append(
            IncentiveRow(
                person=person,
                packages=packages.get(person.pk, 0),
                package_yuan=per_package * packages.get(person.pk, 0),
                extended_warranties=warranties.get(person.pk, 0),
                extended_warranty_yuan=per_warranty * warranties.get(person.pk, 0),
                add_on_margin=add_on_margin,
                add_on_yuan=(add_on_margin * share).quantize(FEN, ROUND_HALF_UP),
            )
        )
    return rows
