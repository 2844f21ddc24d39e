from django.db import migrations

from organization.policies import add_group_defaults

DEFAULTS = {
    # Seed 000 part 5: a fleet needs 50 vehicles bought here; two missed scheduled services revoke.
    "membership.fleet_min_vehicles": "50",
    "membership.missed_services_limit": "2",
    "membership.fleet_free_rescue": "1",
    "membership.fleet_free_checks": "1",
    "membership.fleet_insurance_green_channel": "1",
    "membership.fleet_event_priority": "1",
    # Seed 000 part 5 §4a: labor 七折, parts 9.5折, paint labor 8折, accessories 9折; claims excluded.
    "discounts.fleet_labor_percent": "70",
    "discounts.fleet_parts_percent": "95",
    "discounts.fleet_paint_labor_percent": "80",
    "discounts.fleet_accessories_percent": "90",
    # SPEC section 2: individual VIP rates are a setting, no discount by default.
    "discounts.vip_labor_percent": "100",
    "discounts.vip_parts_percent": "100",
    "discounts.vip_paint_labor_percent": "100",
    "discounts.vip_accessories_percent": "100",
    "discounts.exclude_insurance_claims": "1",
    # Seed 000 care plan: a gold-card referrer gets 100 CNY of 93-octane fuel; fakes cost 50% of the loss.
    "referrals.gold_card_fuel_yuan": "100",
    "referrals.fake_fine_percent": "50",
    # Seed 000: points on repairs, exchanged at year end (the seed gives no rate: 1 point per CNY).
    "points.per_100_yuan_paid": "100",
    "points.redemption_month": "12",
    # Seed 001 names budget, frequency and needs but no thresholds; these are starting values.
    "grades.a_min_budget": "300000",
    "grades.b_min_budget": "150000",
    "grades.a_min_visits": "3",
    "grades.b_min_visits": "2",
    "grades.visit_window_days": "365",
    "grades.a_max_days_to_purchase": "30",
    "grades.b_max_days_to_purchase": "90",
}


def seed(apps, schema_editor):
    add_group_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0003_customer_files_membership_referrals"),
        ("organization", "0003_message_policy_defaults"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
