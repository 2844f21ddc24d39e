"""Membership: VIP / gold-card customers and fleet accounts (大客户, seed 000 part 5).

A fleet becomes active with at least 50 member vehicles bought here and registered locally; it
is dissolved when it falls below. A member vehicle loses membership when sold or scrapped, when
it misses two consecutive scheduled services here (after-sales calls `revoke_for_missed_services`),
or when a manager revokes it. Every revocation keeps its reason and can be re-applied for.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers import registration
from customers.models import Customer, FleetAccount, Membership, Vehicle
from organization.models import PolicySet
from organization.policies import Unit, current_policies, current_policy, define

SECTION = _("Fleet and VIP membership")
FLEET_MIN_VEHICLES = define(
    "membership.fleet_min_vehicles",
    SECTION,
    _("A fleet needs at least this many member vehicles bought here"),
    Unit.VEHICLES,
    Decimal(1),
)
MISSED_SERVICES_LIMIT = define(
    "membership.missed_services_limit",
    SECTION,
    _("Consecutive scheduled services missed before a vehicle loses membership"),
    Unit.COUNT,
    Decimal(1),
    Decimal(12),
)
ENTITLEMENTS = [
    define("membership.fleet_free_rescue", SECTION, _("Fleet: free 24 h rescue inside the home region"), Unit.FLAG),
    define(
        "membership.fleet_free_checks",
        SECTION,
        _("Fleet: free year-round system checks, diagnostic fees waived"),
        Unit.FLAG,
    ),
    define(
        "membership.fleet_insurance_green_channel",
        SECTION,
        _("Fleet: insurance green channel for cars insured here"),
        Unit.FLAG,
    ),
    define("membership.fleet_event_priority", SECTION, _("Fleet: priority for member events"), Unit.FLAG),
]
Reason = Membership.RevocationReason


def fleet_entitlements(store) -> list[str]:
    """The services the store's policy currently gives fleet members, as labels."""
    policy = current_policy(store)
    return [key.label for key in ENTITLEMENTS if policy.value(key)]


def minimum_fleet_size(store) -> int:
    return current_policy(store).value(FLEET_MIN_VEHICLES)


def active_fleet_vehicles(fleet: FleetAccount) -> int:
    return fleet.memberships.active().count()


@transaction.atomic
def open_fleet_account(
    *, store, name: str, representative: Customer, fleet_specialist=None, local_plate_prefix: str = ""
) -> FleetAccount:
    """A fleet account starts collecting member vehicles; it is activated once it has enough."""
    if representative.store_id != store.pk:
        raise ValidationError(_("The representative must be a customer of this store."), code="other_store")
    if fleet_specialist is not None and fleet_specialist.store_id != store.pk:
        raise ValidationError(_("Choose a fleet specialist of this store."), code="other_store")
    try:
        with transaction.atomic():
            return FleetAccount.objects.create(
                store=store,
                name=name,
                representative=representative,
                fleet_specialist=fleet_specialist,
                local_plate_prefix=local_plate_prefix,
            )
    except IntegrityError as error:  # the unique constraint decides, also between simultaneous posts
        existing = FleetAccount.objects.get(store=store, name=name)
        raise registration.DuplicateRecord(_("A fleet account with this name already exists."), existing) from error


def _check_fleet_vehicle(fleet: FleetAccount, vehicle: Vehicle) -> None:
    if vehicle.store_id != fleet.store_id:
        raise ValidationError(_("The vehicle belongs to another store."), code="other_store")
    if not vehicle.in_use:
        raise ValidationError(_("A sold or scrapped vehicle cannot be a member."), code="vehicle_not_in_use")
    if not vehicle.bought_here:
        raise ValidationError(_("Only vehicles bought here can join a fleet."), code="not_bought_here")
    if fleet.local_plate_prefix and not vehicle.plate.startswith(fleet.local_plate_prefix):
        raise ValidationError(
            _("Member vehicles must be registered locally (plate starting with %(prefix)s)."),
            params={"prefix": fleet.local_plate_prefix},
            code="not_local",
        )
    if fleet.status == FleetAccount.Status.DISSOLVED:
        raise ValidationError(_("This fleet was dissolved; re-apply for the fleet first."), code="fleet_dissolved")


@transaction.atomic
def add_fleet_vehicle(fleet: FleetAccount, vehicle: Vehicle, *, by, reapplication_of: Membership | None = None):
    """Enrol one vehicle (its owner is the member) in a fleet account."""
    _check_fleet_vehicle(fleet, vehicle)
    try:
        with transaction.atomic():
            return Membership.objects.create(
                store=fleet.store,
                kind=Membership.Kind.FLEET,
                customer=vehicle.owner,
                vehicle=vehicle,
                fleet=fleet,
                granted_by=by,
                reapplication_of=reapplication_of,
            )
    except IntegrityError as error:
        raise ValidationError(_("This vehicle is already an active fleet member."), code="already_member") from error


@transaction.atomic
def activate_fleet(fleet: FleetAccount, *, by) -> FleetAccount:
    """Seed 000 part 5 §1: the agreement needs at least 50 member vehicles bought here."""
    fleet = FleetAccount.objects.select_for_update().get(pk=fleet.pk)
    if fleet.status == FleetAccount.Status.ACTIVE:
        raise ValidationError(_("This fleet is already active."), code="already_active")
    count, minimum = active_fleet_vehicles(fleet), minimum_fleet_size(fleet.store)
    if count < minimum:
        raise ValidationError(
            _("A fleet needs at least %(minimum)s member vehicles bought here; it has %(count)s."),
            params={"minimum": minimum, "count": count},
            code="too_few_vehicles",
        )
    fleet.status, fleet.activated_at = FleetAccount.Status.ACTIVE, timezone.now()
    fleet.dissolved_at, fleet.dissolved_reason = None, ""
    fleet.save(update_fields=["status", "activated_at", "dissolved_at", "dissolved_reason"])
    return fleet


def _revoke(memberships, reason: str, *, by, note: str = "") -> int:
    revoked = 0
    now = timezone.now()
    for membership in memberships.select_for_update().filter(revoked_at=None):
        membership.revoked_at, membership.revoked_reason = now, reason
        membership.revoked_by, membership.revocation_note = by, note[:200]
        # Saved one by one so the audit trail records each revocation.
        membership.save(update_fields=["revoked_at", "revoked_reason", "revoked_by", "revocation_note"])
        revoked += 1
    return revoked


@transaction.atomic
def check_fleet_size(fleet: FleetAccount, *, by=None, policy: PolicySet | None = None) -> bool:
    """Seed 000 part 5 §6g: an active fleet below the minimum is dissolved and its discounts stop.

    A task checking many fleets passes the store's current `policy` it looked up once.
    """
    fleet = FleetAccount.objects.select_for_update().get(pk=fleet.pk)
    minimum = (policy or current_policy(fleet.store)).value(FLEET_MIN_VEHICLES)
    if fleet.status != FleetAccount.Status.ACTIVE or active_fleet_vehicles(fleet) >= minimum:
        return False
    fleet.status, fleet.dissolved_at = FleetAccount.Status.DISSOLVED, timezone.now()
    fleet.dissolved_reason = str(_("Fewer than %(minimum)s member vehicles.") % {"minimum": minimum})
    fleet.save(update_fields=["status", "dissolved_at", "dissolved_reason"])
    _revoke(fleet.memberships.all(), Reason.FLEET_DISSOLVED, by=by)
    return True


VEHICLE_STATUS_REASONS = {Vehicle.Status.SOLD: Reason.VEHICLE_SOLD, Vehicle.Status.SCRAPPED: Reason.VEHICLE_SCRAPPED}


@transaction.atomic
def vehicle_left_service(vehicle: Vehicle, *, by=None, policy: PolicySet | None = None) -> int:
    """Seed 000 part 5 §6e: a sold or scrapped vehicle loses membership; its fleet may fall below the minimum."""
    reason = VEHICLE_STATUS_REASONS.get(vehicle.status)
    if reason is None:
        return 0
    fleets = list(FleetAccount.objects.filter(memberships__vehicle=vehicle, memberships__revoked_at=None).distinct())
    revoked = _revoke(Membership.objects.filter(vehicle=vehicle), reason, by=by)
    for fleet in fleets:
        check_fleet_size(fleet, by=by, policy=policy)
    return revoked


@transaction.atomic
def revoke_for_missed_services(vehicle: Vehicle, *, missed_in_a_row: int, by=None) -> int:
    """Seed 000 part 5 §6d: the hook after-sales calls with the vehicle's consecutive missed services."""
    limit = current_policy(vehicle.store).value(MISSED_SERVICES_LIMIT)
    if missed_in_a_row < limit:
        return 0
    fleets = list(FleetAccount.objects.filter(memberships__vehicle=vehicle, memberships__revoked_at=None).distinct())
    revoked = _revoke(Membership.objects.filter(vehicle=vehicle), Reason.MISSED_SERVICES, by=by)
    for fleet in fleets:
        check_fleet_size(fleet, by=by)
    return revoked


@transaction.atomic
def revoke_by_manager(membership: Membership, *, note: str, by) -> Membership:
    """Seed 000 part 5 §6f: a member who harms the dealership's reputation; the discount cards are void."""
    if not note.strip():
        raise ValidationError(_("Give the reason for the revocation."), code="reason_required")
    if not membership.is_active:
        raise ValidationError(_("This membership is already revoked."), code="already_revoked")
    _revoke(Membership.objects.filter(pk=membership.pk), Reason.MANAGER, by=by, note=note.strip())
    membership.refresh_from_db()
    if membership.fleet_id:
        check_fleet_size(membership.fleet, by=by)
    return membership


@transaction.atomic
def end_memberships_of_anonymized(customer: Customer, *, by) -> int:
    """PIPL: an anonymized customer's memberships end; a fleet left too small is dissolved."""
    fleets = list(FleetAccount.objects.filter(memberships__customer=customer, memberships__revoked_at=None).distinct())
    revoked = _revoke(Membership.objects.filter(customer=customer), Reason.ANONYMIZED, by=by)
    for fleet in fleets:
        check_fleet_size(fleet, by=by)
    return revoked


@transaction.atomic
def grant_individual_membership(customer: Customer, kind: str, *, by) -> Membership:
    """Make a customer a VIP or gold-card member."""
    if kind not in (Membership.Kind.VIP, Membership.Kind.GOLD_CARD):
        raise ValidationError(_("Choose VIP or gold card."), code="invalid_kind")
    if customer.anonymized_at:
        raise ValidationError(_("An anonymized customer cannot become a member."), code="anonymized")
    try:
        with transaction.atomic():
            return Membership.objects.create(store=customer.store, kind=kind, customer=customer, granted_by=by)
    except IntegrityError as error:
        raise ValidationError(_("This customer already has an active membership."), code="already_member") from error


@transaction.atomic
def reapply(membership: Membership, *, by) -> Membership:
    """Re-apply for a revoked membership: a new membership linked to the old, under today's rules."""
    if membership.is_active:
        raise ValidationError(_("This membership is active; there is nothing to re-apply for."), code="active")
    membership.customer.refuse_if_anonymized()
    if Membership.objects.filter(reapplication_of=membership).exists():
        raise ValidationError(_("This revocation was already re-applied for."), code="already_reapplied")
    if membership.kind == Membership.Kind.FLEET:
        # Checked against the fleet and vehicle as they are now, not as they were when revoked.
        fleet = FleetAccount.objects.get(pk=membership.fleet_id)
        vehicle = Vehicle.objects.select_related("owner").get(pk=membership.vehicle_id)
        return add_fleet_vehicle(fleet, vehicle, by=by, reapplication_of=membership)
    try:
        with transaction.atomic():
            return Membership.objects.create(
                store=membership.store,
                kind=membership.kind,
                customer=membership.customer,
                granted_by=by,
                reapplication_of=membership,
            )
    except IntegrityError as error:
        raise ValidationError(_("This customer already has an active membership."), code="already_member") from error


@transaction.atomic
def reapply_fleet(fleet: FleetAccount, *, by) -> FleetAccount:
    """A dissolved fleet starts collecting vehicles again; it becomes active once it has enough."""
    fleet = FleetAccount.objects.select_for_update().get(pk=fleet.pk)
    if fleet.status != FleetAccount.Status.DISSOLVED:
        raise ValidationError(_("Only a dissolved fleet can re-apply."), code="not_dissolved")
    fleet.status = FleetAccount.Status.FORMING
    fleet.save(update_fields=["status"])
    return fleet


def check_all_memberships(store=None) -> int:
    """The automatic check: revoke members whose vehicle was sold or scrapped, dissolve small fleets."""
    revoked = 0
    stale = Membership.objects.active().filter(vehicle__status__in=list(VEHICLE_STATUS_REASONS))
    fleets = FleetAccount.objects.filter(status=FleetAccount.Status.ACTIVE)
    if store is not None:
        stale, fleets = stale.filter(store=store), fleets.filter(store=store)
    vehicles, fleets = list(Vehicle.objects.filter(pk__in=stale.values("vehicle_id"))), list(fleets)
    policies = current_policies({row.store_id for row in [*vehicles, *fleets]})
    for vehicle in vehicles:
        revoked += vehicle_left_service(vehicle, policy=policies[vehicle.store_id])
    for fleet in fleets:
        check_fleet_size(fleet, policy=policies[fleet.store_id])
    return revoked


def active_membership(customer: Customer, vehicle: Vehicle | None = None) -> Membership | None:
    """The membership that applies to a job: the vehicle's fleet membership, else the customer's own."""
    if vehicle is not None:
        fleet = Membership.objects.active().filter(vehicle=vehicle).select_related("fleet").first()
        if fleet is not None:
            return fleet
    return Membership.objects.active().filter(customer=customer, vehicle=None).first()
