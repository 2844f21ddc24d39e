from datetime import datetime, time, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from aftersales.models import Appointment
from organization.roles import Role
from tests.factories import AppointmentFactory, VehicleFactory

URL = reverse("aftersales:workbench")


def test_the_advisor_sees_their_days_appointments_by_slot(store, staff, client_of):
    advisor = staff(Role.SERVICE_ADVISOR)
    mine = AppointmentFactory(vehicle__owner__store=store, advisor=advisor)
    AppointmentFactory(vehicle__owner__store=store)  # another advisor's
    day = timezone.localdate(mine.slot_start).isoformat()
    response = client_of(advisor).get(URL, {"day": day})
    assert response.status_code == 200
    assert [a for a, _actions in response.context["rows"]] == [mine]
    assert [action for action, _label in response.context["rows"][0][1]] == ["confirm", "arrive", "cancel", "no_show"]


def test_the_supervisor_sees_every_advisor_and_the_group_user_only_reads(store, staff, group_user, client_of):
    booked = [AppointmentFactory(vehicle__owner__store=store) for _ in range(2)]
    day = timezone.localdate(booked[0].slot_start).isoformat()
    response = client_of(staff(Role.FRONT_DESK_SUPERVISOR)).get(URL, {"day": day})
    assert len(response.context["rows"]) == 2
    response = client_of(group_user).get(URL, {"day": day})
    assert all(actions == [] for _a, actions in response.context["rows"])


def test_a_day_out_of_range_is_a_400_with_a_message(staff, client_of):
    response = client_of(staff(Role.SERVICE_ADVISOR)).get(URL, {"day": "9999-01-01"})
    assert response.status_code == 400
    assert gettext("Book at most a year ahead.") in response.content.decode()


def test_other_roles_are_refused_and_posts_are_405(staff, client_of):
    assert client_of(staff(Role.TECHNICIAN)).get(URL).status_code == 403
    assert client_of(staff(Role.SERVICE_ADVISOR)).post(URL).status_code == 405


def test_the_day_view_query_count_stays_constant_from_1_to_30_appointments(store, staff, client_of):
    client = client_of(staff(Role.FRONT_DESK_SUPERVISOR))
    first = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=1)
    day = {"day": timezone.localdate(first).isoformat()}
    client.get(URL, day)  # the session's first request stamps its idle clock
    queries = {}
    for count in (1, 30):
        while Appointment.objects.count() < count:
            n = Appointment.objects.count()
            AppointmentFactory(vehicle__owner__store=store, slot_start=first + timedelta(minutes=15 * n))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, day)
        assert len(response.context["rows"]) == count
        queries[count] = len(captured)
    assert queries[1] == queries[30] <= 5  # session, user, roles, the day's appointments, the reminders due


def test_an_action_changes_the_status_and_a_stale_one_is_a_422(store, staff, client_of):
    advisor = staff(Role.SERVICE_ADVISOR)
    appointment = AppointmentFactory(vehicle__owner__store=store, advisor=advisor)
    url = reverse("aftersales:appointment_action", args=[appointment.pk])
    client = client_of(advisor)
    response = client.post(url, {"action": "confirm", "row_version": 0})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CONFIRMED and appointment.changes.get().by == advisor
    response = client.post(url, {"action": "cancel", "row_version": 0})
    assert response.status_code == 422
    message = gettext("Someone else changed this record while you were editing it. Reload the page and try again.")
    assert message in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CONFIRMED


def test_an_action_from_the_wrong_status_or_on_another_store_is_refused(store, other_store, staff, client_of):
    advisor = staff(Role.SERVICE_ADVISOR)
    cancelled = AppointmentFactory(vehicle__owner__store=store, status="cancelled")
    client = client_of(advisor)
    response = client.post(
        reverse("aftersales:appointment_action", args=[cancelled.pk]), {"action": "arrive", "row_version": 0}
    )
    assert response.status_code == 422
    assert gettext("Only a booked or confirmed appointment can arrive.") in response.content.decode()
    theirs = AppointmentFactory(vehicle__owner__store=other_store)
    url = reverse("aftersales:appointment_action", args=[theirs.pk])
    assert client.post(url, {"action": "confirm", "row_version": 0}).status_code == 404
    assert client.get(url).status_code == 405


def test_booking_from_a_vehicle_lands_on_the_advisors_day(store, staff, client_of, time_machine):
    from organization.models import OpeningHours

    for weekday in range(7):
        OpeningHours.objects.create(store=store, weekday=weekday, opens_at=time(9, 0), closes_at=time(17, 0))
    advisor = staff(Role.SERVICE_ADVISOR)
    vehicle = VehicleFactory(owner__store=store)
    day = timezone.localdate() + timedelta(days=2)
    url = reverse("aftersales:appointment_create", args=[vehicle.pk])
    client = client_of(advisor)
    page = client.get(url)
    assert page.status_code == 200 and page.context["free_slots"]
    data = {"advisor": advisor.pk, "day": day.isoformat(), "slot": "10:00", "channel": "phone", "estimated_minutes": 60}
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"].endswith(f"?day={day.isoformat()}")
    booked = Appointment.objects.get()
    assert booked.slot_start == datetime.combine(day, time(10, 0), tzinfo=timezone.get_current_timezone())
    response = client.post(url, data)
    assert response.status_code == 422
    assert Appointment.objects.count() == 1
    response = client.post(url, {**data, "estimated_minutes": "-5", "slot": "10:15"})
    assert response.status_code == 422 and Appointment.objects.count() == 1
