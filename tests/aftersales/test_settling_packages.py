"""Maintenance-package services redeemed at settlement, and the referral voucher refused beside polish and wax
(aftersales.settling_views.repair_order_settle)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from aftersales import packages
from aftersales.models import OilSize, PolishWaxVoucher, RepairOrder, SettlementLine
from customers.models import ReferralReward
from organization.roles import Role
from tests.factories import ReferralFactory, RepairOrderFactory, RepairOrderLineFactory, VehicleFactory

pytestmark = pytest.mark.django_db
D = Decimal
Status = RepairOrder.Status


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


@pytest.fixture
def vehicle(advisor):
    return VehicleFactory(owner__store=advisor.store)


def ready_order(advisor, vehicle, **fields):
    order = RepairOrderFactory(store=advisor.store, vehicle=vehicle, advisor=advisor, **fields)
    RepairOrderLineFactory(order=order)
    RepairOrder.objects.filter(pk=order.pk).update(status=Status.READY, estimate=D("200.00"))
    order.refresh_from_db()
    return order


def settle_url(order):
    return reverse("aftersales:repair_order_settle", args=[order.pk])


def post(order, **fields):
    return {
        "row_version": order.row_version,
        "old_parts": "discarded",
        "next_service_due": (timezone.localdate() + timedelta(days=180)).isoformat(),
        "next_service_km": str(order.mileage_in + 5000),
        **fields,
    }


def use_up(package, advisor):
    for _ in range(package.services):
        packages.redeem_package_service(RepairOrderFactory(vehicle=package.vehicle, store=package.store), package)


def test_the_settlement_form_offers_the_usable_packages_only(vehicle, advisor, client_of):
    usable = packages.sell_package(vehicle, OilSize.SIX_LITRES, by=advisor)
    expired = packages.sell_package(vehicle, OilSize.EIGHT_LITRES, by=advisor)
    expired.expires_on = timezone.localdate() - timedelta(days=1)
    expired.save(update_fields=["expires_on"])
    used_up = packages.sell_package(vehicle, OilSize.SIX_LITRES, by=advisor)
    use_up(used_up, advisor)
    order = ready_order(advisor, vehicle)

    form = client_of(advisor).get(settle_url(order)).context["settle_form"]

    assert [value for value, _label in form.fields["package"].choices if value] == [str(usable.pk)]


def test_a_package_service_chosen_is_redeemed_as_a_zero_priced_line_on_the_sheet(vehicle, advisor, client_of):
    package = packages.sell_package(vehicle, OilSize.SIX_LITRES, by=advisor)
    order = ready_order(advisor, vehicle)
    client = client_of(advisor)

    response = client.post(settle_url(order), post(order, package=str(package.pk)))

    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == Status.SETTLED and order.payable_total == D("200.00")
    line = SettlementLine.objects.get(order=order, voucher_number=f"package:{package.pk}:1")
    assert (line.list_amount, line.payable) == (D(0), D(0))
    assert packages.services_left(package) == package.services - 1
    sheet = client.get(reverse("aftersales:settlement_print", args=[order.pk])).content.decode()
    assert f"package:{package.pk}:1" in sheet


def test_a_package_expired_meanwhile_is_refused_and_nothing_is_saved(vehicle, advisor, client_of):
    package = packages.sell_package(vehicle, OilSize.SIX_LITRES, by=advisor)
    order = ready_order(advisor, vehicle)
    client = client_of(advisor)
    client.get(settle_url(order))
    package.expires_on = date(2024, 3, 1)
    package.save(update_fields=["expires_on"])

    response = client.post(settle_url(order), post(order, package=str(package.pk)))

    assert response.status_code == 422
    assert gettext("This maintenance package expired on %(day)s.") % {"day": date(2024, 3, 1)} in (
        response.content.decode()
    )
    assert RepairOrder.objects.get(pk=order.pk).status == Status.READY
    assert not SettlementLine.objects.filter(order=order).exists()


def test_a_package_used_up_meanwhile_is_refused_and_nothing_is_saved(vehicle, advisor, client_of):
    package = packages.sell_package(vehicle, OilSize.SIX_LITRES, by=advisor)
    order = ready_order(advisor, vehicle)
    use_up(package, advisor)

    response = client_of(advisor).post(settle_url(order), post(order, package=str(package.pk)))

    assert response.status_code == 422
    assert gettext("Every service of this maintenance package has been used.") in response.content.decode()
    assert RepairOrder.objects.get(pk=order.pk).status == Status.READY
    assert not SettlementLine.objects.filter(order=order).exists()


def test_a_package_of_another_vehicle_is_refused(vehicle, advisor, client_of):
    other = packages.sell_package(VehicleFactory(owner__store=advisor.store), OilSize.SIX_LITRES, by=advisor)
    packages.sell_package(vehicle, OilSize.SIX_LITRES, by=advisor)
    order = ready_order(advisor, vehicle)

    response = client_of(advisor).post(settle_url(order), post(order, package=str(other.pk)))

    assert response.status_code == 422
    assert not SettlementLine.objects.filter(order=order).exists()


def test_a_referral_voucher_is_refused_on_an_order_with_the_polish_and_wax_voucher(vehicle, advisor, client_of):
    order = ready_order(advisor, vehicle)
    PolishWaxVoucher.objects.create(
        store=order.store, order=order, vehicle=vehicle, issued_by=advisor, expires_on=date(2027, 12, 31)
    )
    reward = ReferralReward.objects.create(
        store=order.store,
        referral=ReferralFactory(referrer=order.customer),
        customer=order.customer,
        kind=ReferralReward.Kind.BASIC_SERVICE,
    )

    response = client_of(advisor).post(settle_url(order), post(order, vouchers=[str(reward.pk)]))

    assert response.status_code == 422
    assert (
        gettext("A referral reward cannot be combined with the polish-and-wax voucher this order already got.")
        in response.content.decode()
    )
    assert RepairOrder.objects.get(pk=order.pk).status == Status.READY
    assert not SettlementLine.objects.filter(order=order).exists()
