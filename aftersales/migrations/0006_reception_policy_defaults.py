from django.db import migrations

from organization.policies import add_group_defaults

# No seed names when a promised time is at risk: an hour before it, the advisor still has time to call the customer.
DEFAULTS = {"repair_orders.promise_at_risk_minutes": "60"}


def seed(apps, schema_editor):
    add_group_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("aftersales", "0005_repair_orders")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
