"""Demo improvement plan for `seed_demo`: the departments the demo's satisfaction data leaves under target last month
get their open action, as the Monday rollup after a month gives them (surveys.tasks.roll_up_week_just_ended).

Idempotent: the action's source is the department's month, which is planned once. Runs after the satisfaction demo.
"""

from datetime import timedelta

from django.utils import timezone

from surveys.improvement import plan_for_month_below_target


def load_demo_plans(store, users: dict) -> None:
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    plan_for_month_below_target(store, last_month)
