from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from organization.events import BusinessEvent, EventKind, announce
from organization.roles import Role
from surveys.callbacks import record_callback_outcome
from surveys.models import Callback
from tests.factories import CallbackFactory, VehicleFactory

DELIVERED = datetime(2026, 11, 24, 16, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
K = Callback.Kind


@pytest.fixture
def vehicle(store):
    return VehicleFactory(owner__store=store)


def event(kind, vehicle, staff_member, source="sale:1"):
    return BusinessEvent(kind, vehicle.store, vehicle.owner, vehicle, staff_member, DELIVERED, source)


def test_a_sales_delivery_creates_the_consultants_calls_and_customer_services(vehicle, staff):
    consultant, cs = staff(Role.SALES_CONSULTANT), staff(Role.CUSTOMER_SERVICE)
    announce(event(EventKind.SALES_DELIVERY, vehicle, consultant))
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
    announce(event(EventKind.SALES_DELIVERY, vehicle, consultant))
    announce(event(EventKind.SALES_DELIVERY, vehicle, consultant))
    assert Callback.objects.count() == 4


def test_a_service_delivery_creates_the_advisors_48h_call_and_the_7_day_survey(vehicle, staff):
    advisor = staff(Role.SERVICE_ADVISOR)
    announce(event(EventKind.SERVICE_DELIVERY, vehicle, advisor, source="ro:9"))
    due = dict(Callback.objects.values_list("kind", "due_at"))
    assert due == {
        K.SERVICE_FOLLOW_UP: DELIVERED + timedelta(hours=48),
        K.SATISFACTION_SURVEY: DELIVERED + timedelta(days=7),
    }


def test_a_vip_reception_creates_customer_services_48h_call(vehicle, staff):
    announce(event(EventKind.VIP_RECEPTION, vehicle, staff(Role.SERVICE_ADVISOR), source="vip:3"))
    (callback,) = Callback.objects.all()
    assert callback.kind == K.VIP_CARE and callback.due_at == DELIVERED + timedelta(hours=48)


def test_customer_service_work_goes_to_the_least_busy_specialist(vehicle, store, staff):
    busy, free = staff(Role.CUSTOMER_SERVICE), staff(Role.CUSTOMER_SERVICE)
    CallbackFactory(customer__store=store, owner=busy)
    announce(event(EventKind.VIP_RECEPTION, vehicle, None, source="vip:4"))
    assert Callback.objects.get(source="vip:4").owner == free


def test_without_customer_service_staff_the_call_waits_unassigned(vehicle, staff):
    announce(event(EventKind.VIP_RECEPTION, vehicle, None, source="vip:5"))
    assert Callback.objects.get(source="vip:5").owner is None


def test_a_specialist_of_another_store_is_never_picked(vehicle, other_store, staff):
    staff(Role.CUSTOMER_SERVICE, store=other_store)
    announce(event(EventKind.VIP_RECEPTION, vehicle, None, source="vip:6"))
    assert Callback.objects.get(source="vip:6").owner is None


def test_a_satisfaction_result_needs_a_reached_customer(store, staff):
    cs = staff(Role.CUSTOMER_SERVICE)
    callback = CallbackFactory(customer__store=store, owner=cs)
    with pytest.raises(ValidationError) as refused:
        record_callback_outcome(callback, expected_version=0, reached=False, satisfied=False, notes="", by=cs)
    assert refused.value.code == "satisfaction_needs_reached"
    callback.refresh_from_db()
    assert callback.attempts == 0
