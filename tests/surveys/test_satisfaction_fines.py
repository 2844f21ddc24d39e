"""Seed 004's satisfaction fines and rewards, at the edges of each band."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from organization.models import Department
from organization.policies import current_policy, revise_policy
from surveys.improvement import plan_for_month_below_target
from surveys.models import ImprovementAction, SatisfactionRollup
from surveys.satisfaction_fines import FAR_BAND, FINE_MIDDLE, department_fines, quarterly_item_fines_and_rewards
from tests.factories import DepartmentFactory, OemScoreFactory, StoreFactory, UserFactory

pytestmark = pytest.mark.django_db
Q3 = date(2026, 7, 1)


@pytest.fixture
def department():
    store = StoreFactory()
    return DepartmentFactory(store=store, kind=Department.Kind.AFTER_SALES, head=UserFactory(store=store))


def item(department, score, *, caused=True, national="90"):
    return OemScoreFactory(
        store=department.store,
        department=department,
        quarter=Q3,
        score=Decimal(score),
        national_average=Decimal(national),
        lost_by_management_or_staff=caused,
    )


def amounts(fines):
    return sorted((fine.reward, fine.person.pk if fine.person else None, fine.amount) for fine in fines)


@pytest.mark.parametrize(
    ("score", "fine"),
    [("89.99", "300"), ("85", "300"), ("84.99", "500"), ("80", "500"), ("79.99", "1000"), ("50", "1000")],
)
def test_an_item_below_the_national_average_fines_the_manager_and_the_owner_by_band(department, score, fine):
    scored = item(department, score)
    fines = quarterly_item_fines_and_rewards(department.store, Q3)
    assert amounts(fines) == sorted(
        [(False, department.head.pk, Decimal(fine)), (False, scored.owner.pk, Decimal(fine))]
    )
    assert {f.item for f in fines} == {scored}


@pytest.mark.parametrize(
    ("score", "reward"),
    [("90.01", "600"), ("95", "600"), ("95.01", "1000"), ("100", "1000")],
)
def test_an_item_above_the_national_average_rewards_the_department_by_band(department, score, reward):
    item(department, score)
    fines = quarterly_item_fines_and_rewards(department.store, Q3)
    assert amounts(fines) == [(True, None, Decimal(reward))]
    assert fines[0].department == department


def test_more_than_ten_points_above_earns_the_largest_reward(department):
    item(department, "80.01", national="70")
    assert amounts(quarterly_item_fines_and_rewards(department.store, Q3)) == [(True, None, Decimal("2000"))]


def test_exactly_the_national_average_is_neither_fined_nor_rewarded(department):
    item(department, "90")
    assert quarterly_item_fines_and_rewards(department.store, Q3) == []


def test_points_not_lost_through_management_or_staff_are_not_fined(department):
    item(department, "70", caused=False)
    assert quarterly_item_fines_and_rewards(department.store, Q3) == []


def test_a_manager_who_owns_the_item_is_fined_once(department):
    OemScoreFactory(
        store=department.store,
        department=department,
        owner=department.head,
        quarter=Q3,
        score=Decimal("88"),
        national_average=Decimal("90"),
        lost_by_management_or_staff=True,
    )
    assert amounts(quarterly_item_fines_and_rewards(department.store, Q3)) == [
        (False, department.head.pk, Decimal("300"))
    ]


def test_other_quarters_and_stores_do_not_count(department):
    OemScoreFactory(store=department.store, department=department, quarter=date(2026, 4, 1), score=Decimal("50"))
    OemScoreFactory(quarter=Q3, score=Decimal("50"), lost_by_management_or_staff=True)
    assert quarterly_item_fines_and_rewards(department.store, Q3) == []


def test_the_bands_and_amounts_are_the_stores_policy(department):
    revise_policy(
        current_policy(department.store),
        {FAR_BAND.key: "20", FINE_MIDDLE.key: "450"},
        by=department.head,
        note="test",
    )
    scored = item(department, "75")
    assert amounts(quarterly_item_fines_and_rewards(department.store, Q3)) == sorted(
        [(False, department.head.pk, Decimal("450")), (False, scored.owner.pk, Decimal("450"))]
    )


def _month_row(department, score, kind="csi"):
    return SatisfactionRollup.objects.create(
        store=department.store,
        kind=kind,
        period=SatisfactionRollup.Period.MONTH,
        period_start=date(2026, 7, 1),
        level=SatisfactionRollup.Level.DEPARTMENT,
        department=department,
        responses=10,
        mean_score=Decimal(score),
        computed_at=timezone.now(),
    )


def test_a_department_below_the_target_pays_once_and_the_monthly_run_plans_it(department):
    sales = DepartmentFactory(
        store=department.store, kind=Department.Kind.SALES, head=UserFactory(store=department.store)
    )
    _month_row(department, "94.99")
    _month_row(department, "90", kind="ssi")  # short in two kinds: one fine
    _month_row(sales, "95")  # the target itself is met
    fines = department_fines(department.store, date(2026, 7, 1))
    assert [(fine.department, fine.person, fine.amount, fine.reward) for fine in fines] == [
        (department, None, Decimal("500"), False)
    ]
    assert not ImprovementAction.objects.exists()  # reading the fines raises nothing
    plan_for_month_below_target(department.store, date(2026, 7, 1))
    action = ImprovementAction.objects.get()
    assert (action.department, action.owner, action.source_kind) == (
        department,
        department.head,
        ImprovementAction.Source.DEPARTMENT_BELOW_TARGET,
    )
