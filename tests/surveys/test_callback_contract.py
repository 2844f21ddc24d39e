from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from aftersales.events import SERVICE_DELIVERY
from customers.deliveries import SALES_DELIVERY, VIP_RECEPTION
from customers.privacy import CUSTOMER_ANONYMIZED
from organization.events import BusinessEvent, announce
from organization.models import Notification
from organization.roles import Role
from surveys.callbacks import create_callbacks_for_event, record_callback_outcome
from surveys.models import Callback
from tests.factories import CallbackFactory, VehicleFactory

DELIVERED = datetime(2026, 11, 24, 16, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
K = Callback.Kind


@pytest.fixture
def vehicle(store):
    return VehicleFactory(owner__store=store)


class Record:
    """Stands for the record that caused the event (a repair order, a reception) where only its source matters."""

    def __init__(self, source):
        self.source = source


def event(kind, vehicle, staff_member, source="sale:1"):
    return BusinessEvent(kind, Record(source), vehicle.store, vehicle.owner, vehicle, staff_member, DELIVERED)


def test_a_sales_delivery_creates_the_consultants_calls_and_customer_services(vehicle, staff):
    consultant, cs = staff(Role.SALES_CONSULTANT), staff(Role.CUSTOMER_SERVICE)
    announce(event(SALES_DELIVERY, vehicle, consultant))
    callbacks = {c.kind: c for c in Callback.objects.all()}
    assert set(callbacks) == {K.SALES_FIRST, K.SALES_SECOND, K.SALES_AFTER_SALES_INTRO, K.SATISFACTION_SURVEY}
    assert callbacks[K.SALES_FIRST].due_at == DELIVERED + timedelta(hours=24)
    assert callbacks[K.SALES_SECOND].due_at == DELIVERED + timedelta(hours=72)
    assert callbacks[K.SALES_AFTER_SALES_INTRO].due_at == DELIVERED + timedelta(days=21)
    assert callbacks[K.SATISFACTION_SURVEY].due_at == DELIVERED + timedelta(days=7)
    assert {c.owner for k, c in callbacks.items() if k != K.SATISFACTION_SURVEY} == {consultant}
    assert callbacks[K.SATISFACTION_SURVEY].owner == cs
    assert all(c.vehicle == vehicle and c.customer == vehicle.owner for c in callbacks.values())


def test_announcing_the_same_delivery_twice_creates_its_callbacks_once(vehicle, staff):
    consultant = staff(Role.SALES_CONSULTANT)
    announce(event(SALES_DELIVERY, vehicle, consultant))
    announce(event(SALES_DELIVERY, vehicle, consultant))
    assert Callback.objects.count() == 4


def test_a_service_delivery_creates_the_advisors_48h_call_and_the_7_day_survey(vehicle, staff):
    advisor = staff(Role.SERVICE_ADVISOR)
    announce(event(SERVICE_DELIVERY, vehicle, advisor, source="ro:9"))
    due = dict(Callback.objects.values_list("kind", "due_at"))
    assert due == {
        K.SERVICE_FOLLOW_UP: DELIVERED + timedelta(hours=48),
        K.SATISFACTION_SURVEY: DELIVERED + timedelta(days=7),
    }


def test_a_vip_reception_creates_customer_services_48h_call(vehicle, staff):
    announce(event(VIP_RECEPTION, vehicle, staff(Role.SERVICE_ADVISOR), source="vip:3"))
    (callback,) = Callback.objects.all()
    assert callback.kind == K.VIP_CARE and callback.due_at == DELIVERED + timedelta(hours=48)


def test_customer_service_work_goes_to_the_least_busy_specialist(vehicle, store, staff):
    busy, free = staff(Role.CUSTOMER_SERVICE), staff(Role.CUSTOMER_SERVICE)
    CallbackFactory(customer__store=store, owner=busy)
    announce(event(VIP_RECEPTION, vehicle, None, source="vip:4"))
    assert Callback.objects.get(source="vip:4").owner == free


def test_without_customer_service_staff_the_call_waits_unassigned(vehicle, staff):
    announce(event(VIP_RECEPTION, vehicle, None, source="vip:5"))
    assert Callback.objects.get(source="vip:5").owner is None


def test_a_specialist_of_another_store_is_never_picked(vehicle, other_store, staff):
    staff(Role.CUSTOMER_SERVICE, store=other_store)
    announce(event(VIP_RECEPTION, vehicle, None, source="vip:6"))
    assert Callback.objects.get(source="vip:6").owner is None


def test_a_satisfaction_result_needs_a_reached_customer(store, staff):
    cs = staff(Role.CUSTOMER_SERVICE)
    callback = CallbackFactory(customer__store=store, owner=cs)
    with pytest.raises(ValidationError) as refused:
        record_callback_outcome(callback, expected_version=0, reached=False, satisfied=False, notes="", by=cs)
    assert refused.value.code == "satisfaction_needs_reached"
    callback.refresh_from_db()
    assert callback.attempts == 0


def test_the_receiver_returns_only_the_callbacks_it_created(vehicle, staff):
    delivery = event(SALES_DELIVERY, vehicle, staff(Role.SALES_CONSULTANT))
    created = create_callbacks_for_event(SALES_DELIVERY, event=delivery)
    assert sorted(c.pk for c in created) == sorted(Callback.objects.values_list("pk", flat=True))
    assert len(created) == 4
    assert create_callbacks_for_event(SALES_DELIVERY, event=delivery) == []


def test_a_kind_without_a_callback_plan_creates_nothing(vehicle, staff):
    from tests.organization.test_events import ROADSIDE_RESCUE

    assert create_callbacks_for_event(ROADSIDE_RESCUE, event=event(ROADSIDE_RESCUE, vehicle, None)) == []
    assert not Callback.objects.exists()


def test_an_anonymization_creates_no_callback(vehicle, staff):
    anonymized = event(CUSTOMER_ANONYMIZED, vehicle, staff(Role.GENERAL_MANAGER), source="privacy:1")
    assert create_callbacks_for_event(CUSTOMER_ANONYMIZED, event=anonymized) == []
    assert not Callback.objects.exists()


def test_the_owners_are_told_only_after_the_announcing_transaction_commits(
    vehicle, staff, django_capture_on_commit_callbacks
):
    consultant, cs = staff(Role.SALES_CONSULTANT), staff(Role.CUSTOMER_SERVICE)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        announce(event(SALES_DELIVERY, vehicle, consultant))
        assert Callback.objects.count() == 4 and not Notification.objects.exists()
    for callback in pending:
        callback()
    notices = sorted(Notification.objects.values_list("recipient", flat=True))
    assert notices == sorted([consultant.pk] * 3 + [cs.pk])  # one per new callback
    with django_capture_on_commit_callbacks(execute=True) as again:
        announce(event(SALES_DELIVERY, vehicle, consultant))
    assert again == [] and Notification.objects.count() == 4


def test_a_service_delivery_for_an_anonymized_customer_schedules_no_call(vehicle, staff):
    """The car is still serviced; the person asked to be forgotten, so nobody calls them about it."""
    vehicle.owner.anonymized_at = DELIVERED
    vehicle.owner.save(update_fields=["anonymized_at"])
    announce(event(SERVICE_DELIVERY, vehicle, staff(Role.SERVICE_ADVISOR), source="repair_order:9"))
    assert not Callback.objects.exists()
