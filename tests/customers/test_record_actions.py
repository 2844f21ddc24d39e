"""Actions other apps offer on a customer's vehicle rows (organization.navigation.add_record_action)."""

import pytest
from django.urls import reverse

from organization import navigation
from organization.roles import Role
from tests.factories import VehicleFactory


@pytest.fixture
def vehicle(store):
    return VehicleFactory(owner__store=store)


def booking_link(vehicle):
    return f'href="{reverse("aftersales:appointment_create", args=[vehicle.pk])}"'


def detail(client, vehicle):
    return client.get(reverse("customers:detail", args=[vehicle.owner_id]))


def test_an_advisor_sees_book_an_appointment_on_the_vehicle_row(vehicle, staff, client_of):
    page = detail(client_of(staff(Role.SERVICE_ADVISOR)), vehicle).content.decode()
    assert booking_link(vehicle) in page


def test_a_technician_never_sees_it(vehicle, staff, client_of):
    technician = staff(Role.TECHNICIAN)
    response = detail(client_of(technician), vehicle)
    assert response.status_code == 403 and booking_link(vehicle) not in response.content.decode()
    assert navigation.record_actions_for(technician, "vehicle") == []


def test_the_group_user_reads_the_file_without_it(vehicle, staff, client_of):
    response = detail(client_of(staff(Role.GROUP_MANAGEMENT, store=None)), vehicle)
    assert response.status_code == 200 and booking_link(vehicle) not in response.content.decode()


def test_a_sales_consultant_reads_the_file_without_it(vehicle, staff, client_of):
    response = detail(client_of(staff(Role.SALES_CONSULTANT)), vehicle)
    assert response.status_code == 200 and booking_link(vehicle) not in response.content.decode()


def test_actions_of_a_kind_come_in_their_registered_order_to_their_roles(monkeypatch, staff):
    monkeypatch.setattr(navigation, "_record_actions", {})
    navigation.add_record_action("customer", "Call", "customers:edit", roles={Role.CUSTOMER_SERVICE}, position=20)
    navigation.add_record_action("customer", "Complain", "customers:detail", roles=set(Role), position=10)
    cs = staff(Role.CUSTOMER_SERVICE)
    assert navigation.record_actions_for(cs, "customer") == [
        ("Complain", "customers:detail"),
        ("Call", "customers:edit"),
    ]
    assert navigation.record_actions_for(staff(Role.SALES_CONSULTANT), "customer") == [("Complain", "customers:detail")]
    assert navigation.record_actions_for(cs, "vehicle") == []
