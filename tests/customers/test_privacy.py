from datetime import date

import pytest
from django.urls import reverse

from customers.models import Customer, PrivacyLog
from customers.privacy import mask_mobile
from organization.roles import Role
from tests.factories import CustomerFactory, VehicleFactory


@pytest.mark.parametrize("mobile, masked", [("13812341234", "138****1234"), ("anon-7", "****"), ("", "****")])
def test_mobiles_are_masked(mobile, masked):
    assert mask_mobile(mobile) == masked


def test_anonymization_replaces_personal_data_everywhere_and_keeps_the_vehicles(store, staff, client_of):
    gm = staff(Role.GENERAL_MANAGER)
    customer = CustomerFactory(store=store, name="张伟明", mobile="13812341234", birthday=date(1980, 1, 1))
    VehicleFactory(owner=customer)
    client = client_of(gm)
    url = reverse("customers:anonymize", args=[customer.pk])
    assert client.post(url, {"note": ""}).status_code == 422
    assert client.post(url, {"note": "客户来电要求删除，2026-11-20"}).status_code == 302
    customer.refresh_from_db()
    assert customer.anonymized_at and customer.birthday is None and customer.mobile != "13812341234"
    assert customer.vehicles.count() == 1
    assert not Customer.history.filter(id=customer.pk, mobile="13812341234").exists()
    assert not Customer.history.filter(id=customer.pk, name="张伟明").exists()
    log = PrivacyLog.objects.get(action=PrivacyLog.Action.ANONYMIZE)
    assert log.user == gm and "删除" in log.note
    assert client.post(url, {"note": "再来一次"}).status_code == 422
    assert client.post(reverse("customers:reveal_mobile", args=[customer.pk])).status_code == 403


def test_only_managers_anonymize(store, staff, client_of):
    customer = CustomerFactory(store=store)
    response = client_of(staff(Role.SERVICE_ADVISOR)).post(
        reverse("customers:anonymize", args=[customer.pk]), {"note": "x"}
    )
    assert response.status_code == 403
    customer.refresh_from_db()
    assert customer.anonymized_at is None
