"""The GM opens the dashboard after the demo data and a rollup: the trend chart's twelve points are the rollup rows,
a complaint panel links to the complaint; the group user compares the stores and opens one read-only."""

import json
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from organization.management.commands.seed_demo import DEMO_PASSWORD
from organization.models import Store
from surveys import rollup
from surveys.models import SatisfactionRollup, SurveyKind
from tests.factories import StoreFactory

pytestmark = [pytest.mark.browser]
L, P = SatisfactionRollup.Level, SatisfactionRollup.Period


@pytest.fixture
def demo_data(reference_data):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    now = timezone.now()
    today = timezone.localdate(now)
    monday = today - timedelta(days=today.weekday())
    weeks = [rollup.Window(P.WEEK, monday - timedelta(weeks=back)) for back in range(12)]
    months = [rollup.Window(P.MONTH, last_month()), rollup.Window(P.MONTH, today.replace(day=1))]
    rollup.roll_up_windows([*weeks, *months], now=now)
    return Store.objects.get(code="demo")


def last_month():
    """The month before this one: the demo's answers lie in the twelve weeks before this week."""
    return (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()


def weekly_rows(store, kind):
    rows = SatisfactionRollup.objects.filter(store=store, kind=kind, period=P.WEEK, level=L.STORE)
    return {row.period_start.isoformat(): row.mean_score for row in rows}


def as_decimal(value):
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def test_the_gm_reads_the_trend_and_follows_a_complaint(demo_data, live_server, page, screenshot):
    log_in(page, live_server, "gm")
    expect(page.get_by_role("heading", level=1)).to_contain_text("总经理看板")
    expect(page.get_by_test_id("trend-chart")).to_be_visible()

    points = json.loads(page.locator("#trend-data").text_content())
    csi, ssi = weekly_rows(demo_data, SurveyKind.CSI), weekly_rows(demo_data, SurveyKind.SSI)
    assert len(points) == 12
    assert [as_decimal(point["csi"]) for point in points] == [csi.get(point["week"]) for point in points]
    assert [as_decimal(point["ssi"]) for point in points] == [ssi.get(point["week"]) for point in points]
    assert sum(point["csi"] is not None for point in points) >= 11  # the demo's twelve weeks of answers
    page.wait_for_function("() => document.querySelector('[data-testid=trend-chart]').width > 0")
    screenshot("dashboard-01-gm")

    waiting = page.get_by_test_id("gm-waiting-item").first
    number = waiting.get_attribute("data-number")
    waiting.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)


def test_the_group_user_compares_the_stores(demo_data, live_server, page, screenshot):
    month = last_month()
    other = StoreFactory(code="sz01", name="深圳南山4S店")
    demo_csi = SatisfactionRollup.objects.get(
        store=demo_data, kind=SurveyKind.CSI, period=P.MONTH, period_start=month, level=L.STORE
    ).mean_score
    SatisfactionRollup.objects.create(
        store=other,
        kind=SurveyKind.CSI,
        period=P.MONTH,
        period_start=month,
        level=L.STORE,
        responses=40,
        mean_score=demo_csi + 1,
        computed_at=timezone.now(),
    )

    log_in(page, live_server, "group")
    expect(page.get_by_role("heading", level=1)).to_contain_text("集团看板")
    page.get_by_label("月份").fill(f"{month:%Y-%m}")
    page.get_by_label("排名依据").select_option("csi")
    page.get_by_role("button", name="查看").click()

    rows = page.get_by_test_id("group-table").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_attribute("data-store", "sz01")
    expect(rows.nth(1)).to_have_attribute("data-store", "demo")
    expect(rows.nth(1).locator('[data-measure="csi"]')).to_have_text(
        str(demo_csi.quantize(Decimal("0.1"), ROUND_HALF_UP))
    )
    screenshot("dashboard-02-group")

    rows.nth(1).get_by_role("link", name=demo_data.name).click()
    expect(page.get_by_test_id("read-only")).to_be_visible()
    expect(page.get_by_test_id("trend-chart")).to_be_visible()
    screenshot("dashboard-03-group-reads-a-store")
