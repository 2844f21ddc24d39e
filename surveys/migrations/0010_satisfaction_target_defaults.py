from django.db import migrations

from organization.policies import add_group_defaults

# Seed 004: callbacks reached ≥ 50% of due, surveys ≥ 60% of reached, company > 90, every department ≥ 95;
# 80 passes and 90 is excellent.
DEFAULTS = {
    "satisfaction.callback_success_percent": "50",
    "satisfaction.survey_completion_percent": "60",
    "satisfaction.company_score_above": "90",
    "satisfaction.department_score_at_least": "95",
    "satisfaction.band_excellent_from": "90",
    "satisfaction.band_pass_from": "80",
}


def seed(apps, schema_editor):
    add_group_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0009_satisfaction_rollup")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
