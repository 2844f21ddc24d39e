from django.db import migrations

from organization.policies import add_group_defaults

# No seed names the margin: a promised time within 30 minutes (or past) shows at risk on the workshop board.
DEFAULTS = {"workshop.promise_at_risk_minutes": "30"}


def seed(apps, schema_editor):
    add_group_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("aftersales", "0007_online_booking_policy_defaults")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
