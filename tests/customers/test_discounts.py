"""Seed 000 part 5 §4a: fleet members pay 70% labor, 95% parts, 80% paint labor, 90% accessories."""

from decimal import Decimal

import pytest

from customers import membership
from customers.discounts import LineKind, PaymentType, member_price, membership_rates, rates_for_kind
from customers.models import FleetAccount, Membership
from organization.policies import current_policy, revise_policy
from organization.roles import Role
from tests.factories import FleetMembershipFactory, IndividualMembershipFactory


@pytest.mark.parametrize(
    "line, price",
    [
        (LineKind.LABOR, Decimal("700.00")),
        (LineKind.PARTS, Decimal("950.00")),
        (LineKind.PAINT_LABOR, Decimal("800.00")),
        (LineKind.ACCESSORIES, Decimal("900.00")),
    ],
)
def test_fleet_rates_from_the_seed(line, price, store):
    policy = current_policy(store)
    rates = rates_for_kind(Membership.Kind.FLEET, policy)
    assert member_price(Decimal(1000), line, payment_type=PaymentType.CUSTOMER, rates=rates, policy=policy) == price


def test_insurance_claims_are_excluded(store):
    policy = current_policy(store)
    rates = rates_for_kind(Membership.Kind.FLEET, policy)
    amount = member_price(
        Decimal(1000), LineKind.LABOR, payment_type=PaymentType.INSURANCE_CLAIM, rates=rates, policy=policy
    )
    assert amount == Decimal(1000)


def test_individual_vips_get_no_discount_until_the_gm_sets_one(store, staff):
    policy = current_policy(store)
    rates = rates_for_kind(Membership.Kind.VIP, policy)
    assert rates.payable(Decimal("333.33"), LineKind.LABOR) == Decimal("333.33")
    policy = revise_policy(
        policy, {"discounts.vip_labor_percent": "85"}, by=staff(Role.GENERAL_MANAGER), note="金卡优惠"
    )
    assert rates_for_kind(Membership.Kind.GOLD_CARD, policy).payable(Decimal("333.33"), LineKind.LABOR) == Decimal(
        "283.33"
    )


def test_a_revoked_membership_or_a_forming_fleet_gives_no_rates(store, staff):
    policy = current_policy(store)
    member = FleetMembershipFactory(fleet__representative__store=store)
    assert member.fleet.status == FleetAccount.Status.FORMING
    assert membership_rates(member, policy) is None
    member.fleet.status = FleetAccount.Status.ACTIVE
    member.fleet.save()
    assert membership_rates(member, policy).percent[LineKind.LABOR] == 70
    vip = IndividualMembershipFactory(customer__store=store)
    membership.revoke_by_manager(vip, note="损害声誉", by=staff(Role.GENERAL_MANAGER))
    assert membership_rates(vip, policy) is None
    assert membership_rates(None, policy) is None
