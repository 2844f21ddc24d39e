"""A mobile or VIN registered by someone else while an import is confirmed: merged, or refused with a 422."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from customers import importing
from customers.models import Customer, Vehicle
from organization.roles import Role
from tests.customers.helpers import page_of, shown
from tests.factories import CustomerFactory, VehicleFactory

FILE = "姓名,手机,车架号\n张伟明,13912345678,LFV2A21K8N3041234\n李娜,15820001234,LSVAU2180N2183294\n"


@pytest.fixture
def gm_client(staff, client_of):
    client = client_of(staff(Role.GENERAL_MANAGER))
    upload = SimpleUploadedFile("customers.csv", FILE.encode("utf-8-sig"))
    assert client.post(reverse("customers:import"), {"file": upload}).status_code == 200
    return client


def confirm(client):
    return client.post(reverse("customers:import_confirm"))


def registered_after_the_check(monkeypatch, register):
    """Someone registers a record after the confirm's check read the store's files, before its insert."""
    on_file = importing.on_file

    def then_register(*args, **kwargs):
        found = on_file(*args, **kwargs)
        register()
        return found

    monkeypatch.setattr(importing, "on_file", then_register)


def test_a_customer_registered_between_preview_and_confirm_is_merged(gm_client, store):
    existing = CustomerFactory(store=store, mobile="13912345678", name="张伟明")
    assert confirm(gm_client).status_code == 302
    assert Customer.objects.count() == 2 and existing.vehicles.get().vin == "LFV2A21K8N3041234"


def test_a_vin_registered_to_another_customer_between_preview_and_confirm_refuses_the_import(gm_client, store):
    VehicleFactory(owner__store=store, owner__name="王老五", vin="LSVAU2180N2183294")
    response = confirm(gm_client)
    assert response.status_code == 422
    assert shown("%(count)s rows have errors; correct the file and preview it again.", count=1) in page_of(response)
    assert not Customer.objects.filter(mobile__in=["13912345678", "15820001234"]).exists()


def test_a_mobile_registered_after_the_check_is_the_duplicate_refusal_not_a_500(gm_client, store, monkeypatch):
    registered_after_the_check(monkeypatch, lambda: CustomerFactory(store=store, mobile="15820001234", name="李娜"))
    response = confirm(gm_client)
    assert response.status_code == 422
    assert shown("A customer with this mobile number already exists: %(name)s.", name="李娜") in page_of(response)
    assert not Customer.objects.filter(mobile="13912345678").exists() and not Vehicle.objects.exists()


def test_a_vin_registered_after_the_check_is_the_duplicate_refusal_not_a_500(gm_client, store, monkeypatch):
    registered_after_the_check(
        monkeypatch,
        lambda: VehicleFactory(owner__store=store, owner__name="王老五", vin="LSVAU2180N2183294", plate=""),
    )
    response = confirm(gm_client)
    assert response.status_code == 422
    message = "A vehicle with this VIN already exists (%(vehicle)s, owner %(owner)s)."
    assert shown(message, vehicle="LSVAU2180N2183294", owner="王老五") in page_of(response)
    assert not Customer.objects.filter(mobile__in=["13912345678", "15820001234"]).exists()
