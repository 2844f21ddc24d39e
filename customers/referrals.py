"""Referrals (转介绍): seed 000 for new buyers, seed 003 for same-brand owners serviced elsewhere.

A buyer's referral is noted on the prospect's first showroom visit; when it converts, both sides
get a free basic-service voucher and a gold-card referrer also gets fuel. A referral (or an
appointment, after-sales reuses `fine_for_fake`) that proves fake costs the staff member 50% of the loss.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers.models import Customer, Membership, Prospect, Referral, ReferralReward, ShowroomVisit
from organization import calendar
from organization.models import PolicySet
from organization.policies import Unit, current_policy, define

SECTION = _("Referrals")
GOLD_CARD_FUEL = define(
    "referrals.gold_card_fuel_yuan",
    SECTION,
    _("Fuel voucher for a gold-card referrer"),
    Unit.YUAN,
    Decimal(0),
)
FAKE_FINE_SHARE = define(
    "referrals.fake_fine_percent",
    SECTION,
    _("Fine for a fake referral or appointment, share of the loss"),
    Unit.PERCENT,
    Decimal(0),
    Decimal(100),
)

CENT = Decimal("0.01")


def fine_for_fake(loss: Decimal, policy: PolicySet) -> Decimal:
    """Seed 000: whoever faked a referral or appointment pays 50% of the loss it caused."""
    return (loss * policy.value(FAKE_FINE_SHARE) / 100).quantize(CENT, ROUND_HALF_UP)


def _check_referrer(referrer: Customer, store) -> None:
    if referrer.store_id != store.pk:
        raise ValidationError(_("The referrer must be a customer of this store."), code="other_store")
    if referrer.anonymized_at:
        raise ValidationError(_("An anonymized customer cannot refer anyone."), code="anonymized")


@transaction.atomic
def record_referral(*, referrer: Customer, prospect: Prospect, first_visit: ShowroomVisit, by) -> Referral:
    """Seed 000: a referral must be noted on the traffic-log line of the prospect's first visit."""
    _check_referrer(referrer, prospect.store)
    if not first_visit.is_first_visit or first_visit.prospect_id != prospect.pk:
        raise ValidationError(
            _("A referral can only be recorded on the prospect's first showroom visit."), code="not_first_visit"
        )
    if Referral.objects.filter(prospect=prospect).exists():
        raise ValidationError(_("This prospect's referral is already recorded."), code="already_referred")
    return Referral.objects.create(
        store=prospect.store,
        kind=Referral.Kind.PURCHASE,
        referrer=referrer,
        prospect=prospect,
        first_visit=first_visit,
        recorded_by=by,
    )


@transaction.atomic
def record_service_referral(*, referrer: Customer, referred_customer: Customer, by) -> Referral:
    """Seed 003: an owner brings in a same-brand owner who was serviced elsewhere."""
    _check_referrer(referrer, referred_customer.store)
    if referrer.pk == referred_customer.pk:
        raise ValidationError(_("A customer cannot refer themselves."), code="self_referral")
    if Referral.objects.filter(referred_customer=referred_customer).exclude(status=Referral.Status.FAKE).exists():
        raise ValidationError(_("This customer's referral is already recorded."), code="already_referred")
    return Referral.objects.create(
        store=referred_customer.store,
        kind=Referral.Kind.SERVICE,
        referrer=referrer,
        referred_customer=referred_customer,
        recorded_by=by,
    )


@transaction.atomic
def convert_referral(referral: Referral, *, customer: Customer, by, polish_voucher_given: bool = False) -> Referral:
    """Both sides get a basic-service voucher; a gold-card referrer also gets fuel.

    Seed 003: the newcomer's voucher does not combine with the insurance-repair polish voucher;
    after-sales passes `polish_voucher_given` when the newcomer already got that one.
    """
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != Referral.Status.RECORDED:
        raise ValidationError(_("Only a recorded referral can convert."), code="not_open")
    policy = current_policy(referral.store)
    rewards = [ReferralReward(customer=referral.referrer, kind=ReferralReward.Kind.BASIC_SERVICE)]
    if not polish_voucher_given:
        rewards.append(ReferralReward(customer=customer, kind=ReferralReward.Kind.BASIC_SERVICE))
    if referral.referrer.memberships.active().filter(kind=Membership.Kind.GOLD_CARD).exists():
        fuel = policy.value(GOLD_CARD_FUEL)
        if fuel:
            rewards.append(ReferralReward(customer=referral.referrer, kind=ReferralReward.Kind.FUEL, amount=fuel))
    for reward in rewards:
        reward.store, reward.referral = referral.store, referral
    ReferralReward.objects.bulk_create(rewards)
    referral.status, referral.converted_at, referral.referred_customer = (
        Referral.Status.CONVERTED,
        timezone.now(),
        customer,
    )
    referral.save(update_fields=["status", "converted_at", "referred_customer"])
    return referral


@transaction.atomic
def flag_fake_referral(referral: Referral, *, loss: Decimal, staff_member, by) -> Referral:
    """Seed 000: a fake referral is flagged and the staff member who recorded it is fined."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status == Referral.Status.FAKE:
        raise ValidationError(_("This referral is already flagged as fake."), code="already_fake")
    if loss < 0:
        raise ValidationError(_("The loss cannot be negative."), code="negative_loss")
    if staff_member.store_id != referral.store_id:
        raise ValidationError(_("Choose a staff member of this store."), code="other_store")
    referral.status, referral.flagged_at, referral.flagged_by = Referral.Status.FAKE, timezone.now(), by
    referral.loss, referral.fine = loss, fine_for_fake(loss, current_policy(referral.store))
    referral.fined_staff = staff_member
    referral.save(update_fields=["status", "flagged_at", "flagged_by", "loss", "fine", "fined_staff"])
    referral.rewards.filter(voided_at=None).update(voided_at=referral.flagged_at)
    return referral


def fake_referral_fines(store, month: date) -> dict[int, Decimal]:
    """User id → fines for fake referrals of `store` flagged in the month of `month` (local time); one query.

    The monthly staff report reads it."""
    start, end = calendar.month_bounds(month)
    fined = (
        Referral.objects.filter(store=store, status=Referral.Status.FAKE, flagged_at__gte=start, flagged_at__lt=end)
        .exclude(fined_staff=None)
        .values("fined_staff")
        .annotate(total=Sum("fine"))
        .order_by()
    )
    return {row["fined_staff"]: row["total"] for row in fined}
