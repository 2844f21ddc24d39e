from django.db import migrations

from organization.policies import add_group_defaults

DEFAULTS = {"calendar.close_on_statutory_holidays": "0"}


def seed(apps, schema_editor):
    add_group_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("organization", "0008_holidays")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
