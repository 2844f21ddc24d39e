"""Satisfaction figures for the dashboards, read from the rollup rows (SPEC sections 4 and 6).

Each function answers a list of stores in one query whatever the number of stores, rows or weeks: the dashboards
never scan raw surveys. A store with no rows gets empty figures (None), never a missing key.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count

from surveys.models import Callback, SatisfactionRollup, SurveyKind
from surveys.queues import OVERDUE, due_filter
from surveys.targets import rate

P, L = SatisfactionRollup.Period, SatisfactionRollup.Level
TREND_WEEKS = 12


@dataclass(frozen=True)
class WeekScores:
    """A week's store-level CSI and SSI: None for a survey with no answers that week."""

    week: date  # the Monday
    csi: Decimal | None = None
    ssi: Decimal | None = None


@dataclass(frozen=True)
class MonthlySatisfaction:
    """A store's month: CSI and SSI means, and its satisfaction callbacks (both surveys' together)."""

    csi: Decimal | None = None
    ssi: Decimal | None = None
    callbacks_due: int = 0
    callbacks_reached: int = 0
    surveys_completed: int = 0

    @property
    def callback_success_rate(self) -> Decimal | None:
        """Seed 004: callbacks reached, as a percent of those due."""
        return rate(self.callbacks_reached, self.callbacks_due)

    @property
    def survey_completion_rate(self) -> Decimal | None:
        """Seed 004: surveys completed, as a percent of the callbacks reached."""
        return rate(self.surveys_completed, self.callbacks_reached)


def weekly_score_trend(stores, this_week: date, *, weeks: int = TREND_WEEKS) -> dict[int, list[WeekScores]]:
    """Each store's CSI and SSI for the `weeks` weeks ending with the one holding `this_week`, oldest first."""
    last = this_week - timedelta(days=this_week.weekday())
    mondays = [last - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    rows = SatisfactionRollup.objects.filter(
        store__in=stores, period=P.WEEK, level=L.STORE, period_start__gte=mondays[0], period_start__lte=last
    ).values_list("store_id", "period_start", "kind", "mean_score")
    scores = {(store_id, week, kind): score for store_id, week, kind, score in rows}
    return {
        store.pk: [
            WeekScores(
                monday, scores.get((store.pk, monday, SurveyKind.CSI)), scores.get((store.pk, monday, SurveyKind.SSI))
            )
            for monday in mondays
        ]
        for store in stores
    }


def monthly_satisfaction(stores, month: date) -> dict[int, MonthlySatisfaction]:
    """Each store's month from its store-level rows; the rates count the callbacks of both surveys together."""
    rows = SatisfactionRollup.objects.filter(
        store__in=stores, period=P.MONTH, period_start=month.replace(day=1), level=L.STORE
    ).values("store_id", "kind", "mean_score", "callbacks_due", "callbacks_reached", "surveys_completed")
    figures = {store.pk: {"callbacks_due": 0, "callbacks_reached": 0, "surveys_completed": 0} for store in stores}
    for row in rows:
        store = figures[row["store_id"]]
        store[row["kind"]] = row["mean_score"]  # the kinds' values are the fields' names: "csi", "ssi"
        for count in ("callbacks_due", "callbacks_reached", "surveys_completed"):
            store[count] += row[count] or 0
    return {store_id: MonthlySatisfaction(**values) for store_id, values in figures.items()}


def department_scores(stores, month: date) -> dict[int, list[SatisfactionRollup]]:
    """Each store's department rows of the month (CSI and SSI), lowest score first."""
    rows = (
        SatisfactionRollup.objects.filter(
            store__in=stores, period=P.MONTH, period_start=month.replace(day=1), level=L.DEPARTMENT
        )
        .select_related("department")
        .order_by("mean_score", "department__kind", "kind")
    )
    by_store = {store.pk: [] for store in stores}
    for row in rows:
        by_store[row.store_id].append(row)
    return by_store


def overdue_callbacks(stores, now: datetime) -> dict[int, int]:
    """Each store's open callbacks of every kind past their due time: the team queue's overdue section."""
    counts = dict(
        Callback.objects.open()
        .filter(due_filter(OVERDUE, now), store__in=stores)
        .values("store_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("store_id", "count")
    )
    return {store.pk: counts.get(store.pk, 0) for store in stores}
