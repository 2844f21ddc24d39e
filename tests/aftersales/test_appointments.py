from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from aftersales import appointments
from aftersales.models import Appointment
from organization.models import OpeningHours
from organization.policies import current_policy, revise_policy
from organization.roles import Role
from tests.factories import AppointmentFactory, VehicleFactory

MONDAY = datetime(2026, 12, 7, tzinfo=timezone.get_fixed_timezone(480)).date()


@pytest.fixture(autouse=True)
def friday_before(time_machine):
    time_machine.move_to(datetime(2026, 12, 4, 9, 0, tzinfo=timezone.get_fixed_timezone(480)), tick=False)


@pytest.fixture
def open_weekdays(store):
    for weekday in range(5):
        OpeningHours.objects.create(store=store, weekday=weekday, opens_at=time(9, 0), closes_at=time(17, 0))


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


def at(hour, minute=0, day=MONDAY):
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def book(vehicle, advisor, slot, hours=1, by=None):
    return appointments.book_appointment(
        vehicle=vehicle,
        advisor=advisor,
        slot_start=slot,
        channel=Appointment.Channel.PHONE,
        estimated_duration=timedelta(hours=hours),
        estimated_cost=Decimal("680.00"),
        fault_description="保养",
        by=by or advisor,
    )


@pytest.mark.usefixtures("open_weekdays")
def test_it_books_the_seeds_example_and_refuses_the_buffer_slot(store, advisor):
    vehicle = VehicleFactory(owner__store=store)
    for slot in (at(9, 0), at(9, 15), at(9, 30)):
        booked = book(vehicle, advisor, slot)
        assert booked.counts_as_appointment and booked.changes.get().by == advisor
    with pytest.raises(ValidationError) as refused:
        book(vehicle, advisor, at(9, 45))
    assert refused.value.code == "slot_taken" and "2026-12-07 10:00" in refused.value.messages[0]
    assert book(vehicle, advisor, at(10, 0)).status == Appointment.Status.BOOKED


@pytest.mark.usefixtures("open_weekdays")
def test_a_closed_day_and_a_passed_slot_are_refused(store, advisor):
    vehicle = VehicleFactory(owner__store=store)
    with pytest.raises(ValidationError) as closed:
        book(vehicle, advisor, at(10, 0, day=MONDAY - timedelta(days=1)))  # Sunday
    assert closed.value.code == "slot_taken"
    with pytest.raises(ValidationError) as passed:
        book(vehicle, advisor, at(8, 0, day=MONDAY - timedelta(days=3)))
    assert passed.value.code == "slot_passed"
    assert not Appointment.objects.exists()


@pytest.mark.usefixtures("open_weekdays")
def test_a_booking_beyond_the_days_bay_hours_is_refused_with_the_next_days_slots(store, advisor, staff):
    policy = current_policy(store)
    revise_policy(policy, {"appointments.daily_bay_hours": "2"}, by=advisor, note="small workshop")
    vehicle = VehicleFactory(owner__store=store)
    book(vehicle, staff(Role.SERVICE_ADVISOR), at(9, 0), hours=2)
    with pytest.raises(ValidationError) as refused:
        book(vehicle, advisor, at(11, 0), hours=1)
    assert refused.value.code == "over_capacity"
    assert "2026-12-08 09:00" in refused.value.messages[0]
    assert Appointment.objects.count() == 1


@pytest.mark.usefixtures("open_weekdays")
def test_a_booking_less_than_3_hours_ahead_does_not_count_as_an_appointment(store, advisor, time_machine):
    time_machine.move_to(at(7, 0) + timedelta(seconds=1), tick=False)
    assert not book(VehicleFactory(owner__store=store), advisor, at(10, 0)).counts_as_appointment


@pytest.mark.usefixtures("open_weekdays")
def test_only_an_advisor_of_the_store_receives_appointments(store, staff, other_store):
    vehicle = VehicleFactory(owner__store=store)
    for person in (staff(Role.GENERAL_MANAGER), staff(Role.SERVICE_ADVISOR, store=other_store)):
        with pytest.raises(ValidationError) as refused:
            book(vehicle, person, at(10, 0))
        assert refused.value.code == "not_an_advisor"


def test_each_status_change_records_who_and_when(store, staff):
    appointment = AppointmentFactory(vehicle__owner__store=store)
    desk = staff(Role.FRONT_DESK_SUPERVISOR)
    appointments.confirm(appointment, expected_version=0, by=desk)
    appointments.mark_arrived(appointment, expected_version=1, by=appointment.advisor)
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.ARRIVED
    assert [(c.status, c.by) for c in appointment.changes.all()] == [
        ("confirmed", desk),
        ("arrived", appointment.advisor),
    ]
    assert all(c.at == timezone.now() for c in appointment.changes.all())


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("confirmed", appointments.confirm),
        ("arrived", appointments.cancel),
        ("cancelled", appointments.mark_arrived),
        ("completed", appointments.mark_no_show),
        ("no_show", appointments.confirm),
    ],
)
def test_a_change_from_the_wrong_status_is_refused(store, status, action):
    appointment = AppointmentFactory(vehicle__owner__store=store, status=status)
    with pytest.raises(ValidationError) as refused:
        action(appointment, expected_version=0, by=appointment.advisor)
    assert refused.value.code == "wrong_status"
    assert not appointment.changes.exists()


def test_a_stale_form_is_refused(store):
    appointment = AppointmentFactory(vehicle__owner__store=store)
    appointments.confirm(appointment, expected_version=0, by=appointment.advisor)
    with pytest.raises(ValidationError) as refused:
        appointments.cancel(appointment, expected_version=0, by=appointment.advisor)
    assert refused.value.code == "concurrent_edit"


def test_a_no_show_only_once_the_slot_has_begun(store, time_machine):
    appointment = AppointmentFactory(vehicle__owner__store=store)
    with pytest.raises(ValidationError) as refused:
        appointments.mark_no_show(appointment, expected_version=0, by=appointment.advisor)
    assert refused.value.code == "too_early"
    time_machine.move_to(appointment.slot_start + timedelta(minutes=20), tick=False)
    appointments.mark_no_show(appointment, expected_version=0, by=appointment.advisor)
    assert appointment.status == Appointment.Status.NO_SHOW


@pytest.mark.usefixtures("open_weekdays")
def test_a_cancelled_slot_is_free_again(store, advisor):
    vehicle = VehicleFactory(owner__store=store)
    first = book(vehicle, advisor, at(10, 0))
    appointments.cancel(first, expected_version=0, by=advisor)
    assert book(vehicle, advisor, at(10, 0)).slot_start == at(10, 0)


@pytest.mark.usefixtures("open_weekdays")
def test_rescheduling_moves_to_a_free_slot_and_is_recorded(store, advisor):
    vehicle = VehicleFactory(owner__store=store)
    moved = book(vehicle, advisor, at(10, 0))
    appointments.confirm(moved, expected_version=0, by=advisor)
    book(vehicle, advisor, at(14, 0))
    with pytest.raises(ValidationError):
        appointments.reschedule(moved, slot_start=at(14, 0), expected_version=1, by=advisor)
    appointments.reschedule(moved, slot_start=at(10, 15), expected_version=1, by=advisor)
    moved.refresh_from_db()
    assert moved.slot_start == at(10, 15) and moved.status == Appointment.Status.BOOKED
    assert moved.changes.last().rescheduled


def test_the_database_refuses_a_second_active_appointment_in_an_advisors_slot(store):
    from django.db import IntegrityError, transaction

    first = AppointmentFactory(vehicle__owner__store=store)
    AppointmentFactory(
        vehicle__owner__store=store, advisor=first.advisor, slot_start=first.slot_start, status="cancelled"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        AppointmentFactory(vehicle__owner__store=store, advisor=first.advisor, slot_start=first.slot_start)


@pytest.mark.usefixtures("open_weekdays")
def test_a_scrapped_vehicle_or_an_anonymized_owner_gets_no_appointment(store, advisor):
    scrapped = VehicleFactory(owner__store=store, status="scrapped")
    anonymized = VehicleFactory(owner__store=store, owner__anonymized_at=timezone.now())
    for vehicle in (scrapped, anonymized):
        with pytest.raises(ValidationError) as refused:
            book(vehicle, advisor, at(10, 0))
        assert refused.value.code == "vehicle_not_served"
    assert not Appointment.objects.exists()
