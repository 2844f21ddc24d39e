"""A dissatisfied callback becomes a complaint in one step, linked to the call (SPEC section 4).

Whoever made the call logs it; customer service owns the hand-over (complaints.handling.log_complaint picks the least
busy specialist when the caller is an advisor or a consultant), and the complaint's clock starts when the call ended.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from complaints.handling import log_complaint
from complaints.models import Complaint
from organization.models import Department
from surveys.models import Callback

SALES_CALLBACKS = {Callback.Kind.SALES_FIRST, Callback.Kind.SALES_SECOND, Callback.Kind.SALES_AFTER_SALES_INTRO}


class AlreadyLogged(Exception):
    def __init__(self, complaint: Complaint):
        super().__init__(complaint.pk)
        self.complaint = complaint


def may_become_complaint(callback: Callback) -> bool:
    """A call that reached a customer (not a prospect) who said they were not satisfied."""
    return callback.completed_at is not None and callback.satisfied is False and callback.customer_id is not None


def department_for(callback: Callback) -> Department | None:
    """Route B's department by default: sales for a sales call, after-sales for the rest."""
    kind = Department.Kind.SALES if callback.kind in SALES_CALLBACKS else Department.Kind.AFTER_SALES
    return Department.objects.filter(store=callback.store_id, kind=kind).first()


@transaction.atomic
def log_complaint_from_callback(callback: Callback, *, by, now=None, **fields) -> Complaint:
    """Log the complaint the call found, raised when the call ended, and link the call to it; a second attempt
    raises AlreadyLogged with the first complaint."""
    locked = Callback.objects.select_for_update(of=("self",)).select_related("complaint").get(pk=callback.pk)
    if locked.complaint_id is not None:
        raise AlreadyLogged(locked.complaint)
    if not may_become_complaint(locked):
        raise ValidationError(
            _("Only a call whose customer was reached and dissatisfied can be logged as a complaint."),
            code="not_dissatisfied",
        )
    complaint = log_complaint(
        store=locked.store,
        by=by,
        customer=locked.customer,
        source=Complaint.Source.CALLBACK,
        raised_at=locked.completed_at,
        now=now,
        **fields,
    )
    locked.complaint = complaint
    locked.save(update_fields=["complaint"])
    callback.complaint = complaint
    return complaint
