"""Working the daily care call list: whose contacts these are, logging a call, opting out (SPEC section 3)."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from care.models import CareCall, CareContact, CareOptOut
from care.models.contacts import ContactKind
from customers.follow_ups import record_follow_up
from customers.models import Customer, FollowUp
from organization.concurrency import save_if_unchanged
from organization.roles import Role


def contacts_on_list_of(user):
    """A person's care contacts; customer service also takes the store's contacts nobody owns."""
    mine = Q(owner=user)
    if Role.CUSTOMER_SERVICE in user.roles:
        mine |= Q(owner=None)
    return CareContact.objects.visible_to(user).filter(mine)


def calls_due_today(user, today: date):
    """The open contacts due today or before, each with its attempts so far (overdue ones first in each kind)."""
    return (
        contacts_on_list_of(user)
        .open()
        .filter(due_on__lte=today)
        .annotate(attempts=Count("calls"))
        .select_related("customer", "vehicle", "owner")
        .order_by("kind", "due_on", "pk")
    )


@transaction.atomic
def log_care_call(
    contact: CareContact,
    *,
    expected_version: int,
    reached: bool,
    result: str,
    next_step: str,
    booked_appointment: bool,
    by,
    now: datetime | None = None,
) -> CareCall:
    """Log one call: reaching the customer closes the contact, an unreached call leaves it open for another try.

    The call also goes into the customer's follow-up log. A contact nobody owns stays with customer service as a
    whole: whoever calls next sees the attempts so far.
    """
    now = now or timezone.now()
    if contact.closed_at is not None:
        raise ValidationError(_("This contact is already closed."), code="closed")
    if booked_appointment and not reached:
        raise ValidationError(_("An appointment needs a customer who was reached."), code="booked_needs_reached")
    # Every call bumps the row version, so of two people logging the same contact the second is refused.
    save_if_unchanged(contact, expected_version, {"closed_at": now} if reached else {})
    outcome = _("reached") if reached else _("not reached")
    follow_up = record_follow_up(
        contact.customer,
        contacted_at=now,
        channel=FollowUp.Channel.PHONE,
        content=f"{contact.get_kind_display()} · {outcome}",
        result=" · ".join(part for part in (result.strip(), next_step.strip()) if part)[:500],
        by=by,
    )
    return CareCall.objects.create(
        store=contact.store,
        contact=contact,
        called_at=now,
        called_by=by,
        reached=reached,
        result=result.strip(),
        next_step=next_step.strip(),
        booked_appointment=booked_appointment,
        follow_up=follow_up,
    )


@transaction.atomic
def opt_out(customer: Customer, *, kind: str, reason: str, by, now: datetime | None = None) -> CareOptOut:
    """The customer asked not to be called for `kind`: record why, and close that kind's open contacts."""
    now = now or timezone.now()
    if kind not in ContactKind.values:
        raise ValidationError(_("Choose a contact type."), code="kind")
    if not reason.strip():
        raise ValidationError(_("Write why the customer opted out."), code="reason_required")
    try:
        with transaction.atomic():
            opted_out = CareOptOut.objects.create(
                store=customer.store,
                customer=customer,
                kind=kind,
                reason=reason.strip(),
                recorded_by=by,
                recorded_at=now,
            )
    except IntegrityError:
        raise ValidationError(
            _("The customer has already opted out of this contact type."), code="already_opted_out"
        ) from None
    CareContact.objects.filter(customer=customer, kind=kind).open().update(closed_at=now)
    return opted_out


def withdraw_opt_out(opted_out: CareOptOut) -> None:
    """The customer wants these calls again: the next daily run lists their contacts."""
    opted_out.delete()
