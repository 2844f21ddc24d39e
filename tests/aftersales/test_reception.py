"""Receiving the car: from the appointment on the day view (nothing retyped) or as a walk-in, into a draft order."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from aftersales.models import Appointment, RepairOrder
from organization.roles import Role
from tests.factories import AppointmentFactory, RepairOrderFactory, VehicleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


def reception(**fields):
    promised = timezone.localtime() + timedelta(hours=3)
    return {
        "job_type": "maintenance",
        "payment_type": "customer",
        "mileage_in": "23000",
        "fuel_level": "half",
        "exterior_damage": "左前门划痕",
        "valuables": "行车记录仪",
        "customer_words": "保养，刹车有异响",
        "diagnosis": "刹车片磨损",
        "covers_fitted": "on",
        "key_tag": "K-07",
        "customer_waits": "on",
        "promised_at": promised.strftime("%Y-%m-%dT%H:%M"),
        **fields,
    }


def test_the_receive_form_is_filled_from_the_appointment(store, advisor, client_of):
    appointment = AppointmentFactory(
        vehicle__owner__store=store,
        advisor=advisor,
        fault_description="发动机异响",
        preliminary_diagnosis="皮带老化",
        estimated_duration=timedelta(hours=2),
    )
    response = client_of(advisor).get(reverse("aftersales:appointment_receive", args=[appointment.pk]))
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial["customer_words"] == "发动机异响" and initial["diagnosis"] == "皮带老化"
    assert initial["promised_at"] == timezone.localtime(appointment.slot_start + timedelta(hours=2))


def test_receiving_the_appointment_opens_a_draft_and_completes_the_appointment(store, advisor, client_of):
    appointment = AppointmentFactory(vehicle__owner__store=store, advisor=advisor)
    response = client_of(advisor).post(reverse("aftersales:appointment_receive", args=[appointment.pk]), reception())
    order = RepairOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("aftersales:repair_order", args=[order.pk])
    assert order.appointment == appointment and order.status == RepairOrder.Status.DRAFT
    assert order.key_tag == "K-07" and order.covers_fitted and order.customer_waits and order.advisor == advisor
    assert order.steps.get().action == "receive"
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.COMPLETED
    order.vehicle.refresh_from_db()
    assert order.vehicle.mileage == 23000


def test_an_appointment_is_received_once(store, advisor, client_of):
    appointment = AppointmentFactory(vehicle__owner__store=store, advisor=advisor)
    url = reverse("aftersales:appointment_receive", args=[appointment.pk])
    client = client_of(advisor)
    client.post(url, reception())
    response = client.post(url, reception())
    assert response.status_code == 422
    assert gettext("This appointment has already been received or was cancelled.") in response.content.decode()
    assert RepairOrder.objects.count() == 1


def test_a_walk_in_from_the_vehicle(store, advisor, client_of):
    vehicle = VehicleFactory(owner__store=store)
    response = client_of(advisor).post(reverse("aftersales:repair_order_create", args=[vehicle.pk]), reception())
    assert response.status_code == 302
    assert RepairOrder.objects.get().appointment is None


def test_a_promise_already_past_is_a_422_and_nothing_is_saved(store, advisor, client_of):
    vehicle = VehicleFactory(owner__store=store)
    past = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client_of(advisor).post(
        reverse("aftersales:repair_order_create", args=[vehicle.pk]), reception(promised_at=past)
    )
    assert response.status_code == 422
    assert gettext("The promised delivery time must be later than now.") in response.content.decode()
    assert not RepairOrder.objects.exists()


def test_only_the_advisor_receives_and_another_stores_vehicle_is_404(store, other_store, staff, advisor, client_of):
    vehicle = VehicleFactory(owner__store=store)
    url = reverse("aftersales:repair_order_create", args=[vehicle.pk])
    assert client_of(staff(Role.AFTER_SALES_MANAGER)).post(url, reception()).status_code == 403
    assert client_of(staff(Role.TECHNICIAN)).get(url).status_code == 403
    elsewhere = VehicleFactory(owner__store=other_store)
    url = reverse("aftersales:repair_order_create", args=[elsewhere.pk])
    assert client_of(advisor).get(url).status_code == 404
    assert not RepairOrder.objects.exists()


def test_the_day_view_offers_receiving_and_lists_the_advisors_open_orders(store, advisor, client_of):
    appointment = AppointmentFactory(vehicle__owner__store=store, advisor=advisor)
    day = {"day": timezone.localdate(appointment.slot_start).isoformat()}
    client = client_of(advisor)
    receive = reverse("aftersales:appointment_receive", args=[appointment.pk])
    assert receive in client.get(reverse("aftersales:workbench"), day).content.decode()
    client.post(receive, reception())
    response = client.get(reverse("aftersales:workbench"), day)
    order = RepairOrder.objects.get()
    assert receive not in response.content.decode()
    assert list(response.context["open_orders"]) == [order]


def test_the_advisors_day_view_query_count_stays_constant_from_1_to_30_open_orders(store, advisor, client_of):
    client = client_of(advisor)
    url = reverse("aftersales:workbench")
    client.get(url)
    queries = {}
    for count in (1, 30):
        while RepairOrder.objects.count() < count:
            RepairOrderFactory(store=store, vehicle__owner__store=store, advisor=advisor)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert len(response.context["open_orders"]) == count
        queries[count] = len(captured)
    assert queries[1] == queries[30]
