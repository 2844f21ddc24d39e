"""Group defaults of seed 004's fines (process fines, offences, accessories rework)."""

from django.db import migrations

from organization.policies import add_group_defaults

DEFAULTS = {
    "fines.late_report_min_yuan": "50",
    "fines.late_report_max_yuan": "100",
    "fines.neglected_general_min_yuan": "100",
    "fines.neglected_general_max_yuan": "200",
    "fines.serious_not_reported_yuan": "200",
    "fines.first_offence_yuan": "50",
    "fines.second_offence_yuan": "100",
    "fines.dismissal_offence_count": "3",
    "fines.rework_leader_share_percent": "20",
}


def seed(apps, schema_editor):
    add_group_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0004_export_log")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
