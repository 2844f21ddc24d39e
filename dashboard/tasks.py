from celery import shared_task
from django.utils import timezone

from dashboard.group_figures import refresh_group_figures


@shared_task
def refresh_this_months_group_figures() -> str:
    """Beat, every few minutes: the group dashboard's current month, so the page never computes it."""
    now = timezone.now()
    row = refresh_group_figures(timezone.localdate(now).replace(day=1), now)
    return f"{len(row.figures)} stores, {row.month:%Y-%m}"
