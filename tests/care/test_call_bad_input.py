"""Hypothesis drives the care forms through their views: never a 500, bad input a 4xx, nothing half-saved."""

import pytest
from django.urls import reverse
from hypothesis import given

from care.models import CareCall, CareContact, CareOptOut
from customers.models import FollowUp
from organization.roles import Role
from tests.customers.test_bad_input import FUZZ, field, form, split, text
from tests.factories import CareContactFactory, CustomerFactory, VehicleFactory

VERSION = field(["0"], ["", "-1", "1e999", "abc", "7"])


def snapshot():
    return (
        list(CareContact.objects.order_by("pk").values_list("pk", "row_version", "closed_at")),
        CareCall.objects.count(),
        FollowUp.objects.count(),
        list(CareOptOut.objects.order_by("pk").values_list("pk", "kind", "reason")),
    )


def check(response, is_bad, before):
    status = response.status_code
    if is_bad:
        assert 400 <= status < 500, status
    assert status == 302 or 400 <= status < 500, status
    if status >= 400:
        assert snapshot() == before


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


@FUZZ
@given(
    drawn=form(
        reached=field(["yes", "no"], ["", "maybe"]),
        result=text(500, ok=("同意续保", ""), required=False),
        next_step=text(200, ok=("下周来店", ""), required=False),
        booked_appointment=field(["", "on"]),
        row_version=VERSION,
    )
)
def test_log_a_call(drawn, store, advisor, client_of):
    contact = CareContactFactory(customer__store=store, owner=advisor, vehicle=VehicleFactory(owner__store=store))
    values, is_bad = split(drawn)
    is_bad = is_bad or (values["reached"] == "no" and values["booked_appointment"] == "on")
    before = snapshot()
    response = client_of(advisor).post(reverse("care:log_call", args=[contact.pk]), values)
    check(response, is_bad, before)
    CareContact.objects.all().delete()


@FUZZ
@given(
    drawn=form(
        kind=field(["birthday", "win_back"], ["", "martian"]),
        reason=text(200, ok=("已在别家投保",)),
    )
)
def test_opt_out(drawn, store, advisor, client_of):
    customer = CustomerFactory(store=store)
    CareContactFactory(customer=customer, kind="birthday", owner=advisor)
    values, is_bad = split(drawn)
    before = snapshot()
    response = client_of(advisor).post(reverse("care:opt_outs", args=[customer.pk]), values)
    check(response, is_bad, before)
    CareOptOut.objects.all().delete()
    CareContact.objects.all().delete()


@FUZZ
@given(
    drawn=form(
        kind=field(["", "birthday"], ["martian"]),
        owner=field(["", "0"], ["abc", "1e999", "9" * 40]),
        due=field(["", "today", "overdue", "all"], ["someday"]),
        page=field(["1", "2", "abc", "-1"]),
    )
)
def test_team_filters(drawn, staff, client_of):
    values, is_bad = split(drawn)
    response = client_of(staff(Role.AFTER_SALES_MANAGER)).get(reverse("care:team"), values)
    status = response.status_code
    assert status in (200, 400), status
    if is_bad:
        assert status == 400
