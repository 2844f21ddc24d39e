from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from customers.points import award_points_for_repair, balance, redeem_points
from tests.factories import CustomerFactory, IndividualMembershipFactory


def test_members_earn_points_once_per_paid_repair_and_redeem_at_year_end(store):
    member = IndividualMembershipFactory(customer__store=store).customer
    assert award_points_for_repair(member, amount_paid=Decimal("1234.56"), source="ro:1").points == 1234
    award_points_for_repair(member, amount_paid=Decimal("1234.56"), source="ro:1")
    assert balance(member) == 1234
    with pytest.raises(ValidationError):
        redeem_points(member, points=100, note="兑换", today=date(2026, 6, 1), by=None)
    with pytest.raises(ValidationError):
        redeem_points(member, points=5000, note="兑换", today=date(2026, 12, 20), by=None)
    redeem_points(member, points=1000, note="兑换保养", today=date(2026, 12, 20), by=None)
    assert balance(member) == 234


def test_non_members_earn_nothing(store):
    assert award_points_for_repair(CustomerFactory(store=store), amount_paid=Decimal(500), source="ro:2") is None
