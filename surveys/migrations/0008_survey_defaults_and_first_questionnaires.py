from django.db import migrations

from organization.policies import add_group_defaults
from surveys.questionnaires import add_first_versions

# The survey link works 7 days (the brief's default; seed 004 names none); 120 requests an hour per address is
# far above one family answering a few surveys and far below a token-guessing run.
DEFAULTS = {
    "surveys.link_days": "7",
    "surveys.public_requests_per_address_per_hour": "120",
}


def seed(apps, schema_editor):
    add_group_defaults(apps, DEFAULTS)
    questionnaire, question = apps.get_model("surveys", "Questionnaire"), apps.get_model("surveys", "Question")
    for store_id in apps.get_model("organization", "Store").objects.values_list("pk", flat=True):
        add_first_versions(questionnaire, question, store_id)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0007_survey_links")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
