import uuid
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from customers import membership, privacy
from customers.deliveries import record_vip_reception
from customers.follow_ups import record_follow_up
from customers.grades import set_grade
from customers.models import Customer, FollowUp, PrivacyLog, Prospect, ShowroomVisit, Vehicle, VipReception
from customers.privacy import mask_mobile
from customers.registration import register_vehicle
from organization.models import OutboundMessage
from organization.roles import Role
from surveys.models import Callback
from tests.customers.helpers import customer_post, page_of, shown, vehicle_post
from tests.factories import CustomerFactory, IndividualMembershipFactory, VehicleFactory


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


@pytest.fixture
def person(store, staff):
    """张伟明 with every copy of him the store keeps: prospect, showroom visit, follow-up, SMS, VIP membership."""
    customer = CustomerFactory(store=store, name="张伟明", mobile="13812341234", notes="太太姓李")
    prospect = Prospect.objects.create(store=store, name="张伟明", mobile="13812341234", customer=customer)
    ShowroomVisit.objects.create(store=store, prospect=prospect, is_first_visit=True, notes="张先生带太太来")
    FollowUp.objects.create(store=store, customer=customer, content="张先生想换车", result="张先生下周再来")
    OutboundMessage.objects.create(
        store=store,
        category=OutboundMessage.Category.SERVICE,
        to="13812341234",
        template="service_reminder",
        params={"name": "张伟明"},
        body="张伟明您好，您的爱车该保养了",
        status=OutboundMessage.Status.DEFERRED,
    )
    IndividualMembershipFactory(customer=customer)
    return customer


def anonymize(client, customer):
    response = client.post(reverse("customers:anonymize", args=[customer.pk]), {"note": "客户来电要求删除"})
    assert response.status_code == 302


def test_anonymization_reaches_every_copy_of_the_person(person, store, staff, client_of):
    client = client_of(staff(Role.GENERAL_MANAGER))
    anonymize(client, person)
    prospect = Prospect.objects.get(customer=person)
    assert "张伟明" not in prospect.name and prospect.mobile != "13812341234"
    assert not Prospect.history.filter(Q(name="张伟明") | Q(mobile="13812341234")).exists()
    assert not ShowroomVisit.objects.filter(notes__contains="张").exists()
    assert "张伟明" not in page_of(client.get(reverse("customers:showroom")))
    assert not FollowUp.objects.filter(Q(content__contains="张") | Q(result__contains="张")).exists()
    message = OutboundMessage.objects.get()
    assert message.to != "13812341234" and "张" not in message.body + str(message.params)
    assert message.status == OutboundMessage.Status.SUPPRESSED
    membership = person.memberships.get()
    assert membership.revoked_at is not None and membership.revoked_reason == "anonymized"


@pytest.mark.parametrize(
    "url, data",
    [
        ("customers:follow_up_create", {"contacted_at": "2020-01-01T10:00", "channel": "phone", "content": "来电"}),
        ("customers:grade", {"grade": "A", "reason": "预算高"}),
        ("customers:vip_reception", {"notes": "接待", "submission": str(uuid.uuid4())}),
        ("customers:edit", customer_post(row_version=1)),
        ("customers:vehicle_create", vehicle_post()),
    ],
)
def test_an_anonymized_file_takes_no_more_personal_data(url, data, person, staff, client_of):
    client = client_of(staff(Role.GENERAL_MANAGER))
    anonymize(client, person)
    before = (FollowUp.objects.count(), Vehicle.objects.count(), VipReception.objects.count(), Callback.objects.count())
    for response in (client.get(reverse(url, args=[person.pk])), client.post(reverse(url, args=[person.pk]), data)):
        assert response.status_code in (405, 422)
        if response.status_code == 422:
            assert shown("An anonymized customer cannot be edited.") in page_of(response)
    after = (FollowUp.objects.count(), Vehicle.objects.count(), VipReception.objects.count(), Callback.objects.count())
    assert after == before
    person.refresh_from_db()
    assert person.grade == "" and person.name != "张伟明"


def test_every_write_of_personal_data_refuses_an_anonymized_file(person, staff):
    gm = staff(Role.GENERAL_MANAGER)
    privacy.anonymize_customer(person, note="客户来电要求删除", by=gm)
    writes = [
        lambda: record_follow_up(person, contacted_at=timezone.now(), channel="sms", content="短信", result="", by=gm),
        lambda: set_grade(person, grade="A", reason="预算高", by=gm),
        lambda: record_vip_reception(person, received_by=gm),
        lambda: register_vehicle(owner=person, by=gm, vin="LFV2A21K8N3041234"),
        lambda: membership.reapply(person.memberships.get(), by=gm),
    ]
    for write in writes:
        with pytest.raises(ValidationError) as refused:
            write()
        assert refused.value.code == "anonymized"
