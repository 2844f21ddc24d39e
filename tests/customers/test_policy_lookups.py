"""One policy lookup per task or request: the rows of a loop never query the policy each."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from customers import membership
from customers.importing import run_import
from customers.models import Vehicle
from organization.policies import current_policy, revise_policy
from organization.roles import Role
from tests.factories import FleetAccountFactory, FleetMembershipFactory


def policy_queries(work) -> int:
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        work()
    return sum("organization_policy" in q["sql"] for q in queries.captured_queries)


@pytest.fixture
def manager(staff):
    return staff(Role.GENERAL_MANAGER)


def fleets_with_a_sold_vehicle(store, manager, count):
    for _ in range(count):
        fleet = FleetAccountFactory(representative__store=store)
        members = [FleetMembershipFactory(fleet=fleet) for _ in range(2)]
        membership.activate_fleet(fleet, by=manager)
        Vehicle.objects.filter(pk=members[0].vehicle_id).update(status=Vehicle.Status.SOLD)


def test_the_membership_check_looks_the_policy_up_once_whatever_the_number_of_fleets(store, other_store, manager):
    for each in (store, other_store):
        revise_policy(current_policy(each), {"membership.fleet_min_vehicles": "2"}, by=manager, note="测试")
    fleets_with_a_sold_vehicle(store, manager, 1)
    one = policy_queries(membership.check_all_memberships)
    fleets_with_a_sold_vehicle(store, manager, 3)
    fleets_with_a_sold_vehicle(other_store, manager, 2)
    assert policy_queries(membership.check_all_memberships) == one


def rows(count, start=0):
    return [{"name": f"客户{n}", "mobile": f"139{n:08d}"} for n in range(start, start + count)]


def test_an_import_looks_the_policy_up_once_whatever_the_number_of_rows(store, manager):
    one = policy_queries(lambda: run_import(store, rows(1), by=manager))
    assert policy_queries(lambda: run_import(store, rows(20, start=100), by=manager)) == one
