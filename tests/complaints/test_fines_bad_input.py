"""Hypothesis drives the fine form and the month selector: never a 500, bad input a 4xx, nothing half-saved."""

from django.urls import reverse
from hypothesis import given

from complaints.models import Fine
from tests.customers.test_bad_input import BAD_NUMBERS, FUZZ, field, form, split, text

MONTHS = field(["", "2026-10"], ["2026-13", "1999-12", "9999-01", "2026-1", "2026-10-01", "abc"])


@FUZZ
@given(
    drawn=form(
        kind=field(["late_report", "neglected_general", "offence"], ["", "bonus"]),
        amount=field(["", "100", "150.5"], BAD_NUMBERS),
        note=text(2000, ok=("未按流程",), required=False),
        month=MONTHS,
    )
)
def test_fine_record(drawn, cast, client_of):
    values, is_bad = split(drawn)
    values["person"] = cast.customer_service.pk
    before = Fine.objects.count()
    response = client_of(cast.gm).post(reverse("complaints:fine_record"), values)
    status = response.status_code
    if is_bad:
        assert 400 <= status < 500, status
    assert status == 302 or 400 <= status < 500, status
    if status >= 400:
        assert Fine.objects.count() == before
    Fine.objects.all().delete()


@FUZZ
@given(drawn=form(month=MONTHS))
def test_month(drawn, cast, client_of):
    values, is_bad = split(drawn)
    status = client_of(cast.advisor).get(reverse("complaints:penalties"), values).status_code
    assert status == 200 or (400 <= status < 500 and not status == 404), status
    if is_bad:
        assert status == 422
