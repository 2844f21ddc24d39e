"""Hypothesis drives every lounge form through its view: garbage counts, long texts, bad moments and months.
Never a 500; bad input is a 4xx; a refusal writes nothing."""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given

from care import lounge
from care.models import LostProperty, LoungeCheck, LoungeChecklist, LoungeItem, LoungeViolation
from organization.roles import Role
from tests.customers.test_bad_input import BAD_NUMBERS, FUZZ, field, form, moment_field, split, text
from tests.factories import LostPropertyFactory

TABLES = [LoungeChecklist, LoungeCheck, LoungeViolation, LostProperty]
MONTHS = field(["", "2026-10"], ["2026-13", "1999-12", "9999-01", "2026-1", "2026-10-01", "abc"])


def counts():
    return [model.objects.count() for model in TABLES]


def answered(response, is_bad, before, ok=(302,)):
    status = response.status_code
    if is_bad:
        assert 400 <= status < 500, status
    assert status in ok or 400 <= status < 500, status
    if status >= 400:
        assert counts() == before


@pytest.fixture
def lounge_staff(staff):
    return staff(Role.LOUNGE_STAFF)


@FUZZ
@given(
    drawn=form(
        glass=field(["", "0", "2", "99"], [*BAD_NUMBERS, "100"]),
        butts=field(["1", "3"], ["-2", "abc"]),
        sofa=field(["", "on"]),
        row_version=field([""], ["-1", "abc"]),
    )
)
def test_checklist(drawn, lounge_staff, client_of):
    values, is_bad = split(drawn)
    items = {item.code: item.pk for item in LoungeItem.objects.all()}
    data = {
        f"count_{items['glass']}": values["glass"],
        f"count_{items['ashtray_butts']}": values["butts"],
        f"item_{items['sofa_not_occupied']}": values["sofa"],
        "row_version": values["row_version"],
    }
    before = counts()
    answered(client_of(lounge_staff).post(reverse("care:lounge_checklist"), data), is_bad, before)
    LoungeChecklist.objects.all().delete()


@FUZZ
@given(
    drawn=form(
        item=field(["glass"], ["", "0", "abc", "99999"]),
        staff=field(["own"], ["", "abc", "99999"]),
        note=text(500, ok=("未擦玻璃",), required=False),
        submission=field(["fresh"], ["", "not-a-token"]),
    )
)
def test_violation(drawn, store, lounge_staff, client_of):
    values, is_bad = split(drawn)
    glass = LoungeItem.objects.get(code="glass")
    ticks = {glass.pk: (False, 0)}
    lounge.tick_checklist(store=store, day=timezone.localdate(), ticks=ticks, expected_version=None, by=lounge_staff)
    values["item"] = glass.pk if values["item"] == "glass" else values["item"]
    values["staff"] = lounge_staff.pk if values["staff"] == "own" else values["staff"]
    if values["submission"] == "fresh":
        values["submission"] = "6f1c1f2e-2b53-4bd4-9d3c-6d3c7a1b2c3d"
    before = counts()
    answered(client_of(lounge_staff).post(reverse("care:lounge_violation"), values), is_bad, before)
    LoungeViolation.objects.all().delete()
    LoungeChecklist.objects.all().delete()


@FUZZ
@given(
    drawn=form(
        description=text(200, ok=("黑色雨伞",)),
        found_where=text(200, ok=("沙发旁",)),
        found_at=moment_field(),
        submission=field(["6f1c1f2e-2b53-4bd4-9d3c-6d3c7a1b2c3e"], ["", "x"]),
    )
)
def test_lost_property(drawn, lounge_staff, client_of):
    values, is_bad = split(drawn)
    before = counts()
    answered(client_of(lounge_staff).post(reverse("care:lost_property_create"), values), is_bad, before)
    LostProperty.objects.all().delete()


@FUZZ
@given(drawn=form(signature=text(100, ok=("王先生",)), manager=field(["asm"], ["", "abc", "99999"])))
def test_report_and_return(drawn, store, staff, lounge_staff, client_of):
    values, is_bad = split(drawn)
    manager = staff(Role.AFTER_SALES_MANAGER)
    lost = LostPropertyFactory(store=store, found_by=lounge_staff)
    manager_id = manager.pk if values["manager"] == "asm" else values["manager"]
    client = client_of(lounge_staff)
    before = counts()
    report = client.post(reverse("care:lost_property_report", args=[lost.pk]), {"manager": manager_id})
    answered(report, drawn["manager"][1] == "bad", before)
    returned = client.post(reverse("care:lost_property_return", args=[lost.pk]), {"signature": values["signature"]})
    answered(returned, drawn["signature"][1] == "bad", before)
    lost.refresh_from_db()
    if returned.status_code >= 400:
        assert lost.returned_at is None
    LostProperty.objects.all().delete()


@FUZZ
@given(drawn=form(month=MONTHS))
def test_summary_month(drawn, staff, client_of):
    values, is_bad = split(drawn)
    status = client_of(staff(Role.AFTER_SALES_MANAGER)).get(reverse("care:lounge_summary"), values).status_code
    assert status == 200 or (400 <= status < 500 and status != 404), status
    if is_bad:
        assert status == 422
