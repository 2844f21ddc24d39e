"""Confirmation reminders one day and one hour before the slot: armed at booking, sent once by beat."""

from datetime import datetime, time, timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone

from aftersales import appointments, reminders, tasks
from aftersales.models import Appointment, AppointmentReminder
from organization.models import MessageOptOut, OpeningHours, OutboundMessage
from organization.roles import Role
from tests.factories import AppointmentFactory, VehicleFactory

ZONE = timezone.get_current_timezone()
BOOKED_AT = datetime(2026, 5, 4, 9, 0, tzinfo=ZONE)
SLOT = datetime(2026, 5, 6, 10, 0, tzinfo=ZONE)
Kind = AppointmentReminder.Kind


@pytest.fixture(autouse=True)
def open_every_day(store):
    for weekday in range(7):
        OpeningHours.objects.create(store=store, weekday=weekday, opens_at=time(8, 0), closes_at=time(17, 0))


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR, name="李顾问")


def book(advisor, slot=SLOT, **vehicle):
    vehicle = VehicleFactory(owner__store=advisor.store, owner__name="王先生", owner__mobile="13900000001", **vehicle)
    return appointments.book_appointment(
        vehicle=vehicle,
        advisor=advisor,
        slot_start=slot,
        channel=Appointment.Channel.PHONE,
        estimated_duration=timedelta(hours=1),
        by=advisor,
    )


def reminder_sms():
    return OutboundMessage.objects.filter(category=OutboundMessage.Category.REMINDER)


@pytest.fixture
def booked(advisor, time_machine):
    time_machine.move_to(BOOKED_AT, tick=False)
    return book(advisor)


def test_a_booking_arms_a_day_and_an_hour_reminder_by_the_policy(booked):
    due = dict(booked.reminders.values_list("kind", "due_at"))
    assert due == {Kind.DAY: SLOT - timedelta(hours=24), Kind.HOUR: SLOT - timedelta(hours=1)}


def test_a_booking_inside_the_lead_time_gets_no_day_reminder(advisor, time_machine):
    time_machine.move_to(SLOT - timedelta(hours=5), tick=False)
    appointment = book(advisor)
    assert list(appointment.reminders.values_list("kind", flat=True)) == [Kind.HOUR]


def test_nothing_is_sent_before_it_falls_due(booked, time_machine):
    time_machine.move_to(SLOT - timedelta(hours=24, minutes=1), tick=False)
    assert tasks.send_appointment_reminders() == 0
    assert not reminder_sms().exists()


def test_a_due_reminder_is_sent_once_with_the_slot_and_the_advisor(booked, time_machine):
    time_machine.move_to(SLOT - timedelta(hours=23), tick=False)
    assert tasks.send_appointment_reminders() == 1
    (sms,) = reminder_sms()
    assert sms.to == "13900000001" and "2026-05-06 10:00" in sms.body and "李顾问" in sms.body
    reminder = booked.reminders.get(kind=Kind.DAY)
    assert reminder.message == sms and reminder.sent_at == timezone.now()
    assert not booked.reminders.get(kind=Kind.HOUR).sent_at


def test_beat_firing_twice_sends_one_sms_per_reminder(booked, time_machine):
    time_machine.move_to(SLOT - timedelta(hours=23), tick=False)
    assert tasks.send_appointment_reminders() == 1
    assert tasks.send_appointment_reminders() == 0
    time_machine.move_to(SLOT - timedelta(minutes=30), tick=False)
    assert tasks.send_appointment_reminders() == 1
    assert tasks.send_appointment_reminders() == 0
    assert reminder_sms().count() == 2
    assert set(reminder_sms().values_list("pk", flat=True)) == set(booked.reminders.values_list("message", flat=True))


def test_a_worker_dying_mid_send_leaves_the_reminder_for_the_retry_which_sends_it_once(booked, time_machine):
    time_machine.move_to(SLOT - timedelta(hours=23), tick=False)
    with mock.patch("aftersales.reminders.send_sms", side_effect=RuntimeError("worker lost")):
        with pytest.raises(RuntimeError):
            tasks.send_appointment_reminders()
    assert not reminder_sms().exists() and not booked.reminders.get(kind=Kind.DAY).sent_at
    assert tasks.send_appointment_reminders.apply().get() == 1  # the retry
    assert tasks.send_appointment_reminders.apply().get() == 0  # and the retry of the retry
    assert reminder_sms().count() == 1


def test_a_reminder_due_in_quiet_hours_is_held_until_they_end(advisor, time_machine):
    time_machine.move_to(BOOKED_AT, tick=False)
    early = book(advisor, slot=SLOT.replace(hour=8, minute=30))
    time_machine.move_to(early.slot_start - timedelta(hours=24), tick=False)
    assert tasks.send_appointment_reminders() == 1  # the day before at 08:30: sent at once
    time_machine.move_to(early.slot_start - timedelta(minutes=45), tick=False)  # 07:45, quiet until 08:00
    assert tasks.send_appointment_reminders() == 1
    sms = early.reminders.get(kind=Kind.HOUR).message
    assert sms.status == OutboundMessage.Status.DEFERRED and sms.send_after == SLOT.replace(hour=8, minute=0)
    assert tasks.send_appointment_reminders() == 0


def test_an_opted_out_customer_gets_no_reminder_sms(booked, time_machine):
    MessageOptOut.objects.create(store=booked.store, mobile="13900000001", category="reminder", reason="不要短信")
    time_machine.move_to(SLOT - timedelta(hours=23), tick=False)
    tasks.send_appointment_reminders()
    assert reminder_sms().get().status == OutboundMessage.Status.SUPPRESSED
    assert tasks.send_appointment_reminders() == 0


@pytest.mark.parametrize("action", ["cancel", "no_show"])
def test_a_cancelled_or_no_show_appointment_gets_no_reminder(booked, action, time_machine, advisor):
    if action == "no_show":
        time_machine.move_to(SLOT + timedelta(minutes=1), tick=False)
    appointments.ACTIONS[action](booked, expected_version=booked.row_version, by=advisor)
    time_machine.move_to(SLOT - timedelta(minutes=30), tick=False)
    assert tasks.send_appointment_reminders() == 0
    assert not reminder_sms().exists()


def test_a_reschedule_re_arms_the_reminders_for_the_new_slot(booked, advisor, time_machine):
    time_machine.move_to(SLOT - timedelta(hours=23), tick=False)
    tasks.send_appointment_reminders()
    new_slot = SLOT + timedelta(days=2)
    appointments.reschedule(booked, slot_start=new_slot, expected_version=booked.row_version, by=advisor)
    due = dict(booked.reminders.filter(sent_at=None).values_list("kind", "due_at"))
    assert due == {Kind.DAY: new_slot - timedelta(hours=24), Kind.HOUR: new_slot - timedelta(hours=1)}
    time_machine.move_to(SLOT - timedelta(minutes=30), tick=False)  # the old slot's hour reminder: not sent
    assert tasks.send_appointment_reminders() == 0
    time_machine.move_to(new_slot - timedelta(hours=23), tick=False)
    assert tasks.send_appointment_reminders() == 1
    assert "2026-05-08 10:00" in reminder_sms().order_by("created_at", "pk").last().body


def test_booking_and_reschedule_tell_the_customer_the_slot_and_the_advisor(booked, advisor, time_machine):
    (booking,) = OutboundMessage.objects.filter(category=OutboundMessage.Category.SERVICE)
    assert booking.to == "13900000001" and "李顾问" in booking.body and "2026-05-06 10:00" in booking.body
    appointments.reschedule(
        booked, slot_start=SLOT + timedelta(days=1), expected_version=booked.row_version, by=advisor
    )
    moved = OutboundMessage.objects.filter(category=OutboundMessage.Category.SERVICE).exclude(pk=booking.pk).get()
    assert "李顾问" in moved.body and "2026-05-07 10:00" in moved.body


def test_confirming_marks_the_due_reminders_called(booked, advisor, time_machine):
    time_machine.move_to(SLOT - timedelta(hours=23), tick=False)
    appointments.confirm(booked, expected_version=booked.row_version, by=advisor)
    day = booked.reminders.get(kind=Kind.DAY)
    assert day.done_at == timezone.now() and day.done_by == advisor
    assert booked.reminders.get(kind=Kind.HOUR).done_at is None


def test_an_appointment_without_reminders_armed_is_untouched(time_machine):
    AppointmentFactory(slot_start=SLOT)
    time_machine.move_to(SLOT - timedelta(minutes=30), tick=False)
    assert reminders.send_due_reminders() == 0


def test_beat_sends_reminders_every_minute():
    (entry,) = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == tasks.send_appointment_reminders.name]
    schedule = entry["schedule"]
    assert len(schedule.minute) == 60 and len(schedule.hour) == 24
