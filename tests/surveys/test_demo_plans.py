"""seed_demo's improvement plan: the workshop's open action for last month, once however often it runs."""

import pytest
from django.core.management import call_command

from organization.models import Department, User
from surveys.models import ImprovementAction


@pytest.mark.django_db
def test_the_demo_store_has_one_open_plan_for_the_workshop_under_target():
    call_command("seed_demo", stdout=None)
    call_command("seed_demo", stdout=None)
    action = ImprovementAction.objects.get(store__code="demo")
    assert (action.source_kind, action.department.kind, action.status) == (
        ImprovementAction.Source.DEPARTMENT_BELOW_TARGET,
        Department.Kind.WORKSHOP,
        ImprovementAction.Status.PLAN,
    )
    assert action.owner == User.objects.get(username="workshop_head")
