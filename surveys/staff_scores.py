"""Each person's satisfaction figures for a month, as the monthly staff report shows them (SPEC section 4: "satisfaction
feeds every post's appraisal").

Scores are the month's staff-level rollup rows (surveys.rollup), never raw answers. Callback performance counts the
customer-service satisfaction callbacks each owner had due in the month, as the rollup counts the store's: reached,
and reached with the survey completed. Both answer many stores in one query.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q

from organization import calendar
from surveys.models import Callback, SatisfactionRollup
from surveys.rollup import SURVEY_KIND_OF_SOURCE
from surveys.targets import rate


@dataclass(frozen=True)
class StaffScore:
    """A person's month in one survey kind (CSI or SSI): the mean score and the surveys answered."""

    kind: str
    mean_score: Decimal | None
    responses: int


def staff_scores(stores, month: date) -> dict[tuple[int, int], dict[str, StaffScore]]:
    """(store id, staff id) → survey kind → the person's month score, from the monthly staff rollup rows."""
    rows = SatisfactionRollup.objects.filter(
        store__in=stores,
        period=SatisfactionRollup.Period.MONTH,
        period_start=month.replace(day=1),
        level=SatisfactionRollup.Level.STAFF,
    ).values_list("store_id", "staff_id", "kind", "mean_score", "responses")
    scores: dict[tuple[int, int], dict[str, StaffScore]] = defaultdict(dict)
    for store_id, staff_id, kind, mean, responses in rows:
        scores[store_id, staff_id][kind] = StaffScore(kind, mean, responses)
    return scores


@dataclass(frozen=True)
class CallbackPerformance:
    """Seed 004's monthly rates for one person's satisfaction callbacks."""

    due: int
    reached: int
    completed: int

    @property
    def success_rate(self) -> Decimal | None:
        """Callbacks reached, % of those due."""
        return rate(self.reached, self.due)

    @property
    def completion_rate(self) -> Decimal | None:
        """Surveys completed, % of the callbacks reached."""
        return rate(self.completed, self.reached)


def callback_performance(stores, month: date) -> dict[tuple[int, int], CallbackPerformance]:
    """(store id, owner id) → the satisfaction callbacks the owner had due in the month: due, reached, completed."""
    start, end = calendar.month_bounds(month)
    surveyed = Q()
    for prefix in SURVEY_KIND_OF_SOURCE:
        surveyed |= Q(source__startswith=prefix)
    rows = (
        Callback.objects.filter(
            surveyed,
            store__in=stores,
            kind=Callback.Kind.SATISFACTION_SURVEY,
            due_at__gte=start,
            due_at__lt=end,
            owner__isnull=False,
        )
        .values("store_id", "owner_id")
        .annotate(
            due_count=Count("pk"),
            reached_count=Count("pk", filter=Q(reached=True)),
            completed_count=Count("pk", filter=Q(reached=True, survey__answered_at__isnull=False)),
        )
        .order_by()
    )
    return {
        (row["store_id"], row["owner_id"]): CallbackPerformance(
            row["due_count"], row["reached_count"], row["completed_count"]
        )
        for row in rows
    }
