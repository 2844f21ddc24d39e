"""Hypothesis drives the appeal forms through their views: never a 500, bad input a 4xx, nothing half-saved."""

import pytest
from django.urls import reverse
from hypothesis import given

from complaints.models import Appeal, Complaint
from tests.customers.test_bad_input import FUZZ, field, form, split, text
from tests.factories import AppealFactory

VERSION = field(["0"], ["", "-1", "1e999", "abc", "7"])


def snapshot():
    appeals = list(Appeal.objects.order_by("pk").values_list("pk", "status", "row_version", "head_note", "signature"))
    return appeals, list(Complaint.objects.values_list("pk", "voided_at"))


def check(response, is_bad, before):
    status = response.status_code
    if is_bad:
        assert 400 <= status < 500, status
    assert status == 302 or 400 <= status < 500, status
    if status >= 400:
        assert snapshot() == before


@pytest.fixture
def complaint(cast, log):
    complaint = log()
    complaint.at_fault.add(cast.technician)
    return complaint


@FUZZ
@given(drawn=form(reason=text(4000, ok=("客户自己没按时保养",))))
def test_file(drawn, cast, complaint, client_of):
    values, is_bad = split(drawn)
    before = snapshot()
    response = client_of(cast.technician).post(reverse("complaints:appeal_file", args=[complaint.pk]), values)
    check(response, is_bad, before)
    Appeal.objects.all().delete()


@FUZZ
@given(drawn=form(note=text(4000, ok=("确实不是技师责任",)), row_version=VERSION))
def test_forward(drawn, cast, complaint, client_of):
    appeal = AppealFactory(complaint=complaint, appellant=cast.technician, head=cast.workshop_head)
    values, is_bad = split(drawn)
    before = snapshot()
    response = client_of(cast.workshop_head).post(reverse("complaints:appeal_forward", args=[appeal.pk]), values)
    check(response, is_bad, before)
    appeal.delete()


@FUZZ
@given(
    drawn=form(
        decision=field(["uphold", "reject"], ["", "maybe"]),
        ruling=text(4000, ok=("维持申诉",)),
        signature=field(["总经理"], ["", "张三", "x" * 51]),
        row_version=VERSION,
    )
)
def test_rule(drawn, cast, complaint, client_of):
    appeal = AppealFactory(complaint=complaint, appellant=cast.technician, head=cast.workshop_head, status="with_gm")
    values, is_bad = split(drawn)
    before = snapshot()
    response = client_of(cast.gm).post(reverse("complaints:appeal_rule", args=[appeal.pk]), values)
    check(response, is_bad, before)
    Complaint.objects.update(voided_at=None)
    appeal.delete()
