"""Selling an extended warranty from the vehicle (aftersales.package_views.extended_warranty_sell)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aftersales.models import ExtendedWarrantySale
from organization.roles import Role
from tests.factories import VehicleFactory

pytestmark = pytest.mark.django_db
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
TOKEN = "2f1c6a0e-5b7d-4c1e-9d3a-7e2b4c6d8f10"


def sell_url(vehicle):
    return reverse("aftersales:extended_warranty_sell", args=[vehicle.pk])


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


@pytest.fixture
def vehicle(advisor):
    return VehicleFactory(owner__store=advisor.store, warranty_end=date(2027, 3, 31))


def test_an_advisor_sells_one_once_and_the_vehicle_shows_its_new_end(advisor, vehicle, client_of):
    client = client_of(advisor)
    form = client.get(sell_url(vehicle))
    assert form.status_code == 200 and 'value="24"' in form.content.decode()  # the policy's default term

    first = client.post(sell_url(vehicle), {"term_months": "24", "price": "3800", "submission": TOKEN})
    again = client.post(sell_url(vehicle), {"term_months": "24", "price": "3800", "submission": TOKEN})

    assert first.status_code == again.status_code == 302
    [sale] = ExtendedWarrantySale.objects.all()
    assert (sale.vehicle, sale.sold_by, sale.price, sale.ends_on) == (
        vehicle,
        advisor,
        Decimal("3800.00"),
        date(2029, 3, 31),
    )
    vehicle.refresh_from_db()
    assert vehicle.extended_warranty_end == date(2029, 3, 31)


def test_a_negative_price_is_refused_with_its_message(advisor, vehicle, client_of):
    response = client_of(advisor).post(sell_url(vehicle), {"term_months": "12", "price": "-1", "submission": TOKEN})

    assert response.status_code == 422
    assert not ExtendedWarrantySale.objects.exists()


def test_the_manager_may_not_sell_one(staff, vehicle, client_of):
    response = client_of(staff(Role.AFTER_SALES_MANAGER)).post(sell_url(vehicle), {"term_months": "12", "price": "1"})

    assert response.status_code == 403


def test_another_stores_vehicle_is_not_found(advisor, other_store, client_of):
    elsewhere = VehicleFactory(owner__store=other_store)

    response = client_of(advisor).post(sell_url(elsewhere), {"term_months": "12", "price": "1", "submission": TOKEN})

    assert response.status_code == 404
    assert not ExtendedWarrantySale.objects.exists()


def test_the_vehicle_offers_the_sale_to_advisors(advisor, vehicle, client_of):
    page = client_of(advisor).get(reverse("customers:detail", args=[vehicle.owner_id])).content.decode()

    assert sell_url(vehicle) in page and gettext("Sell an extended warranty") in page


@FUZZ
@given(
    term=st.one_of(st.text(max_size=6), st.sampled_from(["0", "1", "120", "121", "-3", "1.5", "１２"])),
    price=st.one_of(st.text(max_size=12), st.sampled_from(["0", "3800", "-1", "1e9", "NaN", "12.345"])),
    token=st.uuids().map(str),
)
def test_garbage_is_refused_and_never_half_saved(advisor, vehicle, client_of, term, price, token):
    ExtendedWarrantySale.objects.all().delete()
    response = client_of(advisor).post(sell_url(vehicle), {"term_months": term, "price": price, "submission": token})

    assert response.status_code in (302, 422)
    assert ExtendedWarrantySale.objects.count() == (1 if response.status_code == 302 else 0)
