"""The public booking page's free times come from a constant number of queries, however many advisors the store
has: the day's held slots of every advisor in one query, the calendar looked up once."""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aftersales.models import Appointment, JobType
from organization.models import OpeningHours, OutboundMessage
from organization.roles import Role
from tests.factories import AppointmentFactory

SHANGHAI = timezone.get_fixed_timezone(480)
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)  # a Tuesday
TOMORROW = NOW.date() + timedelta(days=1)


def at(hour, minute=0):
    return datetime.combine(TOMORROW, time(hour, minute), tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def tuesday_morning(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def open_every_day(store):
    for weekday in range(7):
        OpeningHours.objects.create(store=store, weekday=weekday, opens_at=time(9, 0), closes_at=time(17, 0))


def counted(request) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = request()
    return len(captured), response


def book_counting_queries(client, store, slot, mobile) -> dict[str, int]:
    """Queries of the day's page, the code request and the confirmation of one online booking at `slot`."""
    url = reverse("book:book", args=[store.code])
    day = {"job_type": JobType.MAINTENANCE, "day": TOMORROW.isoformat()}
    page, response = counted(lambda: client.get(url, day))
    assert response.status_code == 200 and slot in response.context["slots"]
    choice = {**day, "slot": slot.strftime("%H:%M"), "name": "李女士", "plate": f"粤B{mobile[-5:]}", "mobile": mobile}
    ask, response = counted(lambda: client.post(url, choice, REMOTE_ADDR="203.0.113.7"))
    assert response.status_code == 302, response.content.decode()
    code = OutboundMessage.objects.filter(template="verification_code").latest("pk").params["code"]
    confirm, response = counted(lambda: client.post(response["Location"], {"code": code}))
    assert response.status_code == 302, response.content.decode()
    assert Appointment.objects.get(channel="online", slot_start=slot)
    return {"page": page, "ask": ask, "confirm": confirm}


def test_the_page_and_the_confirmation_take_as_many_queries_with_1_advisor_as_with_10(
    client, store, staff, open_every_day
):
    first = staff(Role.SERVICE_ADVISOR, name="王芳")
    AppointmentFactory(vehicle__owner__store=store, advisor=first, slot_start=at(14))
    # 10:30, not 10:00: exactly 24 h ahead the day-before reminder is already due and not armed, one query less.
    one = book_counting_queries(client, store, at(10, 30), "13900001111")

    # Nine more advisors with bookings, each with fewer that day than the first and all taken at 11:00, so the
    # booking there goes to the first advisor after every other one has been looked at.
    for n in range(9):
        other = staff(Role.SERVICE_ADVISOR, name=f"张{n}")
        AppointmentFactory(vehicle__owner__store=store, advisor=other, slot_start=at(11))
    ten = book_counting_queries(client, store, at(11), "13900002222")

    assert Appointment.objects.get(slot_start=at(11), channel="online").advisor == first
    assert ten == one
    assert one["page"] <= 8  # the measured 8
