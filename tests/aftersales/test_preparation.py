"""The day-before preparation checklist page, and its progress on the day view of tomorrow."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from hypothesis import given

from aftersales import preparation
from aftersales.models import Appointment, AppointmentReminder, Preparation
from organization.roles import Role
from tests.customers.test_bad_input import FUZZ, field, form, split, text
from tests.factories import AppointmentFactory, PreparationFactory

EVERYTHING = {
    "parts_on_shelf": "on",
    "bay": "B2",
    "tools_and_documents_checked": "on",
    "customer_file_pulled": "on",
    "welcome_by": "plate",
    "welcome_board_ready": "on",
}


def url(appointment):
    return reverse("aftersales:appointment_preparation", args=[appointment.pk])


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


@pytest.fixture
def technician(staff):
    return staff(Role.TECHNICIAN, name="赵师傅")


@pytest.fixture
def appointment(store, advisor):
    return AppointmentFactory(
        vehicle__owner__store=store, vehicle__owner__name="王先生", vehicle__plate="粤A12345", advisor=advisor
    )


def test_the_advisor_ticks_every_item_and_the_board_shows_the_plate(appointment, advisor, technician, client_of):
    client = client_of(advisor)
    page = client.get(url(appointment))
    assert page.status_code == 200
    assert page.context["welcome_text"] == gettext("Welcome %(name)s") % {"name": "王先生"}
    assert page.context["done"] == 0
    response = client.post(url(appointment), {**EVERYTHING, "technician": technician.pk, "row_version": 0})
    assert response.status_code == 302
    checklist = Preparation.objects.get(appointment=appointment)
    assert checklist.items_done() == preparation.ITEMS and checklist.technician == technician
    page = client.get(url(appointment))
    assert page.context["welcome_text"] == gettext("Welcome %(name)s") % {"name": "粤A12345"}
    assert "6/6" in page.content.decode()


def test_a_technician_of_another_store_is_refused(appointment, advisor, other_store, staff, client_of):
    outsider = staff(Role.TECHNICIAN, store=other_store)
    response = client_of(advisor).post(url(appointment), {**EVERYTHING, "technician": outsider.pk, "row_version": 0})
    assert response.status_code == 422
    assert not Preparation.objects.exists()


def test_two_people_ticking_at_once_one_gets_a_422(appointment, advisor, staff, client_of):
    PreparationFactory(appointment=appointment, bay="")
    first = {**EVERYTHING, "row_version": 0}
    assert client_of(advisor).post(url(appointment), first).status_code == 302
    supervisor = client_of(staff(Role.FRONT_DESK_SUPERVISOR))
    response = supervisor.post(url(appointment), {**first, "bay": "C9"})
    assert response.status_code == 422
    assert response.context["form"].has_error("__all__", "concurrent_edit")
    assert Preparation.objects.get().bay == "B2"


def test_two_people_ticking_the_first_time_at_once_one_gets_a_422(appointment, advisor, client_of):
    client = client_of(advisor)
    assert client.post(url(appointment), {**EVERYTHING, "row_version": 0}).status_code == 302
    response = client.post(url(appointment), {**EVERYTHING, "bay": "C9", "row_version": 0})
    assert response.status_code == 422 and Preparation.objects.get().bay == "B2"


def test_a_cancelled_appointment_is_not_prepared(appointment, advisor, client_of):
    Appointment.objects.filter(pk=appointment.pk).update(status=Appointment.Status.CANCELLED)
    response = client_of(advisor).post(url(appointment), {**EVERYTHING, "row_version": 0})
    assert response.status_code == 422 and not Preparation.objects.exists()


def test_wrong_role_other_store_and_read_only_are_refused(store, other_store, staff, group_user, client_of):
    theirs = AppointmentFactory(vehicle__owner__store=other_store)
    assert client_of(staff(Role.SERVICE_ADVISOR)).get(url(theirs)).status_code == 404
    assert client_of(staff(Role.TECHNICIAN)).get(url(theirs)).status_code == 403
    assert client_of(group_user).post(url(theirs), {**EVERYTHING, "row_version": 0}).status_code == 403
    assert client_of(staff(Role.SERVICE_ADVISOR)).delete(url(theirs)).status_code == 405
    assert not Preparation.objects.exists()


def test_tomorrows_day_view_shows_progress_and_reminders_in_constant_queries(store, staff, client_of):
    client = client_of(staff(Role.FRONT_DESK_SUPERVISOR))
    now = timezone.now()
    first = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=1)
    day = {"day": timezone.localdate(first).isoformat()}
    client.get(reverse("aftersales:workbench"), day)  # the session's first request stamps its idle clock
    queries = {}
    for count in (1, 30):
        while Appointment.objects.count() < count:
            n = Appointment.objects.count()
            booked = AppointmentFactory(vehicle__owner__store=store, slot_start=first + timedelta(minutes=15 * n))
            PreparationFactory(appointment=booked, customer_file_pulled=True)
            AppointmentReminder.objects.create(appointment=booked, kind="day", due_at=now - timedelta(minutes=1))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("aftersales:workbench"), day)
        assert len(response.context["rows"]) == count and len(response.context["reminders_due"]) == count
        queries[count] = len(captured)
    assert queries[1] == queries[30] <= 5  # session, user, roles, the day's appointments, the reminders due
    page = response.content.decode()
    assert page.count("2/6") == 30 and page.count('name="action" value="confirm"') == 60


def test_confirming_from_the_reminder_clears_it(appointment, advisor, client_of):
    AppointmentReminder.objects.create(appointment=appointment, kind="day", due_at=timezone.now())
    client = client_of(advisor)
    assert len(client.get(reverse("aftersales:workbench")).context["reminders_due"]) == 1
    action = reverse("aftersales:appointment_action", args=[appointment.pk])
    assert client.post(action, {"action": "confirm", "row_version": 0}).status_code == 302
    assert len(client.get(reverse("aftersales:workbench")).context["reminders_due"]) == 0
    assert AppointmentReminder.objects.get().done_by == advisor


@FUZZ
@given(
    drawn=form(
        parts_on_shelf=field(["on", ""]),
        technician=field([""], ["0", "abc", "-1"]),
        bay=text(20, ok=("A3", ""), required=False),
        tools_and_documents_checked=field(["on", ""]),
        customer_file_pulled=field(["", "on"]),
        welcome_by=field(["name", "plate"], ["", "martian"]),
        welcome_board_ready=field(["on"]),
        row_version=field(["0"], ["", "-1", "1e999", "abc"]),
    )
)
def test_bad_input(drawn, store, advisor, client_of):
    appointment = AppointmentFactory(vehicle__owner__store=store, advisor=advisor)
    values, is_bad = split(drawn)
    response = client_of(advisor).post(url(appointment), values)
    status = response.status_code
    assert status == 302 or 400 <= status < 500, status
    if is_bad:
        assert 400 <= status < 500, status
    if status >= 400:
        assert not Preparation.objects.exists()
    appointment.delete()
