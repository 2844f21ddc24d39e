"""Personal information (PIPL): masked mobiles, logged reveals, anonymization on request."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers import membership
from customers.models import Customer, PrivacyLog, Prospect, ShowroomVisit
from customers.roles import REVEAL_MOBILES
from organization.events import BusinessEvent, announce, declare_event_kind
from organization.messaging import is_opted_out
from organization.models import MessageOptOut, OutboundMessage
from organization.roles import Role

CUSTOMER_ANONYMIZED = declare_event_kind("customer_anonymized", _("Customer anonymized on request"))
REMOVED_ON_REQUEST = _("(removed: the customer's personal data was erased on request)")


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


def opt_out_of_marketing(store, mobiles: list[str]) -> None:
    """set_marketing_consent(customer, False) for many new customers of one store, in two queries."""
    opted_out = set(
        MessageOptOut.objects.filter(
            store=store, mobile__in=mobiles, category__in=[OutboundMessage.Category.MARKETING, ""]
        ).values_list("mobile", flat=True)
    )
    reason = str(_("No marketing consent in the customer file"))
    MessageOptOut.objects.bulk_create(
        [
            MessageOptOut(store=store, mobile=mobile, category=OutboundMessage.Category.MARKETING, reason=reason)
            for mobile in mobiles
            if mobile not in opted_out
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def anonymize_customer(customer: Customer, *, note: str, by) -> Customer:
    """Replace the person wherever the store keeps them: the file and its history, their showroom prospects and
    those rows' history, visit, follow-up and reception notes, the outbox; memberships end; the apps above hear
    CUSTOMER_ANONYMIZED (callbacks). Vehicles, repair history and statistics stay; the file takes no more personal
    data (Customer.refuse_if_anonymized)."""
    if customer.anonymized_at:
        raise ValidationError(_("This customer is already anonymized."), code="already_anonymized")
    if not note.strip():
        raise ValidationError(_("Record how the customer asked (date, channel)."), code="note_required")
    old_mobile = customer.mobile
    placeholder_name = str(_("Anonymized customer"))
    placeholder_mobile = f"anon-{customer.pk}"
    removed = str(REMOVED_ON_REQUEST)
    customer.name, customer.mobile, customer.birthday = placeholder_name, placeholder_mobile, None
    customer.occupation, customer.notes, customer.marketing_consent = "", "", False
    customer.grade_override_reason = ""
    customer.anonymized_at = timezone.now()
    customer.save(
        update_fields=[
            "name",
            "mobile",
            "birthday",
            "occupation",
            "notes",
            "marketing_consent",
            "grade_override_reason",
            "anonymized_at",
        ]
    )
    customer.history.update(
        name=placeholder_name,
        mobile=placeholder_mobile,
        birthday=None,
        occupation="",
        notes="",
        grade_override_reason="",
    )
    prospects = Prospect.objects.filter(Q(customer=customer) | Q(store=customer.store, mobile=old_mobile))
    prospect_ids = list(prospects.values_list("pk", flat=True))
    # Queryset updates write no new history rows: the old ones are overwritten just below.
    Prospect.objects.filter(pk__in=prospect_ids).update(name=placeholder_name, mobile="")
    Prospect.history.filter(id__in=prospect_ids).update(name=placeholder_name, mobile="")
    ShowroomVisit.objects.filter(prospect_id__in=prospect_ids).update(notes="")
    customer.follow_ups.update(content=removed, result="")
    customer.vip_receptions.update(notes="")
    customer.grade_changes.update(reason="")
    outbox = OutboundMessage.objects.filter(store=customer.store, to=old_mobile)
    outbox.filter(status__in=[OutboundMessage.Status.PENDING, OutboundMessage.Status.DEFERRED]).update(
        status=OutboundMessage.Status.SUPPRESSED
    )
    outbox.update(to=placeholder_mobile, params={}, body=removed)
    MessageOptOut.objects.filter(store=customer.store, mobile=old_mobile).delete()
    membership.end_memberships_of_anonymized(customer, by=by)
    log = PrivacyLog.objects.create(
        store=customer.store, customer=customer, action=PrivacyLog.Action.ANONYMIZE, user=by, note=note.strip()
    )
    announce(BusinessEvent(CUSTOMER_ANONYMIZED, log, customer.store, customer, None, by, log.at))
    return customer
