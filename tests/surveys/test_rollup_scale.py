"""seed_demo --scale, satisfaction: at a small size the answers, surveys and callbacks load in rounds and resume;
the rollup of one week for every store matches the raw answers and takes as many queries at 1 store as at 2."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import Avg, Count, Max, Min
from django.test.utils import CaptureQueriesContext

from customers.scale import load_scale
from surveys import scale_satisfaction
from surveys.models import Answer, Callback, SatisfactionRollup, Survey
from surveys.rollup import Window, roll_up

NOW = datetime(2026, 11, 30, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
P, L = SatisfactionRollup.Period, SatisfactionRollup.Level


@pytest.fixture
def loaded(db, monkeypatch):
    monkeypatch.setenv("SCALE_SURVEY_ANSWERS", "6000")
    load_scale(200, stores=2, report=lambda line: None)
    return scale_satisfaction.load_satisfaction_scale(200, stores=2, report=lambda line: None, now=NOW)


def test_counts_and_resuming(loaded):
    assert 5820 <= Answer.objects.count() <= 6180  # SCALE_SURVEY_ANSWERS within 3 %
    assert loaded["answers"] == Answer.objects.count()
    assert loaded["surveys"] == Survey.objects.count() == Callback.objects.filter(reached=True).count()
    assert Survey.objects.exclude(answered_at=None).count() == Answer.objects.values("survey").distinct().count()
    assert Survey.objects.values("store").distinct().count() == 2
    span = Survey.objects.aggregate(first=Min("answered_at"), last=Max("answered_at"))
    assert (span["last"] - span["first"]).days >= 700 and span["last"] <= NOW
    assert loaded["rollup_rows"] > 0  # the last complete week, rolled up
    again = scale_satisfaction.load_satisfaction_scale(200, stores=2, report=lambda line: None, now=NOW)
    assert (again["rounds_loaded"], again["answers"]) == (0, 0)
    assert Answer.objects.count() == loaded["answers"]


def test_a_weeks_rollup_for_every_store_matches_the_raw_answers(loaded):
    week = Window(P.WEEK, datetime(2026, 11, 16).date())
    since, until = week.moments
    with CaptureQueriesContext(connection) as queries:
        roll_up(P.WEEK, week.start, now=NOW)
    assert len(queries) <= 12
    raw = (
        Survey.objects.filter(answered_at__gte=since, answered_at__lt=until)
        .values("store", "kind")
        .annotate(n=Count("pk", distinct=True), mean=Avg("answers__points"))
        .order_by()
    )
    rows = {(r.store_id, r.kind): r for r in SatisfactionRollup.objects.filter(period=P.WEEK, level=L.STORE)}
    for group in raw:
        row = rows[group["store"], group["kind"]]
        assert row.responses == group["n"]
        # A kind's surveys all have the same items, so the mean of the survey scores is the mean of their points.
        assert abs(row.mean_score - group["mean"]) <= Decimal("0.01")


def test_a_larger_target_tops_up_after_a_partial_last_round(loaded, monkeypatch):
    before = Callback.objects.count()
    monkeypatch.setenv("SCALE_SURVEY_ANSWERS", "9000")
    more = scale_satisfaction.load_satisfaction_scale(200, stores=2, report=lambda line: None, now=NOW)
    assert more["rounds_loaded"] >= 1 and Callback.objects.count() > before
    assert 8730 <= Answer.objects.count() <= 9270  # the new target within 3 %
    assert Callback.objects.values("source", "kind").distinct().count() == Callback.objects.count()


def test_slots_missing_in_the_middle_are_loaded_again(loaded):
    """Slots missing in the middle come back on the next run, and nothing already there is loaded twice. The bench
    cluster had 152 such slots per store: an earlier resume went on at the next whole round after a partial one."""
    before = Callback.objects.count()
    gone = [c for c in Callback.objects.values_list("pk", "source") if 10 <= int(c[1].rsplit("-", 1)[1]) < 25]
    Survey.objects.filter(callback__in=[pk for pk, _ in gone]).delete()
    Callback.objects.filter(pk__in=[pk for pk, _ in gone]).delete()
    again = scale_satisfaction.load_satisfaction_scale(200, stores=2, report=lambda line: None, now=NOW)
    assert again["callbacks"] == len(gone) == 2 * 15
    assert Callback.objects.count() == before
    assert Callback.objects.values("source", "kind").distinct().count() == before
