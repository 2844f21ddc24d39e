from celery import shared_task
from django.utils import timezone

from organization.models import Store
from surveys import improvement, rollup, triggers
from surveys.callbacks import sample_prospects


@shared_task
def sample_showroom_prospects() -> int:
    """Weekly: each store's sample of new showroom prospects for customer service to call."""
    return sum(len(sample_prospects(store)) for store in Store.objects.filter(is_active=True))


@shared_task
def roll_up_week_just_ended() -> int:
    """Monday 06:00: the week that ended last night, with the month and quarter if one ended in it; a month that ended
    gives its departments below target their improvement plans (seed 004)."""
    now = timezone.now()
    windows = rollup.periods_just_ended(timezone.localdate(now))
    rows = rollup.roll_up_windows(windows, now=now)
    for month in [window.start for window in windows if window.period == rollup.Period.MONTH]:
        for store in Store.objects.filter(is_active=True):
            improvement.plan_for_month_below_target(store, month)
    return rows


@shared_task
def refresh_satisfaction_rollup() -> int:
    """Nightly: this week so far and last week (late answers), with their months and quarters."""
    now = timezone.now()
    return rollup.roll_up_windows(rollup.periods_to_refresh(timezone.localdate(now)), now=now)


def list_scheduled_survey_callbacks() -> int:
    """Daily: the month-after-purchase and six-month service survey callbacks that came due (surveys.triggers)."""
    return triggers.list_scheduled_survey_callbacks()
