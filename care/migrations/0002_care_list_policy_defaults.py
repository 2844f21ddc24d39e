from django.db import migrations

from organization.policies import add_group_defaults

DEFAULTS = {
    # SPEC section 3 / seed 000's care plan.
    "care.service_lead_days": "14",
    "care.service_lead_km": "1000",
    "care.inspection_lead_days": "30",
    "care.inspection_every_years": "2",
    "care.inspection_yearly_after_years": "10",
    "care.renewal_first_days": "45",
    "care.renewal_second_days": "33",
    "care.renewal_third_days": "30",
    "care.warranty_lead_days": "60",
    "care.churn_after_months": "6",
    "care.catch_up_days": "7",
    "care.missed_service_grace_days": "30",
    # Reminders go out by SMS; greetings and win-back calls are phone calls (marketing SMS need consent anyway).
    "care.sms_first_service": "1",
    "care.sms_scheduled_service": "1",
    "care.sms_inspection": "1",
    "care.sms_insurance_renewal": "1",
    "care.sms_warranty_expiry": "1",
    "care.sms_birthday": "1",
    "care.sms_win_back": "0",
}


def seed(apps, schema_editor):
    add_group_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("care", "0001_initial"), ("organization", "0009_holiday_policy_default")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
