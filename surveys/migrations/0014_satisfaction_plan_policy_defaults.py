"""Group defaults of seed 004's satisfaction fines and rewards and of the improvement plans' due days."""

from django.db import migrations

from organization.policies import add_group_defaults

DEFAULTS = {
    "satisfaction.department_below_standard_yuan": "500",
    "satisfaction.near_band_points": "5",
    "satisfaction.far_band_points": "10",
    "satisfaction.below_near_fine_yuan": "300",
    "satisfaction.below_middle_fine_yuan": "500",
    "satisfaction.below_far_fine_yuan": "1000",
    "satisfaction.above_near_reward_yuan": "600",
    "satisfaction.above_middle_reward_yuan": "1000",
    "satisfaction.above_far_reward_yuan": "2000",
    "improvement.quarter_action_days": "30",
    "improvement.month_action_days": "14",
}


def seed(apps, schema_editor):
    add_group_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0013_oem_scores_and_improvement_plans")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
