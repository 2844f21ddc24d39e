"""Group defaults of the complaint deadlines: seed 000's route A and seed 004's route B (an empty cell: the column
has no such milestone)."""

from django.db import migrations

from organization.policies import add_group_defaults

DEFAULTS = {
    "complaints.route_a.hand_over_hours": "2",
    "complaints.route_a.first_handling_hours": "12",
    "complaints.route_a.dispatch_hours": "12",
    "complaints.route_a.department_result_hours": "12",
    "complaints.route_a.summary_hours": "24",
    "complaints.route_a.satisfaction_callback_hours": "24",
    "complaints.route_b.first_contact.grumble_hours": "2",
    "complaints.route_b.first_contact.general_hours": "2",
    "complaints.route_b.first_contact.major_hours": "24",
    "complaints.route_b.first_contact.written_hours": "2",
    "complaints.route_b.handled.grumble_hours": "24",
    "complaints.route_b.handled.general_hours": "",
    "complaints.route_b.handled.major_hours": "",
    "complaints.route_b.handled.written_hours": "24",
    "complaints.route_b.agreement.grumble_hours": "",
    "complaints.route_b.agreement.general_hours": "24",
    "complaints.route_b.agreement.major_hours": "48",
    "complaints.route_b.agreement.written_hours": "",
    "complaints.route_b.finished.grumble_hours": "",
    "complaints.route_b.finished.general_hours": "",
    "complaints.route_b.finished.major_hours": "",
    "complaints.route_b.finished.written_hours": "48",
    "complaints.route_b.satisfaction_callback.grumble_hours": "48",
    "complaints.route_b.satisfaction_callback.general_hours": "48",
    "complaints.route_b.satisfaction_callback.major_hours": "72",
    "complaints.route_b.satisfaction_callback.written_hours": "",
    "complaints.route_b.hand_over_minutes": "30",
    "complaints.gm_instruction_hours": "2",
    "complaints.gm_final_hours": "24",
    "complaints.department_reply_hours": "24",
    "complaints.warn_before_minutes": "30",
    "complaints.escalation_on": "1",
    "complaints.escalate_to_gm_hours": "12",
    "complaints.reclassify_grace_minutes": "30",
    "complaints.business_hours": "0",
    "complaints.report_major_to_oem": "1",
}


def seed(apps, schema_editor):
    add_group_defaults(apps, DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_tracking_form"), ("organization", "0009_holiday_policy_default")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
