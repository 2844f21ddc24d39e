"""Seed 000 broadcasts: who receives one, consent, opt-outs, quiet hours, and one INSERT for any number of owners."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext

from care.broadcasts import count_recipients, counts_by_status, send_broadcast
from care.models import Broadcast
from care.models.contacts import CareOptOut, ContactKind
from care.models.outreach import Audience, BroadcastKind
from customers.models import Customer, Vehicle
from organization.models import MessageOptOut, OutboundMessage
from organization.roles import Role
from tests.factories import CustomerFactory, FleetMembershipFactory, VehicleFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAYTIME = datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)
NIGHT = datetime(2026, 12, 1, 22, 30, tzinfo=SHANGHAI)


@pytest.fixture
def manager(staff):
    return staff(Role.AFTER_SALES_MANAGER)


def owner(store, *, consent=True, model="凯美瑞", **fields):
    vehicle = VehicleFactory(owner__store=store, owner__marketing_consent=consent, model_name=model, **fields)
    return vehicle.owner


def send(store, manager, kind=BroadcastKind.PROMOTION, audience=Audience.STORE, now=DAYTIME, **choice):
    return send_broadcast(store=store, kind=kind, audience=audience, text="冬季保养八折", by=manager, now=now, **choice)


def sent_to(broadcast: Broadcast) -> set[str]:
    return set(OutboundMessage.objects.filter(params__broadcast=broadcast.pk).values_list("to", flat=True))


def test_it_sends_a_promotion_only_to_owners_who_consented(store, manager):
    yes, no = owner(store, consent=True), owner(store, consent=False)
    broadcast = send(store, manager)
    assert sent_to(broadcast) == {yes.mobile}
    assert no.mobile not in sent_to(broadcast)
    message = OutboundMessage.objects.get(to=yes.mobile)
    assert message.category == OutboundMessage.Category.MARKETING
    assert message.status == OutboundMessage.Status.PENDING
    template = gettext("[{store}] Dear {name}, {text}")
    assert message.body == template.format(store=store.name, name=yes.name, text="冬季保养八折")
    assert message.params == {"name": yes.name, "text": "冬季保养八折", "broadcast": broadcast.pk}


def test_it_sends_a_warning_to_every_owner_as_a_service_message(store, manager):
    yes, no = owner(store, consent=True), owner(store, consent=False)
    broadcast = send(store, manager, kind=BroadcastKind.WEATHER_WARNING)
    assert sent_to(broadcast) == {yes.mobile, no.mobile}
    assert set(OutboundMessage.objects.values_list("category", flat=True)) == {OutboundMessage.Category.SERVICE}


def test_it_reaches_only_owners_of_the_chosen_model(store, manager):
    camry, corolla = owner(store, model="凯美瑞"), owner(store, model="卡罗拉")
    broadcast = send(store, manager, audience=Audience.MODEL, model_name="卡罗拉")
    assert sent_to(broadcast) == {corolla.mobile}
    assert camry.mobile not in sent_to(broadcast)


def test_it_reaches_only_the_active_members_of_the_chosen_fleet(store, manager):
    member = FleetMembershipFactory(fleet__representative__store=store, vehicle__owner__marketing_consent=True)
    FleetMembershipFactory(fleet__representative__store=store, vehicle__owner__marketing_consent=True)  # another fleet
    owner(store)  # an owner in no fleet
    broadcast = send(store, manager, audience=Audience.FLEET, fleet=member.fleet)
    assert sent_to(broadcast) == {member.customer.mobile}


def test_it_skips_other_stores_sold_cars_anonymized_customers_and_opt_outs(store, other_store, manager):
    reached = owner(store)
    owner(other_store)
    owner(store, status=Vehicle.Status.SOLD)
    CustomerFactory(store=store, marketing_consent=True)  # no vehicle: not an owner
    anonymized = owner(store)
    Customer.objects.filter(pk=anonymized.pk).update(anonymized_at=DAYTIME)
    cared = owner(store)
    CareOptOut.objects.create(
        store=store, customer=cared, kind=ContactKind.BROADCAST, reason="不想收到", recorded_by=manager
    )
    sms = owner(store)
    MessageOptOut.objects.create(store=store, mobile=sms.mobile, category=OutboundMessage.Category.MARKETING)
    other_type = owner(store)
    CareOptOut.objects.create(
        store=store, customer=other_type, kind=ContactKind.BIRTHDAY, reason="不过生日", recorded_by=manager
    )
    broadcast = send(store, manager)
    assert sent_to(broadcast) == {reached.mobile, other_type.mobile}
    assert broadcast.recipients == 2


def test_an_sms_opt_out_of_marketing_still_gets_warnings(store, manager):
    sms = owner(store)
    MessageOptOut.objects.create(store=store, mobile=sms.mobile, category=OutboundMessage.Category.MARKETING)
    assert sent_to(send(store, manager, kind=BroadcastKind.GEOLOGICAL_WARNING)) == {sms.mobile}


def test_a_warning_in_quiet_hours_is_held_until_they_end(store, manager):
    owner(store)
    send(store, manager, kind=BroadcastKind.WEATHER_WARNING, now=NIGHT)
    message = OutboundMessage.objects.get()
    assert message.status == OutboundMessage.Status.DEFERRED
    assert message.send_after == datetime(2026, 12, 2, 8, 0, tzinfo=SHANGHAI)


def test_the_preview_counts_what_is_sent(store, manager):
    for consent in (True, True, False):
        owner(store, consent=consent)
    choice = {"store": store, "kind": BroadcastKind.PROMOTION, "audience": Audience.STORE}
    assert count_recipients(**choice) == 2
    broadcast = send(store, manager)
    assert broadcast.recipients == 2 == OutboundMessage.objects.count()
    assert counts_by_status(broadcast) == {OutboundMessage.Status.PENDING: 2}


def owners_in_bulk(store, n):
    customers = Customer.objects.bulk_create(
        Customer(store=store, name=f"车主{i}", mobile=f"139{i:08d}", marketing_consent=True) for i in range(n)
    )
    Vehicle.objects.bulk_create(Vehicle(store=store, owner=customer, model_name="凯美瑞") for customer in customers)


@pytest.mark.parametrize("owners", [1, 10_000])
def test_it_queues_any_number_of_messages_in_the_same_few_queries(
    store, manager, owners, django_capture_on_commit_callbacks
):
    owners_in_bulk(store, owners)
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks():
        broadcast = send(store, manager)
    assert broadcast.recipients == owners == OutboundMessage.objects.count()
    assert len(queries) <= 8, [query["sql"][:120] for query in queries]
