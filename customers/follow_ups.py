"""The customer follow-up log (客户信息跟踪表, seed 000 part 4): dated contacts with content and result."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers.models import Customer, FollowUp


@transaction.atomic
def record_follow_up(customer: Customer, *, contacted_at, channel: str, content: str, result: str, by) -> FollowUp:
    customer.refuse_if_anonymized()
    if contacted_at > timezone.now():
        raise ValidationError(_("A contact cannot be logged before it happens."), code="future_contact")
    if not content.strip():
        raise ValidationError(_("Write what was discussed."), code="content_required")
    return FollowUp.objects.create(
        store=customer.store,
        customer=customer,
        contacted_at=contacted_at,
        channel=channel,
        content=content.strip(),
        result=result.strip(),
        staff=by,
    )
