"""Weekly and monthly focus items (seed 004 五: 每周、月的重点改善项目) beside the quarterly plan; every action's
period starts its week (a Monday), month or quarter."""

import datetime

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0014_satisfaction_plan_policy_defaults"),
    ]

    operations = [
        migrations.AlterField(
            model_name="improvementaction",
            name="source_kind",
            field=models.CharField(
                choices=[
                    ("inspection_lost", "Inspection item that lost points"),
                    ("below_average", "Item below the national or sub-region average"),
                    ("department_below_target", "Department below its monthly target"),
                    ("focus", "Focus item of a weekly or monthly meeting"),
                ],
                max_length=30,
                verbose_name="source",
            ),
        ),
        migrations.AddConstraint(
            model_name="improvementaction",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("horizon", "week"), ("period_start__week_day", 2)),
                    models.Q(("horizon", "month"), ("period_start__day", 1)),
                    models.Q(
                        ("horizon", "quarter"), ("period_start__day", 1), ("period_start__month__in", [1, 4, 7, 10])
                    ),
                    _connector="OR",
                ),
                name="improvement_action_period_starts_its_period",
            ),
        ),
        migrations.AddConstraint(
            model_name="improvementaction",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("source_kind", "focus"), _negated=True),
                    ("horizon__in", ["week", "month"]),
                    _connector="OR",
                ),
                name="focus_item_weekly_or_monthly",
            ),
        ),
        migrations.AddConstraint(
            model_name="improvementaction",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("due_on__gte", datetime.date(2000, 1, 1)), ("due_on__lt", datetime.date(2100, 1, 1))
                ),
                name="improvement_action_due_on_in_range",
            ),
        ),
    ]
