"""seed_demo's satisfaction: twelve weeks of answers rolled up, sales under its department target; idempotent."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from organization.models import Department, Store
from surveys.demo_satisfaction import load_demo_satisfaction
from surveys.models import SatisfactionRollup, Survey, SurveyKind
from surveys.targets import departments_below_target

P, L = SatisfactionRollup.Period, SatisfactionRollup.Level


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=None)
    return Store.objects.get(code="demo")


def test_twelve_weeks_of_trend_for_csi_and_ssi(demo):
    for kind in SurveyKind.values:
        weeks = SatisfactionRollup.objects.filter(store=demo, kind=kind, period=P.WEEK, level=L.STORE)
        assert weeks.filter(responses__gt=0).count() >= 12, kind
        assert weeks.exclude(callback_success_rate=None).exists()
    assert SatisfactionRollup.objects.filter(store=demo, level=L.STAFF, period=P.MONTH).exists()


def test_sales_is_the_department_under_target_last_month(demo):
    last_month = (timezone.localdate() - timedelta(days=31)).replace(day=1)
    below = departments_below_target(demo, last_month)
    assert [(row.department.kind, row.kind) for row in below] == [(Department.Kind.SALES, SurveyKind.SSI)]


def test_loading_again_adds_no_surveys(demo):
    surveys, rows = Survey.objects.count(), SatisfactionRollup.objects.count()
    load_demo_satisfaction(demo, {})
    assert (Survey.objects.count(), SatisfactionRollup.objects.count()) == (surveys, rows)
