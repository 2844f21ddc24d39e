"""Group defaults of seed 000's complaint allowances."""

from django.db import migrations

from organization.policies import add_group_defaults

DEFAULTS = {
    "penalties.implicit_loss_allowance_percent": "2",
    "penalties.vague_complaint_allowance_percent": "3",
    "penalties.fine_beyond_allowance_yuan": "50",
}


def seed(apps, schema_editor):
    add_group_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0002_deadline_defaults")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
