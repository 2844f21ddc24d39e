"""Hypothesis drives the settle and deliver forms through their views: never a 500, bad input a 4xx, nothing
half-saved."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from aftersales.models import RepairOrder, RepairOrderStep, SettlementLine
from organization.roles import Role
from tests.customers.test_bad_input import BAD_DATES, BAD_NUMBERS, FUZZ, field, form, split
from tests.factories import RepairOrderFactory, RepairOrderLineFactory

Status = RepairOrder.Status


def counts():
    return [SettlementLine.objects.count(), RepairOrderStep.objects.count()]


def check(response, is_bad, before, order, status_before):
    status = response.status_code
    if is_bad:
        assert 400 <= status < 500, status
    assert status == 302 or 400 <= status < 500, status
    if status >= 400:
        assert counts() == before
        assert RepairOrder.objects.get(pk=order.pk).status == status_before


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


def order_in(advisor, status):
    order = RepairOrderFactory(store=advisor.store, vehicle__store=advisor.store, advisor=advisor)
    RepairOrderLineFactory(order=order)
    RepairOrder.objects.filter(pk=order.pk).update(status=status, estimate=Decimal("200.00"))
    order.refresh_from_db()
    return order


@FUZZ
@given(data=st.data())
def test_settling(data, advisor, client_of):
    order = order_in(advisor, Status.READY)
    soon = timezone.localdate() + timedelta(days=90)
    drawn = data.draw(
        form(
            row_version=field([str(order.row_version)], ["", "-1", "abc"]),
            old_parts=field(["kept", "discarded"], ["", "burnt"]),
            next_service_due=field([soon.isoformat()], ["", *BAD_DATES, timezone.localdate().isoformat()]),
            next_service_km=field([str(order.mileage_in + 5000)], ["", "0", str(order.mileage_in), *BAD_NUMBERS]),
            vouchers=field([[]], [["1"], ["abc"]]),
        )
    )
    values, is_bad = split(drawn)
    before = counts()
    response = client_of(advisor).post(reverse("aftersales:repair_order_settle", args=[order.pk]), values)
    check(response, is_bad, before, order, Status.READY)


@FUZZ
@given(data=st.data())
def test_delivering(data, advisor, client_of):
    order = order_in(advisor, Status.SETTLED)
    drawn = data.draw(
        form(
            row_version=field([str(order.row_version)], ["", "-1", "abc", str(order.row_version + 1)]),
            car_checked=field(["on", "true"], ["", "false"]),
        )
    )
    values, is_bad = split(drawn)
    before = counts()
    response = client_of(advisor).post(reverse("aftersales:repair_order_deliver", args=[order.pk]), values)
    check(response, is_bad, before, order, Status.SETTLED)
