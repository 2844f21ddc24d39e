"""Seed 000's allowances round down (SPEC section 5)."""

from decimal import Decimal

from complaints.penalties import allowance, beyond_allowance_fine


def test_allowances_round_down():
    assert allowance(49, Decimal(2)) == 0
    assert allowance(50, Decimal(2)) == 1
    assert allowance(100, Decimal(3)) == 3
    assert allowance(133, Decimal(3)) == 3


def test_each_complaint_beyond_the_allowance_costs_the_fine():
    assert beyond_allowance_fine(1, 0, Decimal(50)) == Decimal(50)
    assert beyond_allowance_fine(3, 3, Decimal(50)) == Decimal(0)
    assert beyond_allowance_fine(4, 3, Decimal(50)) == Decimal(50)
