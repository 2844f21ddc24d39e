import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from aftersales.models import AppointmentReminder
from aftersales.reminders import send_due_reminders
from organization.models import OutboundMessage
from tests.factories import AppointmentFactory
from tests.services.conftest import require_postgresql

pytestmark = [pytest.mark.services, pytest.mark.usefixtures("reference_data")]


def test_two_workers_sweeping_at_once_send_one_sms_per_reminder(store):
    require_postgresql()
    now = timezone.now()
    for n in range(20):
        appointment = AppointmentFactory(vehicle__owner__store=store, slot_start=now + timedelta(hours=2, minutes=n))
        AppointmentReminder.objects.create(appointment=appointment, kind="day", due_at=now - timedelta(minutes=1))
    barrier = threading.Barrier(2)
    sent = []

    def sweep():
        barrier.wait()
        try:
            sent.append(send_due_reminders())
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(sent) == 20
    assert OutboundMessage.objects.filter(category=OutboundMessage.Category.REMINDER).count() == 20
    assert not AppointmentReminder.objects.filter(message=None).exists()
