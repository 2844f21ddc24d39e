from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys.models import ImprovementAction, SatisfactionRollup, SurveyKind
from surveys.rollup import (
    Window,
    local_midnight,
    period_start,
    periods_just_ended,
    periods_of_week,
    periods_to_refresh,
    roll_up,
    roll_up_windows,
)
from surveys.tasks import refresh_satisfaction_rollup, roll_up_week_just_ended
from tests.factories import CallbackFactory, DepartmentFactory, StoreFactory, SurveyFactory, UserFactory
from tests.surveys.rollup_data import at, expected, generate

P, L = SatisfactionRollup.Period, SatisfactionRollup.Level
NOW = at(2026, 10, 5, 6, 0)
QUARTER = date(2026, 7, 1)  # Q3 2026: 1 July to 30 September, 14 weeks touching it


def figures_of(period, start):
    rows = SatisfactionRollup.objects.filter(period=period, period_start=start)
    result = {}
    for row in rows:
        figures = {"responses": row.responses, "mean_score": row.mean_score}
        if row.callbacks_due:
            figures |= {
                "callbacks_due": row.callbacks_due,
                "callbacks_reached": row.callbacks_reached,
                "surveys_completed": row.surveys_completed,
            }
        result[(row.level, row.store_id, row.kind, row.department_id, row.staff_id)] = figures
    return result


def all_windows():
    weeks = [Window(P.WEEK, period_start(P.WEEK, QUARTER) + timedelta(days=7 * n)) for n in range(14)]
    months = [Window(P.MONTH, date(2026, m, 1)) for m in (7, 8, 9)]
    return weeks + months + [Window(P.QUARTER, QUARTER)]


@pytest.mark.parametrize("stores", [1, 3])
def test_it_gives_the_figures_computed_from_the_raw_answers_for_a_quarter(db, stores):
    shops = [StoreFactory() for _ in range(stores)]
    facts = generate(shops, first=QUARTER, days=92, per_store=40)
    roll_up_windows(all_windows(), now=NOW)
    for window in all_windows():
        since, until = window.moments
        assert figures_of(window.period, window.start) == expected(facts, since, until), window


def test_it_gives_rates_and_the_change_on_the_previous_week(store):
    department = DepartmentFactory(store=store)
    SurveyFactory(store=store, department=department, answered_at=at(2026, 9, 22, 10), channel="phone", score=90)
    SurveyFactory(store=store, department=department, answered_at=at(2026, 9, 29, 10), channel="phone", score=96)
    SurveyFactory(store=store, department=department, answered_at=at(2026, 9, 30, 10), channel="phone", score="93.5")
    roll_up_windows([Window(P.WEEK, date(2026, 9, 21)), Window(P.WEEK, date(2026, 9, 28))], now=NOW)
    row = SatisfactionRollup.objects.get(period=P.WEEK, period_start=date(2026, 9, 28), level=L.STORE)
    assert (row.responses, row.mean_score, row.change) == (2, Decimal("94.75"), Decimal("4.75"))
    first = SatisfactionRollup.objects.get(period=P.WEEK, period_start=date(2026, 9, 21), level=L.STORE)
    assert first.change is None


def test_recomputing_a_week_replaces_its_rows(store):
    SurveyFactory(store=store, answered_at=at(2026, 9, 29, 10), channel="phone", score=80)
    roll_up(P.WEEK, date(2026, 9, 28), now=NOW)
    first = set(SatisfactionRollup.objects.values_list("level", "responses", "mean_score"))
    roll_up(P.WEEK, date(2026, 9, 30), now=NOW)
    assert SatisfactionRollup.objects.count() == 2  # the store and its department; no advisor scored
    assert set(SatisfactionRollup.objects.values_list("level", "responses", "mean_score")) == first


def test_a_late_answer_for_last_week_is_picked_up_by_the_next_nightly_run(store):
    SurveyFactory(store=store, answered_at=at(2026, 9, 27, 20), channel="phone", score=100)
    roll_up_windows(periods_to_refresh(date(2026, 9, 28)), now=NOW)
    SurveyFactory(store=store, answered_at=at(2026, 9, 27, 21), channel="paper", score=50)  # entered on Monday
    roll_up_windows(periods_to_refresh(date(2026, 9, 29)), now=NOW)
    row = SatisfactionRollup.objects.get(period=P.WEEK, period_start=date(2026, 9, 21), level=L.STORE)
    assert (row.responses, row.mean_score) == (2, Decimal("75.00"))


def test_sunday_2359_belongs_to_the_week_ending_and_monday_0000_to_the_next(store):
    SurveyFactory(store=store, answered_at=at(2026, 9, 27, 23, 59, 59), channel="phone", score=70)
    SurveyFactory(store=store, answered_at=at(2026, 9, 28, 0, 0), channel="phone", score=90)
    roll_up_windows([Window(P.WEEK, date(2026, 9, 21)), Window(P.WEEK, date(2026, 9, 28))], now=NOW)
    weeks = dict(SatisfactionRollup.objects.filter(level=L.STORE).values_list("period_start", "mean_score").order_by())
    assert weeks == {date(2026, 9, 21): Decimal("70.00"), date(2026, 9, 28): Decimal("90.00")}


def test_a_week_starts_on_monday_at_midnight_in_shanghai():
    assert period_start(P.WEEK, date(2026, 9, 27)) == date(2026, 9, 21)
    assert period_start(P.WEEK, date(2026, 9, 28)) == date(2026, 9, 28)
    assert Window(P.WEEK, date(2026, 9, 28)).moments == (at(2026, 9, 28), at(2026, 10, 5))
    assert local_midnight(date(2026, 9, 28)).isoformat() == "2026-09-28T00:00:00+08:00"
    assert period_start(P.QUARTER, date(2026, 12, 31)) == date(2026, 10, 1)
    assert Window(P.QUARTER, date(2026, 10, 1)).end == date(2027, 1, 1)


def test_monday_morning_rolls_up_the_week_just_ended_and_a_month_that_ended_in_it():
    assert periods_just_ended(date(2026, 11, 30)) == [Window(P.WEEK, date(2026, 11, 23))]
    assert periods_just_ended(date(2026, 10, 5)) == [
        Window(P.WEEK, date(2026, 9, 28)),
        Window(P.MONTH, date(2026, 9, 1)),
        Window(P.QUARTER, date(2026, 7, 1)),
    ]


def test_the_nightly_run_refreshes_this_week_and_last_oldest_first():
    assert periods_to_refresh(date(2026, 10, 2)) == [
        Window(P.WEEK, date(2026, 9, 21)),
        Window(P.WEEK, date(2026, 9, 28)),
        Window(P.MONTH, date(2026, 9, 1)),
        Window(P.MONTH, date(2026, 10, 1)),
        Window(P.QUARTER, date(2026, 7, 1)),
        Window(P.QUARTER, date(2026, 10, 1)),
    ]
    assert periods_of_week(date(2026, 9, 30)) == [
        Window(P.WEEK, date(2026, 9, 28)),
        Window(P.MONTH, date(2026, 9, 1)),
        Window(P.QUARTER, date(2026, 7, 1)),
    ]


@pytest.mark.parametrize("kind", [SurveyKind.CSI, SurveyKind.SSI])
def test_the_query_count_is_the_same_at_one_and_ten_stores(db, kind):
    counts = []
    prefix = "sale" if kind == SurveyKind.SSI else "repair_order"
    for new_stores in (1, 9):
        for n in range(new_stores):
            callback = CallbackFactory(source=f"{prefix}:{new_stores}{n}", reached=True)
            callback.due_at = at(2026, 9, 29, 9)
            callback.save(update_fields=["due_at"])
            SurveyFactory(
                store=callback.store,
                customer=callback.customer,
                callback=callback,
                kind=kind,
                staff=UserFactory(store=callback.store),
                answered_at=at(2026, 9, 29, 10),
                channel="phone",
                score=88,
            )
        with CaptureQueriesContext(connection) as queries:
            roll_up(P.WEEK, date(2026, 9, 28), now=NOW)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert SatisfactionRollup.objects.filter(level=L.STORE, callbacks_reached=1, surveys_completed=1).count() == 10


def test_monday_morning_task_rolls_up_the_week_month_and_quarter_just_ended(store, time_machine):
    SurveyFactory(store=store, answered_at=at(2026, 9, 30, 10), channel="phone", score=91)
    time_machine.move_to(at(2026, 10, 5, 6, 0), tick=False)
    assert roll_up_week_just_ended() == 6  # store and department rows for the week, September and Q3
    assert set(SatisfactionRollup.objects.values_list("period", "period_start").distinct()) == {
        (P.WEEK, date(2026, 9, 28)),
        (P.MONTH, date(2026, 9, 1)),
        (P.QUARTER, date(2026, 7, 1)),
    }


def test_the_monday_after_a_month_plans_its_departments_below_target(store, time_machine):
    """Seed 004 奖惩 4: a department under its monthly target gets an improvement plan with no one asking."""
    head = UserFactory(store=store)
    workshop = DepartmentFactory(store=store, kind="workshop", head=head)
    SurveyFactory(store=store, department=workshop, answered_at=at(2026, 9, 30, 10), channel="phone", score=94)
    SurveyFactory(store=store, answered_at=at(2026, 9, 29, 10), channel="phone", score=99)  # after-sales: on target
    time_machine.move_to(at(2026, 10, 5, 6, 0), tick=False)
    roll_up_week_just_ended()
    action = ImprovementAction.objects.get()
    assert (action.department, action.owner, action.period_start) == (workshop, head, date(2026, 9, 1))
    roll_up_week_just_ended()
    assert ImprovementAction.objects.count() == 1


def test_the_nightly_task_refreshes_the_week_so_far(store, time_machine):
    SurveyFactory(store=store, answered_at=at(2026, 10, 6, 23, 0), channel="sms_link", score=85)
    time_machine.move_to(at(2026, 10, 7, 1, 30), tick=False)
    refresh_satisfaction_rollup()
    row = SatisfactionRollup.objects.get(period=P.WEEK, period_start=date(2026, 10, 5), level=L.STORE)
    assert (row.responses, row.mean_score, row.computed_at) == (1, Decimal("85.00"), at(2026, 10, 7, 1, 30))


def test_beat_runs_monday_at_six_and_every_night():
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["surveys.tasks.roll_up_week_just_ended"] == crontab(day_of_week="mon", hour=6, minute=0)
    assert schedule["surveys.tasks.refresh_satisfaction_rollup"] == crontab(hour=1, minute=30)
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"


def test_the_command_recomputes_the_week_of_a_day_with_its_month_and_quarter(store):
    SurveyFactory(store=store, answered_at=at(2026, 9, 30, 10), channel="phone", score=91)
    out = StringIO()
    call_command("rollup_satisfaction", "--week", "2026-09-30", stdout=out)
    assert out.getvalue().startswith("6 rollup rows for week 2026-09-28, month 2026-09-01, quarter 2026-07-01 in ")


def test_the_command_refuses_a_week_that_is_not_a_date(db):
    with pytest.raises(CommandError, match="--week: not a date"):
        call_command("rollup_satisfaction", "--week", "2026-13-01")
