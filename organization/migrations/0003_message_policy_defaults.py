from django.db import migrations

from organization.policies import add_group_defaults

DEFAULTS = {
    "messages.quiet_hours_start": "21:00",
    "messages.quiet_hours_end": "08:00",
    "messages.max_attempts": "3",
}


def seed(apps, schema_editor):
    add_group_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("organization", "0002_roles")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
