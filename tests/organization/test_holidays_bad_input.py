"""Hypothesis drives the holiday forms through their views: never a 500, bad input a 4xx, nothing half-saved."""

import pytest
from django.urls import reverse
from hypothesis import given

from organization.models import Holiday
from organization.roles import Role
from tests.customers.test_bad_input import BAD_DATES, BAD_NUMBERS, FUZZ, field, form, split, text
from tests.factories import HolidayFactory


@pytest.fixture
def gm(staff):
    return staff(Role.GENERAL_MANAGER)


def counts():
    return [Holiday.objects.count(), Holiday.history.count()]


def check(response, is_bad, before):
    status = response.status_code
    if is_bad:
        assert 400 <= status < 500, status
    assert status == 302 or 400 <= status < 500, status
    if status >= 400:
        assert counts() == before


def holiday_fields():
    return form(
        date=field(["2026-02-17", "2027-01-01"], ["", *BAD_DATES, "2003-12-31", "2100-01-01"]),
        name=text(50, ok=("春节",)),
        kind=field(["closed", "working"], ["", "martian"]),
    )


@FUZZ
@given(drawn=holiday_fields())
def test_adding_a_day(drawn, gm, client_of):
    values, is_bad = split(drawn)
    before = counts()
    check(client_of(gm).post(reverse("organization:holiday_create"), values), is_bad, before)
    Holiday.objects.all().delete()
    Holiday.history.all().delete()


@FUZZ
@given(drawn=holiday_fields())
def test_editing_a_day(drawn, store, gm, client_of):
    day = HolidayFactory(store=store)
    values, is_bad = split(drawn)
    before = counts()
    check(client_of(gm).post(reverse("organization:holiday_edit", args=[day.pk]), values), is_bad, before)
    Holiday.objects.all().delete()
    Holiday.history.all().delete()


@FUZZ
@given(drawn=form(year=field(["2025", "2026"], ["", "2027", "2003", "2100", *BAD_NUMBERS])))
def test_importing_a_year(drawn, gm, client_of):
    values, is_bad = split(drawn)
    before = counts()
    check(client_of(gm).post(reverse("organization:holiday_import"), values), is_bad, before)
    Holiday.objects.all().delete()
    Holiday.history.all().delete()
