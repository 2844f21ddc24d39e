from datetime import date
from decimal import Decimal

import pytest

from organization.models import Department
from organization.policies import current_policy, revise_policy
from organization.roles import Role
from surveys.models import SatisfactionRollup, SurveyKind
from surveys.rollup import roll_up
from surveys.targets import (
    Band,
    callbacks_on_target,
    company_on_target,
    department_on_target,
    departments_below_target,
    rate,
    score_band,
    surveys_on_target,
)
from tests.factories import DepartmentFactory, SurveyFactory
from tests.surveys.rollup_data import at

D = Decimal
NOW = at(2026, 12, 1, 6, 0)


@pytest.fixture
def policy(store):
    return current_policy(store)


def test_a_rate_is_a_percent_to_the_cent_and_none_when_nothing_was_due():
    assert rate(1, 3) == D("33.33")
    assert rate(2, 3) == D("66.67")
    assert rate(0, 0) is None


@pytest.mark.parametrize(
    ("success", "on_target"), [(D("49.99"), False), (D("50.00"), True), (D("100"), True), (None, False)]
)
def test_callbacks_reached_must_be_at_least_half_of_those_due(policy, success, on_target):
    assert callbacks_on_target(success, policy) is on_target


@pytest.mark.parametrize(("completion", "on_target"), [(D("59.99"), False), (D("60.00"), True), (None, False)])
def test_surveys_completed_must_be_at_least_sixty_percent_of_callbacks_reached(policy, completion, on_target):
    assert surveys_on_target(completion, policy) is on_target


@pytest.mark.parametrize(("score", "on_target"), [(D("90.00"), False), (D("90.01"), True), (None, False)])
def test_the_company_score_must_be_above_ninety(policy, score, on_target):
    assert company_on_target(score, policy) is on_target


@pytest.mark.parametrize(("score", "on_target"), [(D("94.99"), False), (D("95.00"), True)])
def test_every_department_must_score_at_least_ninety_five(policy, score, on_target):
    assert department_on_target(score, policy) is on_target


@pytest.mark.parametrize(
    ("score", "band"),
    [(D("79.99"), Band.FAIL), (D("80.00"), Band.PASS), (D("89.99"), Band.PASS), (D("90.00"), Band.EXCELLENT)],
)
def test_scores_fall_in_seed_004s_bands(policy, score, band):
    assert score_band(score, policy) == band


def test_the_targets_are_the_gms_to_change(store, policy, staff):
    stricter = revise_policy(
        policy, {"satisfaction.department_score_at_least": "97"}, by=staff(Role.GENERAL_MANAGER), note="集团要求"
    )
    assert department_on_target(D("96"), stricter) is False


def test_departments_below_target_are_the_months_department_rows_under_ninety_five(store, other_store):
    workshop = DepartmentFactory(store=store, kind=Department.Kind.WORKSHOP)
    sales = DepartmentFactory(store=store, kind=Department.Kind.SALES)
    elsewhere = DepartmentFactory(store=other_store, kind=Department.Kind.WORKSHOP)
    for department, kind, score in [
        (workshop, SurveyKind.CSI, "94.99"),
        (sales, SurveyKind.SSI, "95"),
        (elsewhere, SurveyKind.CSI, "60"),
    ]:
        SurveyFactory(
            store=department.store,
            department=department,
            kind=kind,
            answered_at=at(2026, 11, 30, 23, 59),
            channel="phone",
            score=score,
        )
    SurveyFactory(store=store, department=sales, answered_at=at(2026, 12, 1, 0, 0), channel="phone", score=10)
    roll_up(SatisfactionRollup.Period.MONTH, date(2026, 11, 1), now=NOW)
    below = departments_below_target(store, date(2026, 11, 17))
    assert [(row.department, row.kind, row.mean_score) for row in below] == [(workshop, SurveyKind.CSI, D("94.99"))]
    assert departments_below_target(store, date(2026, 12, 1)) == []
