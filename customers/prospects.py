"""Prospects (意向客户) and the showroom traffic log (客流表, seed 000)."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers import referrals
from customers.models import Customer, Prospect, ShowroomVisit


@transaction.atomic
def record_showroom_visit(
    *,
    store,
    prospect: Prospect | None,
    name: str = "",
    mobile: str = "",
    interested_model: str = "",
    consultant=None,
    visited_at: datetime | None = None,
    party_size: int = 1,
    notes: str = "",
    referrer: Customer | None = None,
    by,
) -> ShowroomVisit:
    """One line of the traffic log: a new prospect's first visit (with its referrer, if any) or a return."""
    visited_at = visited_at or timezone.now()
    if visited_at > timezone.now():
        raise ValidationError(_("A visit cannot be logged before it happens."), code="future_visit")
    if consultant is not None and consultant.store_id != store.pk:
        raise ValidationError(_("Choose a consultant of this store."), code="other_store")
    if prospect is None:
        if not name.strip():
            raise ValidationError(_("Enter the visitor's name."), code="name_required")
        prospect = Prospect.objects.create(
            store=store,
            name=name.strip(),
            mobile=mobile,
            interested_model=interested_model,
            consultant=consultant,
            customer=Customer.objects.filter(store=store, mobile=mobile).first() if mobile else None,
        )
    elif prospect.store_id != store.pk:
        raise ValidationError(_("The prospect belongs to another store."), code="other_store")
    first = not prospect.visits.exists()
    if referrer is not None and not first:
        raise ValidationError(
            _("A referral can only be recorded on the prospect's first showroom visit."), code="not_first_visit"
        )
    visit = ShowroomVisit.objects.create(
        store=store,
        prospect=prospect,
        visited_at=visited_at,
        party_size=party_size,
        consultant=consultant,
        is_first_visit=first,
        notes=notes,
    )
    if referrer is not None:
        referrals.record_referral(referrer=referrer, prospect=prospect, first_visit=visit, by=by)
    return visit


@transaction.atomic
def link_prospect_to_customer(prospect: Prospect, customer: Customer) -> Prospect:
    """The prospect became a customer (a file was opened for them, e.g. at the sale)."""
    if prospect.store_id != customer.store_id:
        raise ValidationError(_("The prospect belongs to another store."), code="other_store")
    prospect.customer = customer
    prospect.save(update_fields=["customer"])
    return prospect
