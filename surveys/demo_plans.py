"""Demo improvement plan for `seed_demo`: last month the workshop stayed under its target, so it has an open action.

Idempotent: the action's source is the department's month, which plan_for_departments_below_target raises once.
"""

from datetime import timedelta

from django.utils import timezone

from organization.models import Department
from surveys.improvement import plan_for_departments_below_target


def load_demo_plans(store, users: dict) -> None:
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    workshop = Department.objects.get(store=store, kind=Department.Kind.WORKSHOP)
    plan_for_departments_below_target(store, last_month, [workshop])
