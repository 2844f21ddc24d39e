"""The general manager's dashboard and the group's; the later issues fill them with rollups."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from complaints.enforcement import last_sweep, sweep_is_stale
from dashboard.roles import READ_GROUP_DASHBOARD, READ_STORE_DASHBOARD
from organization.models import Heartbeat, Store
from organization.roles import role_required


def _beat_status():
    heartbeat = Heartbeat.objects.filter(name="beat").first()
    return {"heartbeat": heartbeat, "beat_stale": heartbeat is None or heartbeat.is_stale(timezone.now())}


def _sweep_status():
    """The deadline sweep's last run: complaints' deadlines are enforced only while it runs."""
    sweep = last_sweep()
    return {"sweep": sweep, "sweep_stale": sweep_is_stale(sweep, timezone.now())}


@require_GET
@role_required(*READ_STORE_DASHBOARD)
def gm(request):
    return render(request, "dashboard/gm.html", {"store": request.user.store, **_beat_status(), **_sweep_status()})


@require_GET
@role_required(*READ_GROUP_DASHBOARD)
def group(request):
    stores = Store.objects.filter(is_active=True)
    return render(request, "dashboard/group.html", {"stores": stores, **_beat_status()})
