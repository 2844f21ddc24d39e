"""A major complaint reaches the GM as soon as it is logged: in-app and by a staff SMS (SPEC section 5)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from complaints.models import Severity
from organization.models import Notification, OutboundMessage

SH = ZoneInfo("Asia/Shanghai")


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
