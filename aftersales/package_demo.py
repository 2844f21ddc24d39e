"""The demo store's maintenance packages: sold on the cars of its settled orders, one service used on each of those
orders, and one package not used yet, so the customer page and the settlement form show them (issue 11)."""

from datetime import timedelta

from aftersales import packages
from aftersales.models import MaintenancePackage, OilSize, RepairOrder

Status = RepairOrder.Status


def load_demo_packages(store, users: dict) -> None:
    """Idempotent: a store that already sold packages is left as it is."""
    if MaintenancePackage.objects.filter(store=store).exists():
        return
    settled = list(
        RepairOrder.objects.filter(store=store, status__in=[Status.SETTLED, Status.DELIVERED])
        .select_related("vehicle__store")
        .order_by("pk")[:3]
    )
    for number, order in enumerate(settled):
        oil = OilSize.EIGHT_LITRES if number % 2 else OilSize.SIX_LITRES
        sold_at = order.settled_at - timedelta(days=90 * (number + 1))
        package = packages.sell_package(order.vehicle, oil, by=users["advisor"], at=sold_at)
        if number < 2:
            packages.redeem_package_service(order, package, on=order.settled_at.date())
