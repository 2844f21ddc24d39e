"""Selling a maintenance package from the vehicle (aftersales.package_views.package_sell)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aftersales.models import MaintenancePackage
from organization.roles import Role
from tests.factories import VehicleFactory

pytestmark = pytest.mark.django_db
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
TOKEN = "9a4c9f0e-3f7e-4d3a-8a55-6f3f4b2a1c01"


def sell_url(vehicle):
    return reverse("aftersales:package_sell", args=[vehicle.pk])


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


@pytest.fixture
def vehicle(advisor):
    return VehicleFactory(owner__store=advisor.store)


def test_an_advisor_sells_a_package_once_however_often_the_form_is_sent(advisor, vehicle, client_of):
    client = client_of(advisor)
    form = client.get(sell_url(vehicle))
    assert form.status_code == 200

    first = client.post(sell_url(vehicle), {"oil_litres": "8", "submission": TOKEN})
    again = client.post(sell_url(vehicle), {"oil_litres": "8", "submission": TOKEN})

    assert first.status_code == again.status_code == 302
    assert first.url == reverse("customers:detail", args=[vehicle.owner_id])
    [package] = MaintenancePackage.objects.all()
    assert (package.vehicle, package.sold_by, package.price) == (vehicle, advisor, Decimal("4896.00"))


def test_a_missing_oil_size_is_refused(advisor, vehicle, client_of):
    response = client_of(advisor).post(sell_url(vehicle), {"oil_litres": "7", "submission": TOKEN})

    assert response.status_code == 422
    assert not MaintenancePackage.objects.exists()


def test_the_manager_may_not_sell_one(staff, vehicle, client_of):
    response = client_of(staff(Role.AFTER_SALES_MANAGER)).post(sell_url(vehicle), {"oil_litres": "6"})

    assert response.status_code == 403


def test_another_stores_vehicle_is_not_found(advisor, other_store, client_of):
    elsewhere = VehicleFactory(owner__store=other_store)

    response = client_of(advisor).post(sell_url(elsewhere), {"oil_litres": "6", "submission": TOKEN})

    assert response.status_code == 404
    assert not MaintenancePackage.objects.exists()


def test_the_vehicle_offers_the_sale_to_advisors(advisor, vehicle, client_of):
    page = client_of(advisor).get(reverse("customers:detail", args=[vehicle.owner_id]))

    assert sell_url(vehicle) in page.content.decode()
    assert gettext("Sell a maintenance package") in page.content.decode()


@FUZZ
@given(
    oil=st.one_of(st.text(max_size=8), st.sampled_from(["6", "8", "0", "-6", "6.0", "８"])),
    token=st.one_of(st.text(max_size=40), st.uuids().map(str)),  # a fresh form each time
)
def test_garbage_is_refused_and_never_half_saved(advisor, vehicle, client_of, oil, token):
    MaintenancePackage.objects.all().delete()
    response = client_of(advisor).post(sell_url(vehicle), {"oil_litres": oil, "submission": token})

    assert response.status_code in (302, 422)
    assert MaintenancePackage.objects.count() == (1 if response.status_code == 302 else 0)
