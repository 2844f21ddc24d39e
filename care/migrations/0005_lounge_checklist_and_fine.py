"""Seed 000 part 2 as data: the lounge checklist's items in four groups (counted where the seed gives a number) and
the group default of the fine per lounge violation (20 CNY). Idempotent: items are matched by code."""

from django.db import migrations

from organization.policies import add_group_defaults

DEFAULTS = {"lounge.fine_per_violation_yuan": "20"}

# code, group, label (the seed's words), at least, at most
ITEMS = [
    ("personal_hygiene", "hygiene", "工作人员保持个人卫生及工作环境卫生", None, None),
    (
        "morning_clean",
        "hygiene",
        "上班前整体清理:地面、沙发、儿童娱乐区、茶几、桌面、电视柜、报刊架、精品展架无灰尘、无卫生死角",
        None,
        None,
    ),
    ("reading_rack", "hygiene", "整理书报架并更新报刊(次数,每天不少于3次)", 3, None),
    ("glass", "hygiene", "擦拭儿童娱乐区、门窗玻璃(次数,每天不少于2次),无明显痕迹", 2, None),
    ("ashtray_cleanings", "hygiene", "烟灰缸全面清理(次数,每天3次以上),下班时无污渍、烟渍及烟灰", 3, None),
    ("ashtray_butts", "hygiene", "烟灰缸内烟头最多时的数量(不得超过2个)", None, 2),
    ("cups", "hygiene", "一次性杯子及时清理,不乱堆乱放", None, None),
    ("bar", "hygiene", "吧台桌面、柜子内部整理,不乱堆乱放", None, None),
    ("drinks_machine", "hygiene", "饮料机随时有冷饮供应,水桶统一摆放,地面无水渍、污渍", None, None),
    ("sofa_not_occupied", "hygiene", "工作人员未占用休息区沙发休息", None, None),
    ("computer_desk", "hygiene", "客人离去后电脑桌及时清理,杂志宣传页归位", None, None),
    ("cushions", "hygiene", "客人离去后沙发坐垫归位,遗留物品及时上报", None, None),
    ("electrics", "assets", "电脑、饮水机、电视机、影碟机、空调等完好并正常使用", None, None),
    ("furniture", "assets", "沙发、茶几、吧台等木制家具无破损、划痕、烫痕", None, None),
    ("courtesy", "conduct", "遵守公司规定,接待客户热情主动、有礼有节", None, None),
    ("dress", "conduct", "按规定着装,仪容整洁", None, None),
    ("no_leaning", "conduct", "未“趴”“靠”在接待台内", None, None),
    ("at_post", "conduct", "未擅自离岗或做与工作无关的事", None, None),
    ("greeting", "service", "客户进入休息室时主动问好并引导入座", None, None),
    ("drink_choices", "service", "询问饮料或纯净水时给出的饮料选择(不少于3种)", 3, None),
    ("lunch", "service", "午餐时询问客户是否用餐,及时通知服务顾问并做好准备", None, None),
]


def seed(apps, schema_editor):
    add_group_defaults(apps, DEFAULTS)
    LoungeItem = apps.get_model("care", "LoungeItem")
    for position, (code, group, label, at_least, at_most) in enumerate(ITEMS, start=1):
        LoungeItem.objects.get_or_create(
            code=code,
            defaults={
                "group": group,
                "label": label,
                "position": position * 10,
                "at_least": at_least,
                "at_most": at_most,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("care", "0004_lounge_checklist_violations_lost_property")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
