"""The findings of the tracking form the statistics read — loss, root cause, improvement measures, training action —
corrected outside the summary by the after-sales manager or the GM."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from complaints.models import Complaint, Transition
from complaints.roles import RECORD_FINDINGS
from organization.concurrency import save_if_unchanged
from organization.models import User

FINDINGS = ("loss", "root_cause", "improvement", "training_action")


@transaction.atomic
def record_findings(complaint: Complaint, *, by: User, expected_version: int, now=None, **findings) -> Complaint:
    """Save the findings if nobody wrote the form since it was read; the timeline says who changed them."""
    now = now or timezone.now()
    if complaint.store_id != by.store_id or not RECORD_FINDINGS & by.roles:
        raise PermissionDenied
    changes = {name: findings[name] for name in FINDINGS if name in findings}
    save_if_unchanged(complaint, expected_version, changes)
    stage = complaint.stage
    Transition.objects.create(complaint=complaint, action="findings", from_stage=stage, to_stage=stage, by=by, at=now)
    return complaint
