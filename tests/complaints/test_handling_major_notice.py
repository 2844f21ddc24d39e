"""A major complaint reaches the GM as soon as it is logged: in-app and by a staff SMS (SPEC section 5)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from complaints.models import Complaint, Severity
from organization.models import Notification, OutboundMessage

SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def complaint_pages(monkeypatch):
    """The notices link to the complaint's page, which the detail slice (complaints:detail) adds; remove at merge."""
    monkeypatch.setattr(Complaint, "get_absolute_url", lambda complaint: f"/complaints/{complaint.pk}/")


def test_logging_a_major_complaint_texts_the_gm_as_a_staff_alert(log, cast, django_capture_on_commit_callbacks):
    cast.gm.mobile = "13800000009"
    cast.gm.save(update_fields=["mobile"])
    moment = datetime(2026, 11, 27, 17, 40, tzinfo=SH)

    with django_capture_on_commit_callbacks(execute=True):
        complaint = log(severity=Severity.MAJOR, raised_at=moment, now=moment)

    sms = OutboundMessage.objects.get(to="13800000009")
    assert sms.category == OutboundMessage.Category.STAFF_ALERT
    assert complaint.number in sms.body
    assert Notification.objects.filter(recipient=cast.gm, title__contains=complaint.number).exists()
