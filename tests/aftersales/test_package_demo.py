"""The demo store's maintenance packages (aftersales.package_demo)."""

from datetime import datetime

from django.utils import timezone

from aftersales import packages
from aftersales.models import MaintenancePackage, SettlementLine
from organization.management.commands.seed_demo import Command


def test_the_demo_sells_packages_partly_redeemed_and_loading_twice_adds_nothing(db, time_machine):
    time_machine.move_to(timezone.make_aware(datetime(2026, 11, 30, 11, 20)))
    Command().handle()
    Command().handle()

    sold = list(MaintenancePackage.objects.order_by("pk"))
    assert len(sold) == 3
    assert [packages.services_left(package) for package in sold] == [
        sold[0].services - 1,
        sold[1].services - 1,
        sold[2].services,
    ]
    assert SettlementLine.objects.filter(voucher_number__startswith="package:").count() == 2
    assert all(package.expires_on > timezone.localdate() for package in sold)
