from django.db import migrations


def create_first_versions(apps, schema_editor):
    """Every store gets its version 1 from the group defaults, as new stores now do when created."""
    policy_set_model = apps.get_model("organization", "PolicySet")
    policy_value_model = apps.get_model("organization", "PolicyValue")
    store_model = apps.get_model("organization", "Store")
    group = policy_set_model.objects.filter(store=None).order_by("-version").first()
    defaults = list(policy_value_model.objects.filter(policy_set=group).values_list("key", "value")) if group else []
    for store in store_model.objects.filter(policy_sets=None):
        first = policy_set_model.objects.create(store=store, version=1, note="")
        policy_value_model.objects.bulk_create(
            policy_value_model(policy_set=first, key=key, value=value) for key, value in defaults
        )


class Migration(migrations.Migration):
    dependencies = [("organization", "0003_message_policy_defaults")]
    operations = [migrations.RunPython(create_first_versions, migrations.RunPython.noop)]
