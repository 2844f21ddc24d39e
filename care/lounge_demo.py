"""Demo lounge for `seed_demo`: today's checklist ticked by the lounge staff, the sofa item unticked with its
violation (an advisor found resting on the lounge sofa), and one found umbrella reported to the after-sales manager.
Idempotent: a store with today's checklist is left alone."""

from django.utils import timezone

from care import lounge
from care.models import LoungeChecklist

SOFA = "sofa_not_occupied"


def load_demo_lounge(store, users):
    today = timezone.localdate()
    if LoungeChecklist.objects.filter(store=store, day=today).exists():
        return
    staff = users["lounge"]
    items = lounge.checklist_items()
    ticks = {}
    for item in items:
        count = item.at_least if item.at_least is not None else item.at_most
        ticks[item.pk] = (item.code != SOFA, count if item.counted else None)
    checklist = lounge.tick_checklist(store=store, day=today, ticks=ticks, expected_version=None, by=staff)
    sofa = next(item for item in items if item.code == SOFA)
    lounge.log_violation(checklist=checklist, item=sofa, staff=users["advisor"], note="午休时占用客户沙发", by=staff)
    umbrella = lounge.register_lost_property(
        store=store, description="黑色折叠伞", found_where="休息区沙发旁", found_at=timezone.now(), by=staff
    )
    lounge.report_to_manager(umbrella, manager=users["asm"], by=staff)
