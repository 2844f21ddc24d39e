"""The panels every dashboard has: the scheduler's and the sweep's heartbeat, and the month's figures the group
compares (the group dashboard's measures, for this store)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.enforcement import last_sweep, sweep_is_stale
from dashboard.panels import Panel, measures, register_panel, store_measures
from organization.models import Heartbeat


def heartbeat(store, now):
    beat = Heartbeat.objects.filter(name="beat").first()
    sweep = last_sweep()
    return {
        "heartbeat": beat,
        "beat_stale": beat is None or beat.is_stale(now),
        "sweep": sweep,
        "sweep_stale": sweep_is_stale(sweep, now),
    }


def this_month(store, now):
    month = timezone.localdate(now).replace(day=1)
    figures = store_measures([store], month)[store.pk]
    return {"month": month, "figures": [(measure, figures.get(measure.key)) for measure in measures()]}


register_panel(
    Panel(
        "heartbeat", _("Scheduler and deadline sweep"), "dashboard/panels/heartbeat.html", heartbeat, 10, 60, 12, False
    )
)
register_panel(Panel("month", _("This month at a glance"), "dashboard/panels/month.html", this_month, 900, 300, 12))
