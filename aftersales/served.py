"""Vehicles served per staff member and month (SPEC section 5): the repair orders an advisor delivered, a technician
worked on, or a QC inspector passed.

The complaints issue's penalty allowances count from `vehicles_served` (a complaint allowance per so many vehicles
served). An advisor's and a technician's orders count in the month the car was handed back; QC's in the month of the
passing inspection. An order counts once per person, whatever roles they held on it.
"""

from collections import Counter
from datetime import date

from aftersales.models import QcInspection, RepairOrder
from organization import calendar


def vehicles_served_in(stores, month: date) -> Counter:
    """(store id, user id) → repair orders of `stores` they served in the month of `month` (local time); one query."""
    start, end = calendar.month_bounds(month)
    delivered = RepairOrder.objects.filter(
        store__in=stores, status=RepairOrder.Status.DELIVERED, delivered_at__gte=start, delivered_at__lt=end
    ).order_by()
    passed = QcInspection.objects.filter(
        order__store__in=stores, passed=True, inspected_at__gte=start, inspected_at__lt=end
    ).order_by()
    served = (
        delivered.values_list("store", "delivered_by", "pk")
        .union(delivered.filter(technician__isnull=False).values_list("store", "technician", "pk"))
        .union(passed.values_list("order__store", "inspector", "order"))
    )
    return Counter((store, person) for store, person, _order in served)


def vehicles_served(store, month: date) -> dict[int, int]:
    """User id → repair orders of `store` they served in the month of `month` (local time); one query."""
    return {person: count for (_store, person), count in vehicles_served_in([store], month).items()}
