"""Hypothesis drives the focus-item form through its view: a 4xx with the form for bad input, nothing saved."""

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse
from hypothesis import given

from surveys.models import ImprovementAction
from tests.complaints.conftest import cast  # noqa: F401 (fixture)
from tests.customers.test_bad_input import BAD_DATES, FUZZ, field, form, split, text
from tests.factories import UserFactory


@FUZZ
@given(
    drawn=form(
        horizon=field(["week", "month"], ["", "quarter", "day"]),
        day=field(["2026-07-15", "2026-08-01"], ["", *BAD_DATES]),
        title=text(200, ok=("提高一次修复率",)),
        owner=field(["owner"], ["", "0", "abc", "stranger"]),
        due_on=field(["2026-08-31", "2026-07-15"], ["", "2026-07-14", "2027-07-16", *BAD_DATES]),
        submission=field(["token"], ["", "not-a-token"]),
    )
)
def test_focus_item(drawn, cast, client_of, other_store):  # noqa: F811
    values, is_bad = split(drawn)
    people = {"owner": str(cast.advisor.pk), "stranger": str(UserFactory(store=other_store).pk)}
    values["owner"] = people.get(values["owner"], values["owner"])
    if values["submission"] == "token":
        values["submission"] = str(uuid.uuid4())
    with time_machine.travel(datetime(2026, 7, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        response = client_of(cast.gm).post(reverse("surveys:new_focus_item"), values)
    status = response.status_code
    if is_bad:
        assert 400 <= status < 500, status
    assert status == 302 or 400 <= status < 500, status
    if status >= 400:
        assert not ImprovementAction.objects.exists()
    ImprovementAction.objects.all().delete()
