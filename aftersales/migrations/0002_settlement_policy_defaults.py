from django.db import migrations

from organization.policies import add_group_defaults

DEFAULTS = {
    # Seed 003: 20% off labor on booked maintenance is the default; seed 000's alternatives stay selectable
    # (20 CNY of labor vouchers per 100 CNY spent, or 10% off parts).
    "settlement.appointment_discount": "labor_percent",
    "settlement.appointment_labor_percent_off": "20",
    "settlement.appointment_voucher_yuan": "20",
    "settlement.appointment_voucher_step_yuan": "100",
    "settlement.appointment_parts_percent_off": "10",
    # Seed 003: no labor charge for tyres, battery, key-fob battery, brake bulb and wipers.
    "settlement.free_labor_tyres": "1",
    "settlement.free_labor_battery": "1",
    "settlement.free_labor_key_fob_battery": "1",
    "settlement.free_labor_brake_bulb": "1",
    "settlement.free_labor_wipers": "1",
    # Seed 003: two or more tyres include a free wheel alignment.
    "settlement.free_alignment_min_tyres": "2",
}


def seed(apps, schema_editor):
    add_group_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("aftersales", "0001_catalog"), ("organization", "0004_store_first_policy_versions")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
