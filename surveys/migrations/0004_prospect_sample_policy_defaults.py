from django.db import migrations

from organization.policies import add_group_defaults

# Seed 000 意向客户抽访 names no share or deadline: a fifth of the week's new prospects, called within a week.
DEFAULTS = {
    "callbacks.prospect_sample_percent": "20",
    "callbacks.prospect_sample_days": "7",
}


def seed(apps, schema_editor):
    add_group_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_callback_prospects")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
