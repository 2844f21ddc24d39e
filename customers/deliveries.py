"""Vehicle sales (交车) and VIP receptions: recorded here, announced for the callbacks (SPEC section 4)."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers import grades, referrals
from customers.models import Customer, Referral, Vehicle, VehicleSale, VipReception
from customers.roles import RECEIVE_VIPS
from organization.events import BusinessEvent, announce, declare_event_kind
from organization.roles import Role

SALES_DELIVERY = declare_event_kind("sales_delivery", _("Vehicle sale delivered"))
VIP_RECEPTION = declare_event_kind("vip_reception", _("VIP received"))


@transaction.atomic
def deliver_vehicle(
    *, vehicle: Vehicle, buyer: Customer, consultant, delivered_at: datetime, price=None, by
) -> VehicleSale:
    """Hand a new car to its buyer: the car becomes theirs, bought here; the sales callbacks follow."""
    if not (vehicle.store_id == buyer.store_id == consultant.store_id):
        raise ValidationError(_("Vehicle, buyer and consultant must belong to the same store."), code="other_store")
    if Role.SALES_CONSULTANT not in consultant.roles:
        raise ValidationError(_("Choose a sales consultant."), code="not_a_consultant")
    if delivered_at > timezone.now():
        raise ValidationError(_("A delivery cannot be recorded before it happens."), code="future_delivery")
    if buyer.anonymized_at:
        raise ValidationError(_("An anonymized customer cannot buy a car."), code="anonymized")
    try:
        with transaction.atomic():
            sale = VehicleSale.objects.create(
                store=vehicle.store,
                vehicle=vehicle,
                buyer=buyer,
                consultant=consultant,
                delivered_at=delivered_at,
                price=price,
                recorded_by=by,
            )
    except IntegrityError as error:
        raise ValidationError(_("This vehicle's delivery is already recorded."), code="already_delivered") from error
    vehicle.owner, vehicle.bought_here = buyer, True
    vehicle.purchase_date = timezone.localtime(delivered_at).date()
    vehicle.save(update_fields=["owner", "bought_here", "purchase_date"])
    buyer_fields = grades.refresh_suggestion(buyer)
    if buyer.sales_consultant_id is None:
        buyer.sales_consultant = consultant
        buyer_fields.append("sales_consultant")
    if buyer_fields:
        buyer.save(update_fields=buyer_fields)
    open_referral = Referral.objects.filter(
        prospect__customer=buyer, kind=Referral.Kind.PURCHASE, status=Referral.Status.RECORDED
    ).first()
    if open_referral is not None:
        referrals.convert_referral(open_referral, customer=buyer, by=by)
    announce(
        BusinessEvent(
            kind=SALES_DELIVERY,
            record=sale,
            store=sale.store,
            customer=buyer,
            vehicle=vehicle,
            staff=consultant,
            occurred_at=delivered_at,
        )
    )
    return sale


@transaction.atomic
def record_vip_reception(customer: Customer, *, received_by, notes: str = "", received_at=None) -> VipReception:
    """Seed 000: a member received by a supervisor or above; customer service calls back within 48 h."""
    if not received_by.roles & RECEIVE_VIPS:
        raise ValidationError(_("VIPs are received by staff of supervisor level or above."), code="not_a_supervisor")
    if customer.store_id != received_by.store_id:
        raise ValidationError(_("The customer belongs to another store."), code="other_store")
    customer.refuse_if_anonymized()
    if not customer.memberships.active().exists():
        raise ValidationError(_("Only VIP, gold-card and fleet members get a VIP reception."), code="not_a_member")
    reception = VipReception.objects.create(
        store=customer.store,
        customer=customer,
        received_by=received_by,
        received_at=received_at or timezone.now(),
        notes=notes,
    )
    announce(
        BusinessEvent(
            kind=VIP_RECEPTION,
            record=reception,
            store=customer.store,
            customer=customer,
            vehicle=None,
            staff=received_by,
            occurred_at=reception.received_at,
        )
    )
    return reception
