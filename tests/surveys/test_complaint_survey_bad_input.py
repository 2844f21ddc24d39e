"""Hypothesis drives the complaint's survey form through its view: never a 500, bad input a 4xx, nothing half-saved."""

from django.urls import reverse
from hypothesis import given

from surveys.models import Answer, Survey
from tests.complaints import conftest as complaints
from tests.customers.test_bad_input import FUZZ, field, form, split, text
from tests.surveys.test_complaint_survey import at_callback

cast, log = complaints.cast, complaints.log  # the complaint's people, and logging one as customer service does
SCORE = field(["1", "7", "10"], ["0", "11", "-1", "1e999", "NaN", "abc", "9" * 40])

# CSI's items: the must-ask one ("use since leaving the workshop") and two optional ones drawn.
ANSWERS = form(
    q_use_since=field(["1", "10"], ["", "0", "11", "x"]),
    q_overall=field(["", "5"], ["0", "11", "abc"]),
    q_timeliness=SCORE,
    comment=text(2000, ok=("处理及时",), required=False),
    channel=field(["phone", "paper", "face_to_face"], ["", "sms_link", "pigeon"]),
    row_version=field(["0"], ["", "-1", "abc"]),
)


def counts():
    return [Survey.objects.count(), Survey.objects.exclude(answered_at=None).count(), Answer.objects.count()]


@FUZZ
@given(drawn=ANSWERS)
def test_complaint_survey(drawn, cast, log, client_of):
    complaint = at_callback(cast, log)
    values, is_bad = split(drawn)
    before = counts()
    response = client_of(cast.customer_service).post(reverse("surveys:complaint_survey", args=[complaint.pk]), values)
    status = response.status_code
    if is_bad:
        assert 400 <= status < 500, status
    assert status in (200, 302) or 400 <= status < 500, status
    if status >= 400:
        assert counts() == before
    Answer.objects.all().delete()
    Survey.objects.all().delete()
