"""Seed 000 part 5: fleet eligibility and every revocation rule, each recorded and re-appliable."""

import pytest
from django.core.exceptions import ValidationError

from customers import membership
from customers.models import FleetAccount, Membership, Vehicle
from organization.policies import current_policy, revise_policy
from organization.roles import Role
from tests.factories import FleetAccountFactory, FleetMembershipFactory, IndividualMembershipFactory, VehicleFactory

Reason = Membership.RevocationReason


@pytest.fixture
def manager(staff):
    return staff(Role.GENERAL_MANAGER)


@pytest.fixture
def small_fleets(store, manager):
    """A fleet minimum of 3 instead of the seed's 50, to keep the tests small."""
    revise_policy(current_policy(store), {"membership.fleet_min_vehicles": "3"}, by=manager, note="测试")


def active_fleet(store, size, manager):
    fleet = FleetAccountFactory(representative__store=store)
    members = [FleetMembershipFactory(fleet=fleet) for _ in range(size)]
    membership.activate_fleet(fleet, by=manager)
    fleet.refresh_from_db()
    return fleet, members


def test_the_seed_requires_50_vehicles_bought_here(store, manager):
    fleet = FleetAccountFactory(representative__store=store)
    FleetMembershipFactory.create_batch(49, fleet=fleet)
    with pytest.raises(ValidationError, match="50"):
        membership.activate_fleet(fleet, by=manager)
    FleetMembershipFactory(fleet=fleet)
    assert membership.activate_fleet(fleet, by=manager).status == FleetAccount.Status.ACTIVE


def test_only_local_vehicles_bought_here_and_in_use_can_join(store, manager):
    fleet = FleetAccountFactory(representative__store=store, local_plate_prefix="粤A")
    for vehicle in (
        VehicleFactory(owner__store=store, bought_here=False, plate="粤A10001"),
        VehicleFactory(owner__store=store, bought_here=True, plate="粤B10001"),
        VehicleFactory(owner__store=store, bought_here=True, plate="粤A10002", status=Vehicle.Status.SCRAPPED),
    ):
        with pytest.raises(ValidationError):
            membership.add_fleet_vehicle(fleet, vehicle, by=manager)
    local = VehicleFactory(owner__store=store, bought_here=True, plate="粤A10003")
    membership.add_fleet_vehicle(fleet, local, by=manager)
    with pytest.raises(ValidationError):
        membership.add_fleet_vehicle(fleet, local, by=manager)
    assert fleet.memberships.count() == 1


@pytest.mark.parametrize("status, reason", [("sold", Reason.VEHICLE_SOLD), ("scrapped", Reason.VEHICLE_SCRAPPED)])
def test_a_sold_or_scrapped_vehicle_loses_membership_and_can_reapply_later(
    status, reason, store, manager, small_fleets
):
    fleet, members = active_fleet(store, 4, manager)
    vehicle = members[0].vehicle
    vehicle.status = status
    vehicle.save()
    assert membership.check_all_memberships(store) == 1
    lost = Membership.objects.get(pk=members[0].pk)
    assert lost.revoked_reason == reason and lost.revoked_at is not None
    with pytest.raises(ValidationError):  # still sold or scrapped: today's rules refuse it
        membership.reapply(lost, by=manager)
    vehicle.status = Vehicle.Status.IN_USE
    vehicle.save()
    again = membership.reapply(lost, by=manager)
    assert again.is_active and again.reapplication_of == lost
    with pytest.raises(ValidationError):
        membership.reapply(lost, by=manager)


def test_a_fleet_below_the_minimum_is_dissolved_and_can_reapply(store, manager, small_fleets):
    fleet, members = active_fleet(store, 3, manager)
    members[0].vehicle.status = Vehicle.Status.SOLD
    members[0].vehicle.save()
    membership.vehicle_left_service(members[0].vehicle, by=manager)
    fleet.refresh_from_db()
    assert fleet.status == FleetAccount.Status.DISSOLVED and fleet.dissolved_reason
    reasons = dict(Membership.objects.filter(fleet=fleet).values_list("pk", "revoked_reason"))
    assert reasons == {
        members[0].pk: Reason.VEHICLE_SOLD,
        members[1].pk: Reason.FLEET_DISSOLVED,
        members[2].pk: Reason.FLEET_DISSOLVED,
    }
    with pytest.raises(ValidationError):
        membership.reapply(Membership.objects.get(pk=members[1].pk), by=manager)
    fleet = membership.reapply_fleet(fleet, by=manager)
    for member in members[1:]:
        membership.reapply(Membership.objects.get(pk=member.pk), by=manager)
    membership.add_fleet_vehicle(fleet, VehicleFactory(owner__store=store, bought_here=True), by=manager)
    assert membership.activate_fleet(fleet, by=manager).status == FleetAccount.Status.ACTIVE


def test_a_manager_revokes_with_a_reason_and_the_member_can_reapply(store, manager):
    vip = IndividualMembershipFactory(customer__store=store)
    with pytest.raises(ValidationError):
        membership.revoke_by_manager(vip, note="  ", by=manager)
    membership.revoke_by_manager(vip, note="在网上散布不实言论", by=manager)
    vip.refresh_from_db()
    assert vip.revoked_reason == Reason.MANAGER and vip.revocation_note == "在网上散布不实言论"
    assert vip.revoked_by == manager and vip.history.count() == 2
    assert membership.reapply(vip, by=manager).is_active


def test_missed_services_hook_revokes_at_the_policy_limit(store, manager, small_fleets):
    fleet, members = active_fleet(store, 4, manager)
    vehicle = members[0].vehicle
    assert membership.revoke_for_missed_services(vehicle, missed_in_a_row=1) == 0
    assert membership.revoke_for_missed_services(vehicle, missed_in_a_row=2) == 1
    assert Membership.objects.get(pk=members[0].pk).revoked_reason == Reason.MISSED_SERVICES


def test_an_individual_member_has_one_active_membership(store, manager):
    vip = IndividualMembershipFactory(customer__store=store)
    with pytest.raises(ValidationError):
        membership.grant_individual_membership(vip.customer, Membership.Kind.GOLD_CARD, by=manager)


def test_the_fleet_entitlements_follow_the_policy(store, manager):
    assert len(membership.fleet_entitlements(store)) == 4
    revise_policy(current_policy(store), {"membership.fleet_free_rescue": "0"}, by=manager, note="停止救援")
    assert len(membership.fleet_entitlements(store)) == 3
