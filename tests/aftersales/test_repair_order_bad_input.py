"""Hypothesis drives every reception and repair-order form through its view: never a 500, bad input a 4xx, nothing
half-saved."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given

from aftersales.models import (
    ChangeRequest,
    RecommendedWork,
    RepairOrder,
    RepairOrderLine,
    RepairOrderStep,
)
from organization.roles import Role
from tests.customers.test_bad_input import BAD_MOMENTS, FUZZ, field, form, number, split, text
from tests.factories import AppointmentFactory, LaborOperationFactory, RepairOrderFactory, RepairOrderLineFactory

MODELS = (RepairOrder, RepairOrderLine, RepairOrderStep, ChangeRequest, RecommendedWork)
FAR_PROMISES = ["9999-12-31T23:59", "2999-01-01T10:00", "2100-01-01T00:00"]


def counts():
    return [model.objects.count() for model in MODELS]


def versions():
    return list(RepairOrder.objects.order_by("pk").values_list("row_version", flat=True))


def check(response, is_bad, before):
    status = response.status_code
    if is_bad:
        assert 400 <= status < 500, status
    assert status == 302 or 400 <= status < 500, status
    if status >= 400:
        assert counts() == before[0] and versions() == before[1]


def snapshot():
    return counts(), versions()


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


@pytest.fixture
def labor(store):
    return LaborOperationFactory(store=store, code="LAB-1", hourly_rate=Decimal("200"))


def promise():
    later = (timezone.localtime() + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    return field([later], ["", *BAD_MOMENTS, *FAR_PROMISES])


def order_of(advisor, status=RepairOrder.Status.DRAFT):
    order = RepairOrderFactory(store=advisor.store, vehicle__owner__store=advisor.store, advisor=advisor)
    RepairOrderLineFactory(order=order)
    RepairOrder.objects.filter(pk=order.pk).update(status=status, row_version=0)
    order.refresh_from_db()
    return order


@FUZZ
@given(
    drawn=form(
        job_type=field(["maintenance", "repair", "warranty"], ["", "martian"]),
        payment_type=field(["customer", "insurance_claim"], ["", "free"]),
        mileage_in=number(["0", "23000", "2000000"], required=True),
        fuel_level=field(["empty", "half", "full"], ["", "brimming"]),
        exterior_damage=text(2000, ok=("左前门划痕",), required=False),
        valuables=text(2000, ok=("",), required=False),
        customer_words=text(2000, ok=("保养",)),
        diagnosis=text(2000, ok=("",), required=False),
        covers_fitted=field(["", "on"]),
        key_tag=text(20, ok=("K-07",), required=False),
        customer_waits=field(["", "on"]),
        promised_at=promise(),
    )
)
def test_receive(drawn, store, advisor, client_of):
    appointment = AppointmentFactory(vehicle__owner__store=store, advisor=advisor)
    values, is_bad = split(drawn)
    before = snapshot()
    response = client_of(advisor).post(reverse("aftersales:appointment_receive", args=[appointment.pk]), values)
    check(response, is_bad, before)
    RepairOrderStep.objects.all().delete()
    RepairOrder.objects.all().delete()
    appointment.changes.all().delete()
    appointment.delete()


@FUZZ
@given(
    drawn=form(
        code=field(["LAB-1"], ["", "NOPE", "x" * 41]),
        quantity=number(["0.5", "2"]),
        unit_price=number(["", "200"]),
        price_reason=text(200, ok=("",), required=False),
        row_version=field(["0"], ["", "-1", "1e999", "abc", "7"]),
    )
)
def test_add_line(drawn, store, advisor, labor, client_of):
    order = order_of(advisor)
    values, is_bad = split(drawn)
    before = snapshot()
    response = client_of(advisor).post(reverse("aftersales:repair_order_add_line", args=[order.pk]), values)
    check(response, is_bad, before)
    order.delete()


@FUZZ
@given(
    drawn=form(
        customer_name=text(50, ok=("张伟",)),
        row_version=field(["0"], ["", "-1", "1e999", "abc", "7"]),
    )
)
def test_sign(drawn, store, advisor, client_of):
    order = order_of(advisor)
    values, is_bad = split(drawn)
    before = snapshot()
    response = client_of(advisor).post(reverse("aftersales:repair_order_sign", args=[order.pk]), values)
    check(response, is_bad, before)
    order.steps.all().delete()
    order.delete()


@FUZZ
@given(
    drawn=form(
        line=field(["LINE"], ["", "0", "-1", "abc", "999999"]),
        row_version=field(["0"], ["", "-1", "1e999", "abc", "7"]),
    )
)
def test_remove_line(drawn, store, advisor, client_of):
    order = order_of(advisor)
    values, is_bad = split(drawn)
    if values["line"] == "LINE":
        values["line"] = str(order.lines.get().pk)
    before = snapshot()
    response = client_of(advisor).post(reverse("aftersales:repair_order_remove_line", args=[order.pk]), values)
    check(response, is_bad, before)
    order.delete()


@FUZZ
@given(
    drawn=form(
        reason=text(2000, ok=("刹车片磨损",)),
        code=field(["", "LAB-1"], ["NOPE"]),
        quantity=number(["1"]),
        unit_price=number([""]),
        price_reason=text(200, ok=("",), required=False),
        new_promised_at=field(
            ["", (timezone.localtime() + timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M")], BAD_MOMENTS
        ),
        row_version=field(["0"], ["", "-1", "1e999", "abc", "7"]),
    )
)
def test_request_change(drawn, store, advisor, labor, client_of):
    order = order_of(advisor, RepairOrder.Status.SIGNED)
    values, is_bad = split(drawn)
    before = snapshot()
    response = client_of(advisor).post(reverse("aftersales:repair_order_request_change", args=[order.pk]), values)
    check(response, is_bad, before)
    order.delete()


@FUZZ
@given(
    drawn=form(
        change=field(["CHANGE"], ["", "0", "abc", "999999"]),
        approved=field(["yes", "no"], ["", "maybe"]),
        customer_name=text(50, ok=("张伟",)),
        how=field(["phone", "in_person"], ["", "telepathy"]),
        row_version=field(["0"], ["", "-1", "1e999", "abc", "7"]),
    )
)
def test_decide_change(drawn, store, advisor, client_of):
    order = order_of(advisor, RepairOrder.Status.SIGNED)
    change = ChangeRequest.objects.create(
        order=order, reason="延期", new_promised_at=timezone.now() + timedelta(hours=8), requested_by=advisor
    )
    values, is_bad = split(drawn)
    if values["change"] == "CHANGE":
        values["change"] = str(change.pk)
    before = snapshot()
    response = client_of(advisor).post(reverse("aftersales:repair_order_decide_change", args=[order.pk]), values)
    check(response, is_bad, before)
    if response.status_code >= 400:
        change.refresh_from_db()
        assert change.status == ChangeRequest.Status.PENDING
    order.delete()


@FUZZ
@given(drawn=form(description=text(200, ok=("更换刹车盘",)), safety_related=field(["", "on"])))
def test_recommend(drawn, store, advisor, client_of):
    order = order_of(advisor)
    values, is_bad = split(drawn)
    before = snapshot()
    response = client_of(advisor).post(reverse("aftersales:repair_order_recommend", args=[order.pk]), values)
    check(response, is_bad, before)
    order.delete()


@FUZZ
@given(
    drawn=form(
        recommendation=field(["WORK"], ["", "0", "abc", "999999"]),
        signature=text(50, ok=("张伟",)),
    )
)
def test_decline_recommendation(drawn, store, advisor, client_of):
    order = order_of(advisor)
    work = RecommendedWork.objects.create(order=order, description="刹车盘", safety_related=True, recorded_by=advisor)
    values, is_bad = split(drawn)
    if values["recommendation"] == "WORK":
        values["recommendation"] = str(work.pk)
    before = snapshot()
    response = client_of(advisor).post(
        reverse("aftersales:repair_order_decline_recommendation", args=[order.pk]), values
    )
    check(response, is_bad, before)
    if response.status_code >= 400:
        work.refresh_from_db()
        assert work.declined_at is None
    order.delete()


@FUZZ
@given(
    drawn=form(
        status=field(["", "draft", "signed"], ["martian"]),
        q=text(30, ok=("", "0001", "京A"), required=False),
        mine=field(["", "on"]),
        page=field(["1", "2"], []),
    )
)
def test_list_filters(drawn, advisor, client_of):
    values, is_bad = split(drawn)
    response = client_of(advisor).get(reverse("aftersales:repair_orders"), values)
    assert response.status_code in (200, 400)
    if is_bad:
        assert response.status_code == 400
