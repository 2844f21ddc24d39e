"""`seed_demo --scale` at a tiny size: the after-sales rows are consistent, a working day is there, the bench
store's ready orders can be settled, and loading again adds nothing."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from aftersales.models import Appointment, RepairOrder, RepairOrderLine, RepairOrderStep
from aftersales.repair_orders import billed_lines, estimate_of, requisitioned_parts
from aftersales.scale import READY_FOR_BENCH, TODAY_ORDERS
from organization.management.commands.seed_demo import Command
from organization.models import User

NOW = datetime(2026, 11, 30, 11, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def scale_data(db):
    with time_machine.travel(NOW, tick=False):
        Command().handle(scale=40, stores=2)
        yield


def _counts():
    return (
        RepairOrder.objects.count(),
        RepairOrderLine.objects.count(),
        RepairOrderStep.objects.count(),
        Appointment.objects.count(),
        User.objects.count(),
    )


def test_history_working_day_and_bench_orders_load_once(scale_data):
    history = RepairOrder.objects.filter(number__regex=r"^[0-9]{8}-[0-9]{6}$")
    assert history.count() == 100  # 2.5 orders per customer
    assert Appointment.objects.filter(slot_start__lt=NOW - timedelta(days=3)).count() == 20  # 0.5 per customer
    assert RepairOrderLine.objects.filter(order__in=history).count() == 300
    assert all(o.customer_id == o.vehicle.owner_id for o in RepairOrder.objects.select_related("vehicle"))
    counts = _counts()
    with time_machine.travel(NOW, tick=False):
        Command().handle(scale=40, stores=2)
    assert _counts() == counts


def test_every_advisor_has_a_working_day(scale_data):
    advisors = User.objects.filter(username__regex=r"^advisor[0-9]*-scale-001$")
    assert advisors.count() == 8
    today = NOW.replace(hour=0)
    for advisor in advisors:
        mine = Appointment.objects.filter(advisor=advisor, slot_start__gte=today, slot_start__lt=today + timedelta(1))
        assert mine.count() == 12
        assert {s for s in mine.values_list("status", flat=True)} >= {"booked", "confirmed", "arrived", "no_show"}
        orders = RepairOrder.objects.filter(advisor=advisor, opened_at__gte=today, number__regex=r"-[0-9]{4}$")
        assert sorted(orders.values_list("status", flat=True)) == sorted(TODAY_ORDERS)
    started = RepairOrder.objects.filter(store__code="scale-001", status="in_progress", opened_at__gte=today).first()
    assert list(started.steps.values_list("action", flat=True)) == ["receive", "sign", "start"]
    client = Client()
    client.force_login(advisors.first())
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("aftersales:workbench"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 12


def test_the_bench_stores_ready_orders_can_be_settled(scale_data):
    ready = RepairOrder.objects.filter(store__code="scale-002", status="ready")
    assert ready.count() == min(READY_FOR_BENCH, 50)  # topped up after the working day's own ready orders
    for order in ready:
        assert estimate_of(order) == order.estimate
        billed = {}
        for line in billed_lines(order).filter(kind="part"):
            billed[line.part_id] = billed.get(line.part_id, 0) + line.quantity
        assert requisitioned_parts(order) == billed
