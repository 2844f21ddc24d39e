import json
import re
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.urls import reverse

from dashboard.models import GroupMonthFigures
from organization.models import Department
from organization.roles import Role
from surveys.models import SatisfactionRollup, SurveyKind
from tests.factories import CallbackFactory, CustomerFactory, DepartmentFactory, StoreFactory
from tests.surveys.rollup_data import at
from tests.surveys.test_figures import rollup_row

P, L = SatisfactionRollup.Period, SatisfactionRollup.Level
SSI = SurveyKind.SSI
NOW = at(2026, 10, 7, 10, 0)  # Wednesday; this week began on Monday 5 October, this month on the 1st
OCTOBER = date(2026, 10, 1)


def panel_url(key):
    return reverse("dashboard:panel", args=[key])


def text_of(html, name):
    """The text inside the element with data-testid=`name`."""
    return re.search(rf'data-testid="{name}"[^>]*>([^<]*)<', html).group(1).strip()


def trend_data(html):
    return json.loads(re.search(r'<script id="trend-data" type="application/json">(.*?)</script>', html).group(1))


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def gm(staff):
    return staff(Role.GENERAL_MANAGER)


def test_the_trend_is_the_twelve_weekly_rows_and_this_week_is_against_the_company_target(client_of, gm, store):
    rollup_row(store, date(2026, 10, 5), "92.50")
    rollup_row(store, date(2026, 10, 5), "90.00", kind=SSI)  # the company target is "above 90"
    rollup_row(store, date(2026, 8, 3), "87.25")
    rollup_row(store, date(2026, 7, 20), "93.00", kind=SSI)
    rollup_row(store, date(2026, 7, 13), "10.00")  # a thirteenth week back is not drawn

    html = client_of(gm).get(reverse("dashboard:gm")).content.decode()

    points = trend_data(html)
    assert len(points) == 12
    assert points[0] == {"week": "2026-07-20", "csi": None, "ssi": 93.0}
    assert points[2] == {"week": "2026-08-03", "csi": 87.25, "ssi": None}
    assert points[11] == {"week": "2026-10-05", "csi": 92.5, "ssi": 90.0}
    assert [p["week"] for p in points] == [(date(2026, 7, 20) + timedelta(weeks=n)).isoformat() for n in range(12)]
    assert sum(p["csi"] is not None or p["ssi"] is not None for p in points) == 3
    assert 'data-testid="trend-chart"' in html and 'data-target="90"' in html
    assert "js/dashboard_trend.js" in html and "vendor/chartjs/chart.umd.min.js" in html
    assert (text_of(html, "week-csi"), text_of(html, "week-ssi")) == ("92.5", "90.0")
    assert re.search(r'class="fs-4 text-success" data-testid="week-csi"', html)
    assert re.search(r'class="fs-4 text-danger" data-testid="week-ssi"', html)


def test_a_store_without_rows_shows_dashes_and_an_empty_trend(client_of, gm):
    html = client_of(gm).get(panel_url("satisfaction-week")).content.decode()
    assert [(p["csi"], p["ssi"]) for p in trend_data(html)] == [(None, None)] * 12
    assert text_of(html, "week-csi") == "—"


def test_the_callbacks_panel_shows_the_months_rates_and_the_calls_overdue_now(client_of, gm, store, other_store):
    csi = {"callbacks_due": 10, "callbacks_reached": 6, "surveys_completed": 3}
    rollup_row(store, OCTOBER, "91.00", period=P.MONTH, **csi)
    ssi = {"callbacks_due": 4, "callbacks_reached": 2, "surveys_completed": 2}
    rollup_row(store, OCTOBER, "96.00", kind=SSI, period=P.MONTH, **ssi)
    rollup_row(store, date(2026, 9, 1), "99.00", period=P.MONTH, callbacks_due=10, callbacks_reached=10)
    for due_at in (NOW - timedelta(minutes=1), NOW - timedelta(days=2), NOW + timedelta(minutes=1)):
        CallbackFactory(customer=CustomerFactory(store=store), due_at=due_at)
    CallbackFactory(customer=CustomerFactory(store=other_store), due_at=NOW - timedelta(days=2))

    response = client_of(gm).get(panel_url("satisfaction-callbacks"))

    html = response.content.decode()
    assert response.status_code == 200
    assert text_of(html, "callback-success") == "57.1%"  # 8 of 14 due reached: above 50
    assert text_of(html, "survey-completion") == "62.5%"  # 5 of 8 reached completed: above 60
    assert text_of(html, "overdue-callbacks") == "2"
    assert f'href="{reverse("surveys:team_queue")}?due=overdue"' in html
    assert 'hx-trigger="every 300s"' in html


def test_rates_under_target_are_marked(client_of, gm, store):
    rollup_row(store, OCTOBER, "91.00", period=P.MONTH, callbacks_due=10, callbacks_reached=4, surveys_completed=2)
    html = client_of(gm).get(panel_url("satisfaction-callbacks")).content.decode()
    assert re.search(r'text-danger" data-testid="callback-success">40\.0%<', html)
    assert re.search(r'text-danger" data-testid="survey-completion">50\.0%<', html)


def test_departments_below_ninety_five_are_highlighted_and_linked_to_the_plan(client_of, gm, store):
    sales = DepartmentFactory(store=store, kind=Department.Kind.SALES)
    workshop = DepartmentFactory(store=store, kind=Department.Kind.WORKSHOP)
    rollup_row(store, OCTOBER, "95.00", kind=SSI, period=P.MONTH, level=L.DEPARTMENT, department=sales)
    rollup_row(store, OCTOBER, "94.99", period=P.MONTH, level=L.DEPARTMENT, department=workshop)
    rollup_row(store, date(2026, 9, 1), "50.00", period=P.MONTH, level=L.DEPARTMENT, department=sales)

    html = client_of(gm).get(panel_url("satisfaction-departments")).content.decode()

    rows = re.findall(r'data-testid="department-score" data-on-target="(\w+)"', html)
    assert rows == ["no", "yes"]  # 94.99 first, below target; 95 meets it
    assert html.count("table-danger") == 1
    assert reverse("surveys:improvement_plan") in html
    assert f"{reverse('surveys:satisfaction_report')}?period=month&amp;store=north" in html


def test_the_group_ranks_stores_by_the_months_satisfaction(client_of, group_user, store, other_store):
    rollup_row(store, OCTOBER, "91.00", period=P.MONTH, callbacks_due=10, callbacks_reached=6, surveys_completed=3)
    rollup_row(other_store, OCTOBER, "95.50", period=P.MONTH, callbacks_due=4, callbacks_reached=1)
    rollup_row(other_store, OCTOBER, "88.00", kind=SSI, period=P.MONTH)

    response = client_of(group_user).get(reverse("dashboard:group"), {"month": "2026-10", "sort": "csi"})

    assert response.status_code == 200
    mine = ("csi", "ssi", "callback_success", "survey_completion")  # other apps add their own columns
    rows = [(rank, s.code, {key: values[key] for key in mine}) for rank, s, values in response.context["rows"]]
    assert [(rank, code) for rank, code, _ in rows] == [(1, "south"), (2, "north")]
    south, north = rows[0][2], rows[1][2]
    assert south == {"csi": D("95.50"), "ssi": D("88.00"), "callback_success": D("25.00"), "survey_completion": D(0)}
    assert north == {"csi": D("91.00"), "ssi": None, "callback_success": D("60.00"), "survey_completion": D("50.00")}
    html = response.content.decode()
    assert re.search(r'data-store="south">.*?data-measure="callback_success">25\.0%<', html, re.S)


def test_the_gms_month_panel_shows_the_same_figures_as_the_group(client_of, gm, store):
    rollup_row(store, OCTOBER, "91.00", period=P.MONTH, callbacks_due=10, callbacks_reached=6, surveys_completed=3)
    html = client_of(gm).get(panel_url("month")).content.decode()
    assert re.search(r'data-measure="csi">91\.0<', html)
    assert re.search(r'data-measure="callback_success">60\.0%<', html)


def test_the_group_user_reads_a_stores_panels(client_of, group_user, store, other_store):
    rollup_row(other_store, date(2026, 10, 5), "93.00")
    rollup_row(store, date(2026, 10, 5), "80.00")
    url = reverse("dashboard:store_panel", args=[other_store.code, "satisfaction-week"])
    html = client_of(group_user).get(url).content.decode()
    assert text_of(html, "week-csi") == "93.0"
    assert "store=south" in html


@pytest.mark.parametrize("role", [Role.CUSTOMER_SERVICE, Role.DEPARTMENT_HEAD, Role.SERVICE_ADVISOR])
def test_other_roles_may_not_open_the_panels(client_of, staff, role):
    client = client_of(staff(role))
    assert client.get(panel_url("satisfaction-callbacks")).status_code == 403
    assert client.get(reverse("dashboard:gm")).status_code == 403


def test_a_panel_answers_only_get(client_of, gm):
    assert client_of(gm).post(panel_url("satisfaction-week")).status_code == 405


def grow(stores, scale):
    """`scale` times the rows: weeks, months, departments and overdue calls for each store."""
    for store in stores:
        department = DepartmentFactory(store=store, kind=Department.Kind.AFTER_SALES)
        for n in range(scale):
            rollup_row(store, date(2026, 10, 5) - timedelta(weeks=n), "90.00")
            rollup_row(store, date(2026, 10, 5) - timedelta(weeks=n), "91.00", kind=SSI)
            rollup_row(store, OCTOBER, "92.00", period=P.MONTH, callbacks_due=3, callbacks_reached=2)
            rollup_row(store, OCTOBER, "94.00", period=P.MONTH, level=L.DEPARTMENT, department=department)
            CallbackFactory(customer=CustomerFactory(store=store), due_at=NOW - timedelta(hours=n + 1))


def test_the_gm_page_costs_the_same_queries_with_ten_times_the_rows(
    client_of, gm, store, django_assert_max_num_queries
):
    client = client_of(gm)
    client.get(reverse("dashboard:gm"))  # the session's first request loads more than the page
    counts = []
    for scale in (1, 10):
        grow([store], scale)
        cache.clear()
        with django_assert_max_num_queries(60) as context:
            assert client.get(reverse("dashboard:gm")).status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]


def test_the_group_page_costs_the_same_queries_with_ten_times_the_rows_and_stores(
    client_of, group_user, store, django_assert_max_num_queries
):
    client = client_of(group_user)
    client.get(reverse("dashboard:group"))  # the session's first request loads more than the page
    counts = []
    for scale in (1, 10):
        grow([store, *(StoreFactory() for _ in range(scale))], scale)
        GroupMonthFigures.objects.all().delete()  # the month's figures computed again at this scale
        with django_assert_max_num_queries(60) as context:
            assert client.get(reverse("dashboard:group"), {"month": "2026-10", "sort": "csi"}).status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]
