"""Staff incentives per person and month (aftersales.incentives)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from aftersales import packages
from aftersales.incentives import incentives_for
from aftersales.models import OilSize, RepairOrder, RepairOrderLine, SettlementLine
from organization.roles import Role
from tests.factories import PartPriceFactory, RepairOrderFactory, RepairOrderLineFactory, VehicleFactory

pytestmark = pytest.mark.django_db
D = Decimal
SHANGHAI = ZoneInfo("Asia/Shanghai")
MARCH_10 = datetime(2026, 3, 10, 11, 0, tzinfo=SHANGHAI)


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR, username="advisor-a")


def vehicle_of(store):
    return VehicleFactory(owner__store=store)


def settled_accessory(advisor, *, payable, cost, quantity="1", settled_at=MARCH_10):
    """An order of `advisor` settled at `settled_at` with one accessory line billed `payable`."""
    order = RepairOrderFactory(store=advisor.store, vehicle__owner__store=advisor.store, advisor=advisor)
    part = PartPriceFactory(store=advisor.store, cost=D(cost))
    line = RepairOrderLineFactory(
        order=order, kind=RepairOrderLine.Kind.ACCESSORY, part=part, unit_price=D(payable), quantity=D(quantity)
    )
    RepairOrder.objects.filter(pk=order.pk).update(status=RepairOrder.Status.SETTLED, settled_at=settled_at)
    SettlementLine.objects.create(
        order=order, line=line, description=line.description, list_amount=D(payable), discount=D(0),
        payable=D(payable), reason="",
    )  # fmt: skip


def test_packages_sold_earn_100_each(advisor):
    with time_machine.travel(MARCH_10):
        packages.sell_package(vehicle_of(advisor.store), OilSize.SIX_LITRES, by=advisor)
        packages.sell_package(vehicle_of(advisor.store), OilSize.EIGHT_LITRES, by=advisor)

    [row] = incentives_for(advisor.store, date(2026, 3, 1))

    assert (row.person, row.packages, row.package_yuan, row.total) == (advisor, 2, D(200), D(200))


def test_extended_warranties_earn_300_each(advisor):
    with time_machine.travel(MARCH_10):
        packages.sell_extended_warranty(vehicle_of(advisor.store), term_months=24, price=D(3000), by=advisor)

    [row] = incentives_for(advisor.store, date(2026, 3, 31))

    assert (row.extended_warranties, row.extended_warranty_yuan, row.total) == (1, D(300), D(300))


def test_other_add_ons_earn_5_percent_of_their_gross_margin(advisor):
    settled_accessory(advisor, payable="300.00", cost="100.00")  # margin 200
    settled_accessory(advisor, payable="150.00", cost="20.00", quantity="2")  # margin 150 - 40 = 110

    [row] = incentives_for(advisor.store, date(2026, 3, 1))

    assert (row.add_on_margin, row.add_on_yuan, row.total) == (D("310.00"), D("15.50"), D("15.50"))


def test_each_person_gets_their_own_row(advisor, staff):
    other = staff(Role.SERVICE_ADVISOR, username="advisor-b")
    with time_machine.travel(MARCH_10):
        packages.sell_package(vehicle_of(advisor.store), OilSize.SIX_LITRES, by=advisor)
        packages.sell_extended_warranty(vehicle_of(advisor.store), term_months=12, price=D(2000), by=other)

    rows = incentives_for(advisor.store, date(2026, 3, 1))

    assert [(row.person, row.total) for row in rows] == [(advisor, D(100)), (other, D(300))]


def test_a_month_with_no_sales_has_no_rows(advisor):
    with time_machine.travel(datetime(2026, 2, 28, 23, 59, tzinfo=SHANGHAI)):
        packages.sell_package(vehicle_of(advisor.store), OilSize.SIX_LITRES, by=advisor)
    settled_accessory(advisor, payable="300.00", cost="100.00", settled_at=datetime(2026, 4, 1, 0, 0, tzinfo=SHANGHAI))

    assert incentives_for(advisor.store, date(2026, 3, 1)) == []


def test_other_stores_sales_are_not_counted(advisor, other_store):
    with time_machine.travel(MARCH_10):
        packages.sell_package(vehicle_of(other_store), OilSize.SIX_LITRES, by=advisor)

    assert incentives_for(advisor.store, date(2026, 3, 1)) == []


def test_a_fixed_number_of_queries_whatever_the_people(advisor, staff, django_assert_max_num_queries):
    for n in range(5):
        seller = staff(Role.SERVICE_ADVISOR, username=f"seller-{n}")
        with time_machine.travel(MARCH_10):
            packages.sell_package(vehicle_of(advisor.store), OilSize.SIX_LITRES, by=seller)
        settled_accessory(seller, payable="100.00", cost="50.00")

    with django_assert_max_num_queries(6):
        rows = incentives_for(advisor.store, date(2026, 3, 1))

    assert len(rows) == 5
