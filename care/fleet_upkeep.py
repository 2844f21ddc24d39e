"""Fleet upkeep (SPEC section 3, seed 000 part 5 §6d): fleet vehicles that missed scheduled services here.

A scheduled service counts as missed when no maintenance repair order follows within the policy grace
(`care.missed_service_grace_days`, 30) after it fell due. After a missed service the next one falls due one service
interval later (the interval from the last service, or the purchase, to the due date the last service set), so a
vehicle that stays away misses one service per interval. Decision: the grace is counted in days only; the 1,000 km
alternative needs an odometer reading, which a vehicle that stays away does not give.
"""

from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from aftersales.models import JobType, RepairOrder
from care import rules
from customers.membership import revoke_for_missed_services
from customers.models import FleetAccount, Membership, Vehicle
from organization.policies import current_policies


def missed_in_a_row(*, last_service: date, next_due: date, today: date, grace_days: int) -> int:
    """How many scheduled services a vehicle last serviced on `last_service`, next due on `next_due`, has missed."""
    interval = (next_due - last_service).days
    if interval <= 0:
        return 0
    days_past = (today - next_due).days - grace_days
    return 0 if days_past <= 0 else 1 + (days_past - 1) // interval


def revoke_fleet_members_missing_services(today: date | None = None) -> int:
    """Revoke the fleet memberships of vehicles that missed too many services in a row; returns how many vehicles."""
    today = today or timezone.localdate()
    active_member = Membership.objects.filter(
        vehicle=OuterRef("pk"), revoked_at=None, fleet__status=FleetAccount.Status.ACTIVE
    )
    serviced_since = RepairOrder.objects.filter(
        vehicle=OuterRef("pk"), job_type=JobType.MAINTENANCE, opened_at__date__gt=OuterRef("last_service_date")
    ).exclude(status=RepairOrder.Status.CANCELLED)
    vehicles = list(
        Vehicle.objects.filter(Exists(active_member), next_service_due_date__lt=today)
        .filter(Q(last_service_date__isnull=False) | Q(purchase_date__isnull=False))
        .exclude(Exists(serviced_since))
        .select_related("store")
    )
    policies = current_policies({vehicle.store_id for vehicle in vehicles})
    revoked = 0
    for vehicle in vehicles:
        missed = missed_in_a_row(
            last_service=vehicle.last_service_date or vehicle.purchase_date,
            next_due=vehicle.next_service_due_date,
            today=today,
            grace_days=policies[vehicle.store_id].value(rules.MISSED_SERVICE_GRACE_DAYS).days,
        )
        if missed and revoke_for_missed_services(vehicle, missed_in_a_row=missed):
            revoked += 1
    return revoked
