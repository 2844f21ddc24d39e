from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from customers.grades import GradeInputs, set_grade, suggest_grade
from customers.models import Grade
from organization.policies import current_policy, revise_policy
from organization.roles import Role
from tests.factories import CustomerFactory, VehicleSaleFactory


@pytest.mark.parametrize(
    "budget, visits, days, grade",
    [
        (Decimal(400000), 3, 10, Grade.A),
        (Decimal(400000), 0, 10, Grade.A),  # two of three factors at A
        (Decimal(400000), 0, None, Grade.C),  # only one factor: C
        (Decimal(200000), 2, 200, Grade.B),
        (Decimal(400000), 2, None, Grade.B),  # A and B: both reach B
        (None, 0, None, Grade.C),
    ],
)
def test_the_grade_two_of_three_factors_reach_is_suggested(budget, visits, days, grade, store):
    assert suggest_grade(GradeInputs(budget, visits, days), current_policy(store)) == grade


def test_the_thresholds_are_policy_values(store, staff):
    policy = revise_policy(
        current_policy(store), {"grades.a_min_budget": "100000"}, by=staff(Role.GENERAL_MANAGER), note="调整"
    )
    assert suggest_grade(GradeInputs(Decimal(120000), 0, 10), policy) == Grade.A


def test_purchases_count_as_visits(store):
    customer = CustomerFactory(store=store, purchase_budget=Decimal(400000))
    for _ in range(3):
        VehicleSaleFactory(vehicle__owner=customer, delivered_at=timezone.now() - timedelta(days=10))
    change = set_grade(customer, by=None)
    assert change.grade == change.suggested_grade == Grade.A


def test_overriding_the_suggestion_needs_a_reason_and_is_kept_in_the_history(store, staff):
    advisor = staff(Role.SERVICE_ADVISOR)
    customer = CustomerFactory(store=store)
    with pytest.raises(ValidationError):
        set_grade(customer, grade=Grade.A, by=advisor)
    set_grade(customer, grade=Grade.A, reason="集团采购负责人", by=advisor)
    set_grade(customer, by=advisor)
    customer.refresh_from_db()
    assert customer.grade == Grade.C and customer.grade_override_reason == ""
    history = list(
        customer.grade_changes.order_by("changed_at", "pk").values_list("grade", "suggested_grade", "reason")
    )
    assert history == [("A", "C", "集团采购负责人"), ("C", "C", "")]


def test_the_grade_page_refuses_an_override_without_reason(store, staff, client_of):
    customer = CustomerFactory(store=store, planned_purchase_on=date.today() + timedelta(days=5))
    client = client_of(staff(Role.SERVICE_ADVISOR))
    url = reverse("customers:grade", args=[customer.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"grade": "A", "reason": ""}).status_code == 422
    assert client.post(url, {"grade": "Q"}).status_code == 422
    assert not customer.grade_changes.exists()
    assert client.post(url, {"grade": "A", "reason": "老客户增购"}).status_code == 302
    assert customer.grade_changes.get().reason == "老客户增购"
