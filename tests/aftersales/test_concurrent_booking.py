import threading
from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from aftersales.appointments import book_appointment
from aftersales.models import Appointment
from organization.models import OpeningHours
from organization.roles import Role
from tests.factories import VehicleFactory
from tests.services.conftest import require_postgresql

pytestmark = [pytest.mark.services, pytest.mark.usefixtures("reference_data")]


def test_two_desks_booking_one_advisors_slot_at_once_one_wins(store, staff):
    require_postgresql()
    for weekday in range(7):
        OpeningHours.objects.create(store=store, weekday=weekday, opens_at=time(9, 0), closes_at=time(17, 0))
    advisor, desks = staff(Role.SERVICE_ADVISOR), [staff(Role.FRONT_DESK_SUPERVISOR) for _ in range(2)]
    vehicles = [VehicleFactory(owner__store=store) for _ in range(2)]
    slot = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=2)
    barrier = threading.Barrier(2)
    outcomes = []

    def book(desk, vehicle):
        barrier.wait()
        try:
            book_appointment(
                vehicle=vehicle,
                advisor=advisor,
                slot_start=slot,
                channel=Appointment.Channel.PHONE,
                estimated_duration=timedelta(hours=1),
                by=desk,
            )
            outcomes.append("booked")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=pair) for pair in zip(desks, vehicles, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["booked", "slot_taken"]
    assert Appointment.objects.filter(advisor=advisor, slot_start=slot).count() == 1
