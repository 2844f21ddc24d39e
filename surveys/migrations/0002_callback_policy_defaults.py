from django.db import migrations

from organization.policies import add_group_defaults

# Seed 000: sales 24 h and 72 h, service 48 h, VIP 48 h; seeds 000/002: customer service 7 days;
# seed 004: the third sales call "2–3 weeks" after delivery.
DEFAULTS = {
    "callbacks.sales_first_hours": "24",
    "callbacks.sales_second_hours": "72",
    "callbacks.sales_after_sales_intro_days": "21",
    "callbacks.service_follow_up_hours": "48",
    "callbacks.satisfaction_survey_days": "7",
    "callbacks.vip_care_hours": "48",
    "callbacks.max_attempts": "3",
}


def seed(apps, schema_editor):
    add_group_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial"), ("organization", "0003_message_policy_defaults")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
