"""Personal information (PIPL): masked mobiles, logged reveals, anonymization on request."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers.models import Customer, PrivacyLog
from customers.roles import REVEAL_MOBILES
from organization.messaging import is_opted_out
from organization.models import MessageOptOut, OutboundMessage
from organization.roles import Role


def mask_mobile(mobile: str) -> str:
    """ "13812341234" → "138****1234"; anything that is not 11 digits is hidden whole."""
    if len(mobile) == 11 and mobile.isdigit():
        return f"{mobile[:3]}****{mobile[7:]}"
    return "****"


def can_reveal_mobile(user, customer: Customer) -> bool:
    if user.is_group_manager or customer.anonymized_at:
        return False
    if user.roles & REVEAL_MOBILES:
        return True
    return Role.SALES_CONSULTANT in user.roles and customer.sales_consultant_id == user.pk


@transaction.atomic
def reveal_mobile(customer: Customer, *, by) -> str:
    """The full number, for a role that calls customers; every reveal is logged."""
    if not can_reveal_mobile(by, customer):
        raise PermissionDenied
    PrivacyLog.objects.create(store=customer.store, customer=customer, action=PrivacyLog.Action.REVEAL_MOBILE, user=by)
    return customer.mobile


@transaction.atomic
def set_marketing_consent(customer: Customer, consent: bool) -> None:
    """Withdrawn consent is an SMS opt-out for marketing, so the message backend honours it."""
    opt_outs = MessageOptOut.objects.filter(
        store=customer.store, mobile=customer.mobile, category=OutboundMessage.Category.MARKETING
    )
    if consent:
        opt_outs.delete()
    elif not is_opted_out(customer.store, customer.mobile, OutboundMessage.Category.MARKETING):
        MessageOptOut.objects.create(
            store=customer.store,
            mobile=customer.mobile,
            category=OutboundMessage.Category.MARKETING,
            reason=str(_("No marketing consent in the customer file")),
        )


@transaction.atomic
def anonymize_customer(customer: Customer, *, note: str, by) -> Customer:
    """Replace name, mobile and birthday (also in the audit trail); vehicles, history and statistics stay."""
    if customer.anonymized_at:
        raise ValidationError(_("This customer is already anonymized."), code="already_anonymized")
    if not note.strip():
        raise ValidationError(_("Record how the customer asked (date, channel)."), code="note_required")
    old_mobile = customer.mobile
    placeholder_name = str(_("Anonymized customer"))
    placeholder_mobile = f"anon-{customer.pk}"
    customer.name, customer.mobile, customer.birthday = placeholder_name, placeholder_mobile, None
    customer.occupation, customer.notes, customer.marketing_consent = "", "", False
    customer.anonymized_at = timezone.now()
    customer.save(
        update_fields=["name", "mobile", "birthday", "occupation", "notes", "marketing_consent", "anonymized_at"]
    )
    customer.history.update(name=placeholder_name, mobile=placeholder_mobile, birthday=None, occupation="", notes="")
    MessageOptOut.objects.filter(store=customer.store, mobile=old_mobile).delete()
    PrivacyLog.objects.create(
        store=customer.store, customer=customer, action=PrivacyLog.Action.ANONYMIZE, user=by, note=note.strip()
    )
    return customer
