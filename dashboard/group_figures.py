"""The group dashboard's month figures, stored: computing every store's month takes seconds at 100 stores, so the
page reads them from `GroupMonthFigures` and beat keeps the current month fresh (every `GROUP_FIGURES_MINUTES`)."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from dashboard.models import GroupMonthFigures
from dashboard.panels import store_measures
from organization.models import Store


def _as_text(value):
    return None if value is None else str(value)


def _as_number(text):
    if text is None:
        return None
    return int(text) if text.lstrip("-").isdigit() else Decimal(text)


def refresh_group_figures(month: date, now: datetime) -> GroupMonthFigures:
    """Compute every active store's measures of `month` and store them (replacing the month's row)."""
    stores = list(Store.objects.filter(is_active=True))
    figures = {
        str(store_id): {key: _as_text(value) for key, value in values.items()}
        for store_id, values in store_measures(stores, month).items()
    }
    row, _created = GroupMonthFigures.objects.update_or_create(
        month=month, defaults={"figures": figures, "computed_at": now}
    )
    return row


def is_stale(row: GroupMonthFigures, now: datetime) -> bool:
    """The current month goes stale after `GROUP_FIGURES_MINUTES` (beat refreshes it sooner); a past month's
    figures only move with late entries, so it is recomputed once a day."""
    this_month = timezone.localdate(now).replace(day=1)
    age = timedelta(minutes=settings.GROUP_FIGURES_MINUTES) if row.month >= this_month else timedelta(days=1)
    return row.computed_at < now - age


def group_figures(month: date, now: datetime) -> tuple[dict[int, dict], datetime]:
    """Store id → measure key → figure for `month`, and when they were computed: the stored row while it is fresh."""
    row = GroupMonthFigures.objects.filter(month=month).first()
    if row is None or is_stale(row, now):
        row = refresh_group_figures(month, now)
    figures = {
        int(store_id): {key: _as_number(text) for key, text in values.items()}
        for store_id, values in row.figures.items()
    }
    return figures, row.computed_at
