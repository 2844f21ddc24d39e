"""Vehicles served per staff member: the repair orders each one delivered in a month.

The complaints issue's penalty allowances count from `vehicles_served` (a complaint allowance per so many vehicles
served), so it counts what the customer experiences as "served": the car handed back, by whom.
"""

from datetime import date, datetime

from django.db.models import Count
from django.utils import timezone

from aftersales.models import RepairOrder


def _month_start(day: date) -> datetime:
    return datetime(day.year, day.month, 1, tzinfo=timezone.get_current_timezone())


def vehicles_served(store, month: date) -> dict[int, int]:
    """User id → repair orders of `store` they delivered in the month of `month` (local time); one query."""
    start = _month_start(month)
    end = _month_start(date(month.year + month.month // 12, month.month % 12 + 1, 1))
    delivered = (
        RepairOrder.objects.filter(
            store=store, status=RepairOrder.Status.DELIVERED, delivered_at__gte=start, delivered_at__lt=end
        )
        .values("delivered_by")
        .annotate(served=Count("pk"))
        .order_by()
    )
    return {row["delivered_by"]: row["served"] for row in delivered}
