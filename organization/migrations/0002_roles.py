from django.db import migrations

ROLES = [
    "服务顾问",
    "销售顾问",
    "客服专员",
    "前台主管",
    "部门经理",
    "售后服务经理",
    "总经理",
    "维修技师",
    "质检员",
    "配件专员",
    "休息区专员",
    "集团管理",
]


def create_roles(apps, schema_editor):
    group = apps.get_model("auth", "Group")
    for name in ROLES:
        group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("organization", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
