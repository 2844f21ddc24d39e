from django.db import migrations

from organization.policies import add_group_defaults

# Issue 9 / SPEC section 3: confirm with the customer one day and one hour before the slot.
DEFAULTS = {
    "appointments.reminder_day_before_hours": "24",
    "appointments.reminder_hour_before_minutes": "60",
}


def seed(apps, schema_editor):
    add_group_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("aftersales", "0009_reminders_and_preparation")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
