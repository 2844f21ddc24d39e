from django.db import migrations

from organization.policies import add_group_defaults

# Issue 9: an SMS booking code lives 10 minutes and allows 5 wrong entries; 5 codes per mobile and 20 per client
# address each hour; customers book online from today up to 14 days ahead.
DEFAULTS = {
    "online_booking.code_minutes": "10",
    "online_booking.code_tries": "5",
    "online_booking.codes_per_mobile_per_hour": "5",
    "online_booking.codes_per_address_per_hour": "20",
    "online_booking.days_ahead": "14",
}


def seed(apps, schema_editor):
    add_group_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("aftersales", "0006_booking_codes")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
