"""Hypothesis drives the workshop's forms through their views: never a 500, bad input a 4xx, nothing half-saved."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from aftersales.models import QcInspection, RepairOrder, RepairOrderStep, RequisitionLine
from organization.roles import Role
from tests.customers.test_bad_input import BAD_NUMBERS, FUZZ, field, form, number, split, text
from tests.factories import PartPriceFactory, RepairOrderFactory

Status = RepairOrder.Status
ROW_VERSION = field(["0"], ["", "-1", "1e999", "abc"])


@pytest.fixture
def technician(staff):
    return staff(Role.TECHNICIAN)


def counts(order):
    order.refresh_from_db()
    return [order.status, order.row_version, RepairOrderStep.objects.count()] + [
        model.objects.count() for model in (QcInspection, RequisitionLine)
    ]


def check(response, is_bad, order, before):
    status = response.status_code
    if is_bad:
        assert 400 <= status < 500, status
    assert status == 302 or 400 <= status < 500, status
    if status >= 400:
        assert counts(order) == before


def post(client, name, order, values):
    before = counts(order)
    response = client.post(reverse(f"aftersales:{name}", args=[order.pk]), values)
    return response, before


@FUZZ
@given(drawn=form(row_version=ROW_VERSION, technician=field([""], ["0", "abc", "99999"])))
def test_taking_work(drawn, store, technician, client_of):
    order = RepairOrderFactory(vehicle__owner__store=store, status=Status.SIGNED)
    values, is_bad = split(drawn)
    response, before = post(client_of(technician), "repair_order_start", order, values)
    check(response, is_bad, order, before)
    order.delete()


@FUZZ
@given(
    drawn=form(
        row_version=ROW_VERSION,
        report=text(4000, ok=("更换刹车片，试车无异响",)),
        self_check_done=field(["on"], [""]),
    )
)
def test_finishing_work(drawn, store, technician, client_of):
    order = RepairOrderFactory(vehicle__owner__store=store, status=Status.IN_PROGRESS, technician=technician)
    values, is_bad = split(drawn)
    response, before = post(client_of(technician), "repair_order_finish", order, values)
    check(response, is_bad, order, before)
    order.delete()


@FUZZ
@given(
    data=st.data(),
    drawn=form(
        row_version=ROW_VERSION,
        notes=text(4000, ok=("刹车仍有异响",)),
        road_tested=field(["", "on"]),
        washed=field(["", "on"]),
        guarantee_card=field(["", "on"]),
        parked_in_finished_area=field(["", "on"]),
        tyre_life_percent=field(["", "0", "55", "100"], ["-1", "101", *BAD_NUMBERS]),
        brake_pad_life_percent=number(["0", "100"]),
    ),
)
def test_inspecting(data, drawn, store, staff, client_of):
    order = RepairOrderFactory(vehicle__owner__store=store, status=Status.QC)
    drawn["result"] = data.draw(field(["pass", "fail"], ["", "maybe"]))
    values, is_bad = split(drawn)
    response, before = post(client_of(staff(Role.QC_INSPECTOR)), "repair_order_inspect", order, values)
    check(response, is_bad, order, before)
    order.delete()


@FUZZ
@given(
    drawn=form(
        part_number=field(["P-FUZZ-1"], ["", "NOPE", "x" * 41]),
        quantity=field(["1", "0.5", "12.25"], ["", "0", "0.001", *BAD_NUMBERS]),
    )
)
def test_requesting_a_part(drawn, store, technician, client_of):
    order = RepairOrderFactory(vehicle__owner__store=store, status=Status.IN_PROGRESS, technician=technician)
    part = PartPriceFactory(store=store, part_number="P-FUZZ-1")
    values, is_bad = split(drawn)
    response, before = post(client_of(technician), "repair_order_request_part", order, values)
    check(response, is_bad, order, before)
    order.delete()
    part.delete()
