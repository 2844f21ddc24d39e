"""The satisfaction rollup (SPEC section 4, seed 004: weekly figures, monthly and quarterly too).

For a period (a week Monday to Sunday, a month or a quarter, in Asia/Shanghai) and every store at once: per store,
department and staff member scored, per survey kind, the surveys answered and their mean score, the change on the
previous period; per store the satisfaction callbacks due, reached, and the surveys completed on them. Recomputing a
period deletes its rows and inserts them again in one transaction, so a run is idempotent and a late answer counts
once the next run covers its period: the nightly run refreshes the periods holding today and a week ago.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from operator import or_
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Case, CharField, Count, Q, Sum, Value, When

from surveys.models import Callback, SatisfactionRollup, Survey, SurveyKind
from surveys.targets import CENT, rate

SHANGHAI = ZoneInfo("Asia/Shanghai")
Period = SatisfactionRollup.Period
Level = SatisfactionRollup.Level
# The delivery a satisfaction callback follows decides which survey it carries.
SURVEY_KIND_OF_SOURCE = {"sale:": SurveyKind.SSI, "repair_order:": SurveyKind.CSI}
# The columns that group each level's rows.
LEVEL_COLUMNS = {
    Level.STORE: ("store_id", "kind"),
    Level.DEPARTMENT: ("store_id", "kind", "department_id"),
    Level.STAFF: ("store_id", "kind", "department_id", "staff_id"),
}
BATCH = 2000


def period_start(period: str, day: date) -> date:
    """The first day of the week (Monday), month or quarter holding `day`."""
    if period == Period.WEEK:
        return day - timedelta(days=day.weekday())
    if period == Period.MONTH:
        return day.replace(day=1)
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)


def next_period_start(period: str, start: date) -> date:
    if period == Period.WEEK:
        return start + timedelta(days=7)
    months = 1 if period == Period.MONTH else 3
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


def previous_period_start(period: str, start: date) -> date:
    return period_start(period, start - timedelta(days=1))


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=SHANGHAI)


@dataclass(frozen=True)
class Window:
    period: str
    start: date

    @property
    def end(self) -> date:
        return next_period_start(self.period, self.start)

    @property
    def moments(self) -> tuple[datetime, datetime]:
        """From the first day's midnight (included) to the next period's (excluded), Asia/Shanghai."""
        return local_midnight(self.start), local_midnight(self.end)


def survey_kind_of_callback():
    return Case(
        *(When(source__startswith=prefix, then=Value(kind)) for prefix, kind in SURVEY_KIND_OF_SOURCE.items()),
        default=Value(""),
        output_field=CharField(),
    )


def _mean(total: Decimal | None, count: int) -> Decimal | None:
    if not count or total is None:
        return None
    return (Decimal(total) / count).quantize(CENT, ROUND_HALF_UP)


def _key(level: str, row: dict) -> tuple:
    return (level, row["store_id"], row["kind"], row.get("department_id"), row.get("staff_id"))


@transaction.atomic
def roll_up(period: str, start: date, *, now: datetime) -> int:
    """Replace every store's rows of one period; returns how many rows it wrote."""
    window = Window(period, period_start(period, start))
    since, until = window.moments
    answered = Survey.objects.filter(answered_at__gte=since, answered_at__lt=until).exclude(score=None)
    groups = {}
    for level, columns in LEVEL_COLUMNS.items():
        rows = answered.exclude(staff=None) if level == Level.STAFF else answered
        for row in rows.values(*columns).annotate(responses=Count("pk"), total=Sum("score")).order_by():
            groups[_key(level, row)] = row
    callbacks = (
        Callback.objects.filter(kind=Callback.Kind.SATISFACTION_SURVEY, due_at__gte=since, due_at__lt=until)
        .filter(reduce(or_, (Q(source__startswith=prefix) for prefix in SURVEY_KIND_OF_SOURCE)))
        .annotate(survey_kind=survey_kind_of_callback())
        .values("store_id", "survey_kind")
        .annotate(
            due_count=Count("pk"),
            reached_count=Count("pk", filter=Q(reached=True)),
            completed_count=Count("pk", filter=Q(reached=True, survey__answered_at__isnull=False)),
        )
        .order_by()
    )
    calls = {(row["store_id"], row["survey_kind"]): row for row in callbacks}
    for store_id, kind in calls:
        groups.setdefault(
            (Level.STORE, store_id, kind, None, None), {"store_id": store_id, "kind": kind, "responses": 0}
        )
    before = previous_period_start(period, window.start)
    previous = {
        (row.level, row.store_id, row.kind, row.department_id, row.staff_id): row.mean_score
        for row in SatisfactionRollup.objects.filter(period=period, period_start=before).only(
            "level", "store_id", "kind", "department_id", "staff_id", "mean_score"
        )
    }
    SatisfactionRollup.objects.filter(period=period, period_start=window.start).delete()
    made = []
    for key, row in groups.items():
        level, store_id, kind, department_id, staff_id = key
        mean = _mean(row.get("total"), row["responses"])
        earlier = previous.get(key)
        figures = {}
        if level == Level.STORE:
            call = calls.get((store_id, kind), {"due_count": 0, "reached_count": 0, "completed_count": 0})
            figures = {
                "callbacks_due": call["due_count"],
                "callbacks_reached": call["reached_count"],
                "surveys_completed": call["completed_count"],
                "callback_success_rate": rate(call["reached_count"], call["due_count"]),
                "survey_completion_rate": rate(call["completed_count"], call["reached_count"]),
            }
        made.append(
            SatisfactionRollup(
                store_id=store_id,
                kind=kind,
                period=period,
                period_start=window.start,
                level=level,
                department_id=department_id,
                staff_id=staff_id,
                responses=row["responses"],
                mean_score=mean,
                change=mean - earlier if mean is not None and earlier is not None else None,
                computed_at=now,
                **figures,
            )
        )
    SatisfactionRollup.objects.bulk_create(made, batch_size=BATCH)
    return len(made)


def periods_to_refresh(today: date) -> list[Window]:
    """The nightly run: every week, month and quarter holding today or a week ago, oldest first.

    A week ago covers answers saved late for the previous week (and the month or quarter just ended).
    """
    windows = []
    for period in Period.values:
        for day in (today - timedelta(days=7), today):
            window = Window(period, period_start(period, day))
            if window not in windows:
                windows.append(window)
    return windows


def periods_just_ended(today: date) -> list[Window]:
    """Monday morning's run: the week that ended yesterday, and the month and quarter if one ended in it."""
    last_week = Window(Period.WEEK, period_start(Period.WEEK, today - timedelta(days=7)))
    windows = [last_week]
    for period in (Period.MONTH, Period.QUARTER):
        for day in (last_week.start, last_week.end - timedelta(days=1)):
            ended = Window(period, period_start(period, day))
            if ended.end <= today and ended not in windows:
                windows.append(ended)
    return windows


def periods_of_week(day: date) -> list[Window]:
    """What `rollup_satisfaction --week DAY` recomputes: that week, then the month and quarter holding it."""
    return [Window(period, period_start(period, day)) for period in Period.values]


def roll_up_windows(windows: list[Window], *, now: datetime) -> int:
    """Each window in order (a period's change reads the period before it); the rows written."""
    return sum(roll_up(window.period, window.start, now=now) for window in windows)
