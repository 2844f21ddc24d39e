"""Hypothesis drives the month selector of the statistics page and the download: never a 500, a bad month a 4xx
with a message, a store not the user's a 404, and nothing logged unless a file went out."""

import pytest
from django.urls import reverse
from hypothesis import given

from complaints.models import ExportLog
from tests.customers.test_bad_input import FUZZ, field, form, split

BAD_MONTHS = ["2026-13", "2026-00", "2026-1", "1999-12", "2100-01", "9999-12", "2026-10-01", "10月", "1e9", "-2026-10"]
MONTH = field(["2026-10", "2000-01", "2099-12"], BAD_MONTHS)
STORE = field(["", "north"], ["south", "nowhere"])


@pytest.fixture
def gm(cast, other_store):
    return cast.gm


@pytest.mark.parametrize("url", ["complaints:export", "complaints:statistics"])
@FUZZ
@given(drawn=form(month=MONTH, store=STORE))
def test_bad_input_gets_a_message_and_a_4xx(client, gm, url, drawn):
    params, is_bad = split(drawn)
    client.force_login(gm)
    before = ExportLog.objects.count()
    response = client.get(reverse(url), params)
    status = response.status_code
    assert status in (200, 400, 404, 422), status
    if is_bad:
        assert 400 <= status < 500, (params, status)
    elif all(kind == "ok" for _value, kind in drawn.values()):
        assert status == 200, (params, status)
    logged = ExportLog.objects.count() - before
    assert logged == (status == 200 and url == "complaints:export")
