from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from customers.deliveries import SALES_DELIVERY, VIP_RECEPTION, deliver_vehicle, record_vip_reception
from customers.models import VehicleSale
from organization.events import business_event
from organization.roles import Role
from surveys.models import Callback
from tests.customers.helpers import page_of, shown
from tests.factories import CustomerFactory, IndividualMembershipFactory, VehicleFactory

DELIVERED = datetime(2026, 11, 20, 15, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def consultant(staff):
    return staff(Role.SALES_CONSULTANT)


@pytest.fixture
def vehicle(store):
    return VehicleFactory(owner__store=store, plate="")


def url(customer):
    return reverse("customers:sale_create", args=[customer.pk])


def sale_post(vehicle, consultant, /, **changes):
    data = {"vehicle": vehicle.pk, "consultant": consultant.pk, "delivered_at": "2026-11-20T15:30", "price": "189900"}
    data.update(changes)
    return data


def test_a_delivery_is_recorded_and_creates_its_callbacks_once(vehicle, consultant, client_of):
    client = client_of(consultant)
    response = client.post(url(vehicle.owner), sale_post(vehicle, consultant))
    assert response.status_code == 302
    sale = VehicleSale.objects.get()
    assert sale.delivered_at == DELIVERED and sale.buyer == vehicle.owner and sale.consultant == consultant
    vehicle.refresh_from_db()
    assert vehicle.bought_here and vehicle.purchase_date == DELIVERED.date()
    callbacks = Callback.objects.filter(source=f"sale:{sale.pk}")
    assert dict(callbacks.values_list("kind", "due_at")) == {
        Callback.Kind.SALES_FIRST: DELIVERED + timedelta(hours=24),
        Callback.Kind.SALES_SECOND: DELIVERED + timedelta(hours=72),
        Callback.Kind.SALES_AFTER_SALES_INTRO: DELIVERED + timedelta(days=21),
        Callback.Kind.SATISFACTION_SURVEY: DELIVERED + timedelta(days=7),
    }
    assert set(callbacks.exclude(kind=Callback.Kind.SATISFACTION_SURVEY).values_list("owner", flat=True)) == {
        consultant.pk
    }
    again = client.post(url(vehicle.owner), sale_post(vehicle, consultant))
    assert again.status_code == 422
    assert VehicleSale.objects.count() == 1 and Callback.objects.count() == 4


def test_delivering_the_same_vehicle_twice_is_refused(vehicle, consultant):
    deliver_vehicle(vehicle=vehicle, buyer=vehicle.owner, consultant=consultant, delivered_at=DELIVERED, by=consultant)
    with pytest.raises(ValidationError):
        deliver_vehicle(
            vehicle=vehicle, buyer=vehicle.owner, consultant=consultant, delivered_at=DELIVERED, by=consultant
        )
    assert Callback.objects.count() == 4


def test_a_delivery_in_the_future_is_refused_and_nothing_is_saved(vehicle, consultant, client_of):
    response = client_of(consultant).post(
        url(vehicle.owner), sale_post(vehicle, consultant, delivered_at="2999-01-01T10:00")
    )
    assert response.status_code == 422
    assert shown("A delivery cannot be recorded before it happens.") in page_of(response)
    assert not VehicleSale.objects.exists() and not Callback.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [{"vehicle": "999999"}, {"consultant": ""}, {"delivered_at": "yesterday"}, {"price": "-1"}, {"price": "abc"}],
)
def test_malformed_deliveries_are_a_422(changes, vehicle, consultant, client_of):
    assert client_of(consultant).post(url(vehicle.owner), sale_post(vehicle, consultant, **changes)).status_code == 422
    assert not VehicleSale.objects.exists()


def test_another_customers_vehicle_cannot_be_chosen(store, vehicle, consultant, client_of):
    stranger = CustomerFactory(store=store)
    assert client_of(consultant).post(url(stranger), sale_post(vehicle, consultant)).status_code == 422


def test_an_advisor_may_not_record_deliveries(vehicle, consultant, staff, client_of):
    response = client_of(staff(Role.SERVICE_ADVISOR)).post(url(vehicle.owner), sale_post(vehicle, consultant))
    assert response.status_code == 403


def test_another_stores_customer_answers_404(other_store, consultant, client_of):
    theirs = VehicleFactory(owner__store=other_store)
    assert client_of(consultant).post(url(theirs.owner), sale_post(theirs, consultant)).status_code == 404


def test_the_delivery_and_the_vip_reception_announce_their_records(vehicle, consultant, staff):
    heard = []

    def receiver(sender, *, event, **kwargs):
        heard.append((sender, event.record))

    business_event.connect(receiver, dispatch_uid="test_sale_delivery")
    try:
        sale = deliver_vehicle(
            vehicle=vehicle, buyer=vehicle.owner, consultant=consultant, delivered_at=DELIVERED, by=consultant
        )
        IndividualMembershipFactory(customer=vehicle.owner)
        reception = record_vip_reception(vehicle.owner, received_by=staff(Role.FRONT_DESK_SUPERVISOR))
    finally:
        business_event.disconnect(dispatch_uid="test_sale_delivery")
    assert heard == [(SALES_DELIVERY, sale), (VIP_RECEPTION, reception)]
