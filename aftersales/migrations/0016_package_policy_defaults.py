from django.db import migrations

from organization.policies import add_group_defaults

# Issue 11 / SPEC section 3, seed 003: maintenance packages (four basic services for the price of three, two years),
# their vouchers, the polish-and-wax voucher (one year), the extended warranty term and the staff incentives.
DEFAULTS = {
    "packages.basic_service_6l_yuan": "1334",
    "packages.basic_service_8l_yuan": "1632",
    "packages.services": "4",
    "packages.services_paid": "3",
    "packages.validity_months": "24",
    "packages.care_vouchers": "4",
    "packages.care_voucher_yuan": "100",
    "packages.renewal_voucher_yuan": "200",
    "packages.polish_wax_validity_months": "12",
    "packages.extended_warranty_months": "24",
    "incentives.per_package_yuan": "100",
    "incentives.per_extended_warranty_yuan": "300",
    "incentives.add_on_margin_percent": "5",
}


def seed(apps, schema_editor):
    add_group_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("aftersales", "0015_maintenance_packages")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
