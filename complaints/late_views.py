"""The GM's list of breaches recorded late: the sweep noticed them well after they fell due (after downtime)."""

from datetime import timedelta

from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from complaints.models import Breach
from complaints.roles import READ_LATE_BREACHES
from organization.roles import role_required

# The sweep runs every minute: a breach noticed later than this after it fell due was missed while it was down.
LATE_AFTER = timedelta(minutes=5)
PAGE_SIZE = 50


def breaches_recorded_late(user):
    return (
        Breach.objects.visible_to(user)
        .filter(noticed_at__gt=F("due_at") + LATE_AFTER)
        .select_related("store", "complaint", "milestone__department", "charged_to", "charged_department")
        .order_by("-due_at", "-pk")
    )


@require_GET
@role_required(*READ_LATE_BREACHES)
def late_breaches(request):
    page = Paginator(breaches_recorded_late(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(breach, late_by(breach.lateness)) for breach in page]
    return render(request, "complaints/late_breaches.html", {"page": page, "rows": rows})


def late_by(lateness: timedelta) -> str:
    minutes = int(lateness.total_seconds() // 60)
    return _("%(hours)d h %(minutes)d min") % {"hours": minutes // 60, "minutes": minutes % 60}
