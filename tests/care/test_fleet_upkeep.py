"""Fleet upkeep: a fleet vehicle that missed two scheduled services in a row loses its membership; one miss does not."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from aftersales.models import JobType
from care.fleet_upkeep import missed_in_a_row, revoke_fleet_members_missing_services
from customers.models import FleetAccount, Membership
from organization.roles import Role
from tests.factories import FleetAccountFactory, FleetMembershipFactory, RepairOrderFactory

ZONE = timezone.get_current_timezone()
TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("today", "missed"),
    [
        (date(2026, 7, 31), 0),  # due 2026-07-01, within the 30-day grace
        (date(2026, 8, 1), 1),
        (date(2027, 1, 28), 1),  # next one due 2026-12-29 (6 months later), still in its grace
        (date(2027, 1, 29), 2),
    ],
)
def test_missed_services_in_a_row(today, missed):
    assert (
        missed_in_a_row(last_service=date(2026, 1, 1), next_due=date(2026, 7, 1), today=today, grace_days=30) == missed
    )


def fleet_member(fleet, last_service, next_due):
    return FleetMembershipFactory(
        fleet=fleet, vehicle__last_service_date=last_service, vehicle__next_service_due_date=next_due
    ).vehicle


@pytest.mark.django_db
def test_the_vehicle_that_missed_two_loses_membership_not_the_one_that_missed_one(store, staff, client):
    """The two-vehicle fleet then falls below 50 and the existing rule dissolves it: the other car's reason says so."""
    fleet = FleetAccountFactory(representative__store=store, status=FleetAccount.Status.ACTIVE)
    missed_two = fleet_member(fleet, date(2025, 11, 1), date(2026, 3, 1))  # due 3/1 and 7/1, both past their grace
    missed_one = fleet_member(fleet, date(2026, 3, 1), date(2026, 9, 1))
    assert revoke_fleet_members_missing_services(TODAY) == 1
    revoked = Membership.objects.get(vehicle=missed_two)
    assert revoked.revoked_reason == Membership.RevocationReason.MISSED_SERVICES
    kept = Membership.objects.get(vehicle=missed_one)
    assert kept.revoked_reason == Membership.RevocationReason.FLEET_DISSOLVED
    assert FleetAccount.objects.get(pk=fleet.pk).status == FleetAccount.Status.DISSOLVED
    client.force_login(staff(Role.AFTER_SALES_MANAGER))
    page = client.get(reverse("customers:fleet_detail", args=[fleet.pk]))
    assert gettext("Missed consecutive scheduled services here") in page.content.decode()


@pytest.mark.django_db
def test_a_vehicle_in_for_its_service_is_not_revoked(store):
    fleet = FleetAccountFactory(representative__store=store, status=FleetAccount.Status.ACTIVE)
    vehicle = fleet_member(fleet, date(2025, 11, 1), date(2026, 3, 1))
    RepairOrderFactory(vehicle=vehicle, job_type=JobType.MAINTENANCE, opened_at=datetime(2026, 11, 30, 9, tzinfo=ZONE))
    assert revoke_fleet_members_missing_services(TODAY) == 0
    assert Membership.objects.get(vehicle=vehicle).revoked_at is None
