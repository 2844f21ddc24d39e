"""seed_demo's improvement plan: the department its satisfaction data leaves under target last month (sales) gets one
open action, owned by its head, however often the demo loads."""

import pytest
from django.core.management import call_command

from organization.models import Department
from surveys.models import ImprovementAction


@pytest.mark.django_db
def test_the_demo_store_has_one_open_plan_for_the_department_under_target():
    call_command("seed_demo", stdout=None)
    call_command("seed_demo", stdout=None)
    action = ImprovementAction.objects.get(store__code="demo")
    assert (action.source_kind, action.department.kind, action.status) == (
        ImprovementAction.Source.DEPARTMENT_BELOW_TARGET,
        Department.Kind.SALES,
        ImprovementAction.Status.PLAN,
    )
    assert action.owner == action.department.head and action.owner is not None
