from django.db import migrations

from organization.policies import add_group_defaults

# Seed 002: 15-minute reception slots, one free after every 3 booked; seed 000: an appointment is booked
# at least 3 hours ahead. No seed names the bay-hours kept for appointments: 6 bays for 8 hours is assumed.
DEFAULTS = {
    "appointments.slot_minutes": "15",
    "appointments.booked_slots_before_buffer": "3",
    "appointments.daily_bay_hours": "48",
    "appointments.notice_hours": "3",
}


def seed(apps, schema_editor):
    add_group_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("aftersales", "0003_appointments"), ("organization", "0006_submitted_forms")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
