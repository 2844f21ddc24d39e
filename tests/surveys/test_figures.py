from datetime import date, timedelta
from decimal import Decimal

import pytest

from organization.models import Department
from surveys.figures import (
    MonthlySatisfaction,
    WeekScores,
    department_scores,
    monthly_satisfaction,
    overdue_callbacks,
    weekly_score_trend,
)
from surveys.models import Callback, SatisfactionRollup, SurveyKind
from surveys.rollup import roll_up
from tests.factories import CallbackFactory, CustomerFactory, DepartmentFactory, StoreFactory, SurveyFactory
from tests.surveys.rollup_data import at

P, L = SatisfactionRollup.Period, SatisfactionRollup.Level
CSI, SSI = SurveyKind.CSI, SurveyKind.SSI
NOW = at(2026, 10, 7, 10, 0)  # a Wednesday; the week began on Monday 5 October
D = Decimal


def rollup_row(store, start, mean_score, *, kind=CSI, period=P.WEEK, level=L.STORE, department=None, **fields):
    """A rollup row as surveys.rollup writes it (the figures under test read nothing else)."""
    return SatisfactionRollup.objects.create(
        store=store,
        kind=kind,
        period=period,
        period_start=start,
        level=level,
        department=department,
        responses=fields.pop("responses", 3),
        mean_score=None if mean_score is None else D(mean_score),
        computed_at=NOW,
        **fields,
    )


def test_the_trend_has_twelve_weeks_up_to_this_one_with_gaps(store, other_store):
    rollup_row(store, date(2026, 10, 5), "92.50")
    rollup_row(store, date(2026, 10, 5), "88.00", kind=SSI)
    rollup_row(store, date(2026, 9, 28), "89.75")
    rollup_row(store, date(2026, 7, 20), "95.00", kind=SSI)  # the first of the twelve weeks
    rollup_row(store, date(2026, 7, 13), "70.00")  # thirteen weeks back: left out
    rollup_row(store, date(2026, 10, 5), "60.00", level=L.DEPARTMENT, department=DepartmentFactory(store=store))
    rollup_row(store, date(2026, 10, 1), "61.00", period=P.MONTH)
    rollup_row(other_store, date(2026, 9, 21), "99.00")

    trend = weekly_score_trend([store, other_store], date(2026, 10, 7))

    mondays = [date(2026, 7, 20) + timedelta(weeks=n) for n in range(12)]
    assert trend[store.pk] == [
        WeekScores(date(2026, 7, 20), None, D("95.00")),
        *(WeekScores(monday) for monday in mondays[1:10]),
        WeekScores(date(2026, 9, 28), D("89.75"), None),
        WeekScores(date(2026, 10, 5), D("92.50"), D("88.00")),
    ]
    assert [week.csi for week in trend[other_store.pk]] == [None] * 9 + [D("99.00"), None, None]


def test_the_months_rates_count_both_surveys_callbacks_together(store, other_store):
    month = date(2026, 10, 1)
    csi = {"callbacks_due": 10, "callbacks_reached": 6, "surveys_completed": 3}
    ssi = {"callbacks_due": 4, "callbacks_reached": 2, "surveys_completed": 2}
    rollup_row(store, month, "91.25", period=P.MONTH, **csi)
    rollup_row(store, month, "96.00", kind=SSI, period=P.MONTH, **ssi)
    rollup_row(store, date(2026, 9, 1), "50.00", period=P.MONTH, callbacks_due=9, callbacks_reached=0)
    rollup_row(store, month, "10.00", period=P.MONTH, level=L.DEPARTMENT, department=DepartmentFactory(store=store))

    figures = monthly_satisfaction([store, other_store], date(2026, 10, 17))

    assert figures[store.pk] == MonthlySatisfaction(D("91.25"), D("96.00"), 14, 8, 5)
    assert (figures[store.pk].callback_success_rate, figures[store.pk].survey_completion_rate) == (
        D("57.14"),
        D("62.50"),
    )
    assert figures[other_store.pk] == MonthlySatisfaction()
    assert (figures[other_store.pk].callback_success_rate, figures[other_store.pk].survey_completion_rate) == (
        None,
        None,
    )


def test_the_month_read_from_a_real_rollup(store):
    """Two CSI callbacks due in October, one reached with its survey answered (90); an SSI survey (80) without one."""
    reached = CallbackFactory(
        customer=CustomerFactory(store=store),
        source="repair_order:1",
        due_at=at(2026, 10, 2, 9),
        reached=True,
        completed_at=at(2026, 10, 2, 10),
    )
    CallbackFactory(
        customer=CustomerFactory(store=store),
        source="repair_order:2",
        due_at=at(2026, 10, 3, 9),
        reached=False,
        completed_at=at(2026, 10, 3, 10),
    )
    SurveyFactory(store=store, callback=reached, answered_at=at(2026, 10, 2, 10), channel="phone", score=90)
    SurveyFactory(store=store, kind=SSI, answered_at=at(2026, 10, 4, 10), channel="phone", score=80)
    roll_up(P.MONTH, date(2026, 10, 1), now=NOW)

    figures = monthly_satisfaction([store], date(2026, 10, 1))[store.pk]

    assert figures == MonthlySatisfaction(D("90.00"), D("80.00"), 2, 1, 1)
    assert (figures.callback_success_rate, figures.survey_completion_rate) == (D("50.00"), D("100.00"))


def test_department_scores_are_the_months_department_rows_lowest_first(store, other_store):
    month = date(2026, 10, 1)
    sales = DepartmentFactory(store=store, kind=Department.Kind.SALES)
    workshop = DepartmentFactory(store=store, kind=Department.Kind.WORKSHOP)
    rollup_row(store, month, "97.00", kind=SSI, period=P.MONTH, level=L.DEPARTMENT, department=sales)
    rollup_row(store, month, "94.99", period=P.MONTH, level=L.DEPARTMENT, department=workshop)
    rollup_row(store, date(2026, 9, 1), "50.00", period=P.MONTH, level=L.DEPARTMENT, department=workshop)
    rollup_row(store, date(2026, 10, 5), "50.00", level=L.DEPARTMENT, department=workshop)
    rollup_row(store, month, "40.00", period=P.MONTH)

    scores = department_scores([store, other_store], month)

    assert [(row.department, row.kind, row.mean_score) for row in scores[store.pk]] == [
        (workshop, CSI, D("94.99")),
        (sales, SSI, D("97.00")),
    ]
    assert scores[other_store.pk] == []


def test_overdue_callbacks_are_the_open_ones_past_due(store, other_store):
    def callback(store, due_at, **fields):
        return CallbackFactory(customer=CustomerFactory(store=store), due_at=due_at, **fields)

    callback(store, NOW - timedelta(seconds=1))
    callback(store, NOW - timedelta(days=3), kind=Callback.Kind.SERVICE_FOLLOW_UP)
    callback(store, NOW)  # due this very moment: not overdue yet
    callback(store, NOW - timedelta(days=1), completed_at=NOW - timedelta(hours=1))
    callback(other_store, NOW - timedelta(days=1))

    assert overdue_callbacks([store, other_store, StoreFactory(code="east")], NOW) == {
        store.pk: 2,
        other_store.pk: 1,
        StoreFactory(code="east").pk: 0,
    }


@pytest.mark.parametrize(
    "figures",
    [
        lambda stores: weekly_score_trend(stores, NOW.date()),
        lambda stores: monthly_satisfaction(stores, date(2026, 10, 1)),
        lambda stores: department_scores(stores, date(2026, 10, 1)),
        lambda stores: overdue_callbacks(stores, NOW),
    ],
)
def test_each_figure_is_one_query_whatever_the_stores_and_rows(figures, django_assert_num_queries, db):
    def grow(count):
        stores = [StoreFactory() for _ in range(count)]
        for store in stores:
            department = DepartmentFactory(store=store)
            for week in range(count):
                rollup_row(store, date(2026, 10, 5) - timedelta(weeks=week), "90.00")
                rollup_row(store, date(2026, 10, 1), "90.00", period=P.MONTH, level=L.DEPARTMENT, department=department)
                CallbackFactory(customer=CustomerFactory(store=store), due_at=NOW - timedelta(days=1))
            rollup_row(store, date(2026, 10, 1), "90.00", period=P.MONTH, callbacks_due=2, callbacks_reached=1)
        return stores

    for count in (1, 10):
        stores = grow(count)
        with django_assert_num_queries(1):
            figures(stores)
