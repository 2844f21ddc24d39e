from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from care.calls import log_care_call
from care.models import CareCall, CareContact
from customers.models import FollowUp, PrivacyLog
from organization.roles import Role
from tests.factories import CareContactFactory, VehicleFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR, name="李顾问")


@pytest.fixture
def cs(staff):
    return staff(Role.CUSTOMER_SERVICE)


@pytest.fixture
def contact(store, advisor):
    return CareContactFactory(customer__store=store, customer__name="王续保", owner=advisor)


def log(client, contact, **data):
    data.setdefault("row_version", contact.row_version)
    return client.post(reverse("care:log_call", args=[contact.pk]), data, **data.pop("headers", {}))


def test_a_reached_call_closes_the_contact_and_goes_into_the_follow_up_log(contact, advisor, client_of):
    with time_machine.travel("2026-11-30 10:15 +08:00", tick=False):
        client = client_of(advisor)
        response = log(client, contact, reached="yes", result="同意续保", next_step="下周来店")
        assert response.status_code == 302 and response.url == reverse("care:today")
        page = client.get(reverse("customers:detail", args=[contact.customer.pk])).content.decode()
    contact.refresh_from_db()
    assert contact.closed_at == datetime(2026, 11, 30, 10, 15, tzinfo=SHANGHAI)
    call = CareCall.objects.get(contact=contact)
    assert call.reached and call.called_by == advisor and call.result == "同意续保" and not call.booked_appointment
    follow_up = call.follow_up
    assert follow_up.customer == contact.customer and follow_up.staff == advisor
    assert follow_up.channel == FollowUp.Channel.PHONE and follow_up.result == "同意续保 · 下周来店"
    assert follow_up.content == f"{contact.get_kind_display()} · {gettext('reached')}"
    assert follow_up.content in page and "同意续保 · 下周来店" in page


def test_an_unreached_call_keeps_the_contact_open_and_counts_the_attempt(contact, advisor, client_of):
    client = client_of(advisor)
    assert log(client, contact, reached="no", result="无人接听").status_code == 302
    contact.refresh_from_db()
    assert contact.closed_at is None
    assert log(client, contact, reached="no").status_code == 302
    page = client.get(reverse("care:contact", args=[contact.pk])).content.decode()
    assert '<dd class="col-sm-10" data-testid="attempts">2</dd>' in page
    assert page.count('data-testid="call-row"') == 2
    assert FollowUp.objects.filter(customer=contact.customer).count() == 2
    assert "王续保" in client.get(reverse("care:today")).content.decode()


def test_booking_an_appointment_opens_the_booking_form_for_the_vehicle(store, advisor, client_of):
    vehicle = VehicleFactory(owner__store=store, owner__name="赵预约", plate="粤B54321")
    contact = CareContactFactory(customer=vehicle.owner, vehicle=vehicle, owner=advisor)
    client = client_of(advisor)
    response = log(client, contact, reached="yes", result="预约保养", booked_appointment="on")
    assert response.status_code == 302
    assert response.url == reverse("aftersales:appointment_create", args=[vehicle.pk])
    assert CareCall.objects.get(contact=contact).booked_appointment
    form = client.get(response.url).content.decode()
    assert "粤B54321" in form and "赵预约" in form


def test_customer_service_who_cannot_book_is_told_to_ask_the_front_desk(store, cs, client_of):
    contact = CareContactFactory(customer__store=store, vehicle=VehicleFactory(owner__store=store), owner=None)
    response = log(client_of(cs), contact, reached="yes", booked_appointment="on", follow="")
    assert response.status_code == 302 and response.url == reverse("care:today")
    page = client_of(cs).get(response.url).content.decode()
    assert gettext("Ask the front desk to book the appointment.") in page


def test_booking_needs_a_reached_customer(contact, advisor, client_of):
    response = log(client_of(advisor), contact, reached="no", booked_appointment="on")
    assert response.status_code == 422
    assert gettext("An appointment needs a customer who was reached.") in response.content.decode()
    assert not CareCall.objects.exists() and not FollowUp.objects.exists()


def test_the_second_of_two_people_logging_the_same_contact_gets_422(store, cs, client_of, staff):
    contact = CareContactFactory(customer__store=store, owner=None)
    other = staff(Role.CUSTOMER_SERVICE)
    read_at = contact.row_version
    assert log(client_of(cs), contact, reached="no", row_version=read_at).status_code == 302
    response = log(client_of(other), contact, reached="yes", row_version=read_at)
    assert response.status_code == 422
    message = gettext("Someone else changed this record while you were editing it. Reload the page and try again.")
    assert message in response.content.decode()
    assert CareCall.objects.count() == 1 and FollowUp.objects.count() == 1
    assert CareContact.objects.get().closed_at is None


def test_a_closed_contact_refuses_another_call(contact, advisor):
    log_care_call(
        contact, expected_version=0, reached=True, result="", next_step="", booked_appointment=False, by=advisor
    )
    with pytest.raises(ValidationError) as refused:
        log_care_call(
            contact,
            expected_version=contact.row_version,
            reached=True,
            result="",
            next_step="",
            booked_appointment=False,
            by=advisor,
        )
    assert refused.value.messages == [gettext("This contact is already closed.")]
    assert CareCall.objects.count() == 1


def test_the_list_fetches_the_call_form_into_the_row(contact, advisor, client_of):
    response = client_of(advisor).get(reverse("care:contact", args=[contact.pk]), HTTP_HX_REQUEST="true")
    form = response.content.decode()
    assert form.startswith(f'<div id="call-form-{contact.pk}">')
    assert f'name="row_version" value="{contact.row_version}"' in form


def test_the_htmx_form_answers_in_place_and_redirects_the_browser_when_done(contact, advisor, client_of):
    client = client_of(advisor)
    refused = log(client, contact, reached="", headers={"HTTP_HX_REQUEST": "true"})
    assert refused.status_code == 422 and refused.content.decode().startswith('<div id="call-form-')
    done = log(client, contact, reached="yes", headers={"HTTP_HX_REQUEST": "true"})
    assert done.status_code == 200 and done.headers["HX-Redirect"] == reverse("care:today")


def test_the_owner_reveals_the_full_number_and_the_reveal_is_logged(store, advisor, client_of):
    contact = CareContactFactory(customer__store=store, customer__mobile="13912345678", owner=advisor)
    client = client_of(advisor)
    assert "13912345678" not in client.get(reverse("care:contact", args=[contact.pk])).content.decode()
    response = client.post(reverse("care:reveal_mobile", args=[contact.pk]), HTTP_HX_REQUEST="true")
    assert "13912345678" in response.content.decode()
    assert PrivacyLog.objects.filter(customer=contact.customer).exists()


def test_a_colleagues_or_another_stores_contact_answers_404(store, other_store, advisor, staff, client_of):
    colleague = CareContactFactory(customer__store=store, owner=staff(Role.SERVICE_ADVISOR))
    elsewhere = CareContactFactory(customer__store=other_store, owner=None)
    client = client_of(advisor)
    for contact in (colleague, elsewhere):
        assert client.get(reverse("care:contact", args=[contact.pk])).status_code == 404
        assert log(client, contact, reached="yes").status_code == 404
    assert not CareCall.objects.exists()


@pytest.mark.parametrize("role", [Role.TECHNICIAN, Role.AFTER_SALES_MANAGER, Role.SALES_CONSULTANT])
def test_other_roles_may_not_log_calls(role, contact, staff, client_of):
    assert log(client_of(staff(role)), contact, reached="yes").status_code == 403
    assert not CareCall.objects.exists()
