from django.db import migrations

from organization.policies import add_group_defaults

# Seed 000: owner-lecture feedback answered within 48 h. SPEC section 4: scheduled survey callbacks a month
# after purchase and every six months for service customers (30 and 182 days), each called within a week.
DEFAULTS = {
    "callbacks.owner_lecture_feedback_hours": "48",
    "callbacks.after_purchase_survey_days": "30",
    "callbacks.after_service_survey_days": "182",
    "callbacks.scheduled_survey_window_days": "7",
}


def seed(apps, schema_editor):
    add_group_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0011_callback_queues_attempts_and_scripts")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
