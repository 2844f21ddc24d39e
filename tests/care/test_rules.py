"""The pure care-list rules, on literal dates."""

from datetime import date

import pytest

from care import rules
from organization.policies import current_policy


@pytest.fixture
def policy(store):
    return current_policy(store)


@pytest.mark.django_db
def test_renewal_calls_45_33_and_30_days_before(policy):
    assert rules.renewal_call_days(date(2027, 3, 31), policy) == [
        date(2027, 2, 14),
        date(2027, 2, 26),
        date(2027, 3, 1),
    ]


@pytest.mark.parametrize(
    ("birthday", "year", "celebrated"),
    [
        (date(1988, 2, 29), 2027, date(2027, 2, 28)),
        (date(1988, 2, 29), 2028, date(2028, 2, 29)),
        (date(1990, 7, 3), 2026, date(2026, 7, 3)),
    ],
)
def test_birthday_in(birthday, year, celebrated):
    assert rules.birthday_in(year, birthday) == celebrated


def test_add_months_keeps_the_last_day_of_a_shorter_month():
    assert rules.add_months(date(2026, 8, 31), -6) == date(2026, 2, 28)
    assert rules.add_months(date(2026, 1, 10), 6) == date(2026, 7, 10)


@pytest.mark.django_db
def test_inspection_every_two_years_until_ten_then_yearly(policy):
    assert rules.inspection_years(policy)[:8] == [2, 4, 6, 8, 10, 11, 12, 13]
    assert rules.next_inspection(date(2024, 6, 15), date(2026, 1, 1), policy) == date(2026, 6, 15)
    assert rules.next_inspection(date(2025, 6, 15), date(2026, 1, 1), policy) == date(2027, 6, 15)


@pytest.mark.django_db
class TestServiceCallDay:
    def call(self, policy, **reading):
        return rules.service_call_day(
            due_on=date(2026, 7, 1), due_km=5000, purchased_on=date(2026, 1, 1), policy=policy, **reading
        )

    def test_by_date_without_a_reading(self, policy):
        assert self.call(policy, reading_on=None, reading_km=None) == date(2026, 6, 17)

    def test_by_the_mileage_estimate_when_it_comes_first(self, policy):
        # 2,000 km in 60 days: 4,000 km on day 120
        assert self.call(policy, reading_on=date(2026, 3, 2), reading_km=2000) == date(2026, 5, 1)

    def test_by_date_when_the_estimate_comes_later(self, policy):
        assert self.call(policy, reading_on=date(2026, 3, 2), reading_km=300) == date(2026, 6, 17)
