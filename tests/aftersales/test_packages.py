"""Maintenance packages, the polish-and-wax voucher and extended warranties (aftersales.packages)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from aftersales import packages
from aftersales.models import OilSize, RepairOrder, SettlementLine
from organization.policies import current_policy
from organization.roles import Role
from tests.factories import RepairOrderFactory, VehicleFactory

pytestmark = pytest.mark.django_db
D = Decimal
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


@pytest.fixture
def vehicle(advisor):
    return VehicleFactory(owner__store=advisor.store)


def order_for(vehicle, advisor, **fields):
    return RepairOrderFactory(vehicle=vehicle, store=vehicle.store, advisor=advisor, **fields)


@pytest.mark.parametrize(("oil", "price"), [(OilSize.SIX_LITRES, D("4002.00")), (OilSize.EIGHT_LITRES, D("4896.00"))])
def test_a_package_costs_three_quarters_of_four_services(store, oil, price):
    policy = current_policy(store)

    assert packages.package_price(policy, oil) == price
    list_price = {OilSize.SIX_LITRES: D(1334), OilSize.EIGHT_LITRES: D(1632)}[oil]
    assert price == list_price * 4 * D("0.75")


def test_a_package_sold_records_its_price_vouchers_and_validity(vehicle, advisor):
    with time_machine.travel(datetime(2026, 3, 15, 18, 0, tzinfo=SHANGHAI)):
        package = packages.sell_package(vehicle, OilSize.EIGHT_LITRES, by=advisor)

    assert (package.price, package.services, package.store) == (D("4896.00"), 4, vehicle.store)
    assert (package.care_vouchers, package.care_voucher_yuan, package.renewal_voucher_yuan) == (4, D(100), D(200))
    assert package.expires_on == date(2028, 3, 15)


@pytest.mark.parametrize(
    ("sold", "expires"),
    [
        (date(2026, 3, 15), date(2028, 3, 15)),
        (date(2024, 2, 29), date(2026, 2, 28)),
        (date(2026, 12, 31), date(2028, 12, 31)),
    ],
)
def test_a_package_expires_two_years_after_its_purchase(store, sold, expires):
    assert packages.package_expires_on(current_policy(store), sold) == expires


def test_a_service_is_redeemed_as_a_zero_priced_line_with_its_voucher(vehicle, advisor):
    package = packages.sell_package(vehicle, OilSize.SIX_LITRES, by=advisor)
    order = order_for(vehicle, advisor)

    line = packages.redeem_package_service(order, package)

    assert (line.order, line.payable, line.list_amount) == (order, D(0), D(0))
    assert line.voucher_number == f"package:{package.pk}:1"
    assert line.reason == gettext("Maintenance package service %(number)s of %(services)s") % {
        "number": 1,
        "services": 4,
    }
    assert packages.services_left(package) == 3


def test_a_package_is_usable_on_its_last_day_and_refused_the_day_after(vehicle, advisor):
    with time_machine.travel(datetime(2026, 3, 15, 10, 0, tzinfo=SHANGHAI)):
        package = packages.sell_package(vehicle, OilSize.SIX_LITRES, by=advisor)

    packages.redeem_package_service(order_for(vehicle, advisor), package, on=date(2028, 3, 15))
    with pytest.raises(ValidationError) as refused:
        packages.redeem_package_service(order_for(vehicle, advisor), package, on=date(2028, 3, 16))

    assert refused.value.messages == [
        gettext("This maintenance package expired on %(day)s.") % {"day": date(2028, 3, 15)}
    ]
    assert packages.services_left(package) == 3


def test_a_used_up_package_is_refused(vehicle, advisor):
    package = packages.sell_package(vehicle, OilSize.SIX_LITRES, by=advisor)
    for _service in range(4):
        packages.redeem_package_service(order_for(vehicle, advisor), package)

    with pytest.raises(ValidationError) as refused:
        packages.redeem_package_service(order_for(vehicle, advisor), package)

    assert refused.value.messages == [gettext("Every service of this maintenance package has been used.")]
    assert SettlementLine.objects.filter(voucher_number__startswith=f"package:{package.pk}:").count() == 4


def test_a_package_of_another_vehicle_is_refused(vehicle, advisor):
    package = packages.sell_package(vehicle, OilSize.SIX_LITRES, by=advisor)
    other = VehicleFactory(owner__store=vehicle.store)

    with pytest.raises(ValidationError) as refused:
        packages.redeem_package_service(order_for(other, advisor), package)

    assert refused.value.messages == [gettext("This package was sold for another vehicle.")]


def test_polish_and_wax_voucher_for_an_insurance_repair_of_a_car_bought_elsewhere(vehicle, advisor):
    order = order_for(vehicle, advisor, payment_type=RepairOrder.PaymentType.INSURANCE_CLAIM)

    with time_machine.travel(datetime(2026, 5, 20, 9, 0, tzinfo=SHANGHAI)):
        voucher = packages.give_polish_wax_voucher(order, by=advisor)

    assert (voucher.order, voucher.vehicle, voucher.expires_on) == (order, vehicle, date(2027, 5, 20))


@pytest.mark.parametrize(
    ("bought_here", "payment_type"),
    [(True, RepairOrder.PaymentType.INSURANCE_CLAIM), (False, RepairOrder.PaymentType.CUSTOMER)],
)
def test_no_polish_and_wax_voucher_for_cars_bought_here_or_orders_not_insured(advisor, bought_here, payment_type):
    vehicle = VehicleFactory(owner__store=advisor.store, bought_here=bought_here)
    order = order_for(vehicle, advisor, payment_type=payment_type)

    with pytest.raises(ValidationError) as refused:
        packages.give_polish_wax_voucher(order, by=advisor)

    assert refused.value.messages == [
        gettext("The polish-and-wax voucher is only for insurance repairs of cars bought elsewhere.")
    ]


def test_polish_and_wax_voucher_not_combined_with_a_referral_reward(vehicle, advisor):
    order = order_for(vehicle, advisor, payment_type=RepairOrder.PaymentType.INSURANCE_CLAIM)
    SettlementLine.objects.create(
        order=order,
        description="基础保养",
        voucher_number="referral-reward:7",
        list_amount=D("-200.00"),
        discount=D(0),
        payable=D("-200.00"),
        reason="推荐奖励",
    )

    with pytest.raises(ValidationError) as refused:
        packages.give_polish_wax_voucher(order, by=advisor)

    assert refused.value.messages == [
        gettext("The polish-and-wax voucher cannot be combined with a referral reward on the same order.")
    ]
    assert not hasattr(RepairOrder.objects.get(pk=order.pk), "polish_wax_voucher")


def test_extended_warranty_sale_moves_the_vehicle_extended_warranty_end(advisor):
    vehicle = VehicleFactory(owner__store=advisor.store, warranty_end=date(2027, 6, 30))

    sale = packages.sell_extended_warranty(vehicle, term_months=24, price=D("3800.00"), by=advisor)

    vehicle.refresh_from_db()
    assert sale.ends_on == vehicle.extended_warranty_end == date(2029, 6, 30)
    assert (sale.price, sale.sold_by, sale.store) == (D("3800.00"), advisor, vehicle.store)
