from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext
from hypothesis import given

from organization.models import Department
from organization.roles import Role
from surveys.models import SatisfactionRollup, SurveyKind
from surveys.rollup import roll_up
from tests.customers.test_bad_input import FUZZ, field, form, split
from tests.factories import DepartmentFactory, SurveyFactory, UserFactory
from tests.surveys.rollup_data import at

URL = reverse("surveys:satisfaction_report")
P = SatisfactionRollup.Period
NOW = at(2026, 10, 5, 6, 0)


def answered(store, when, score, **fields):
    return SurveyFactory(store=store, answered_at=when, channel="phone", score=score, **fields)


@pytest.fixture
def gm(staff):
    return staff(Role.GENERAL_MANAGER)


@pytest.fixture
def weeks(store):
    """Two weeks of CSI answers: the workshop scores 94 in the second, an advisor 100."""
    workshop = DepartmentFactory(store=store, kind=Department.Kind.WORKSHOP)
    advisor = UserFactory(store=store, name="王顾问", roles=[Role.SERVICE_ADVISOR])
    answered(store, at(2026, 9, 22, 10), 90, department=workshop)
    answered(store, at(2026, 9, 29, 10), 94, department=workshop)
    answered(store, at(2026, 9, 30, 10), 100, department=workshop, staff=advisor)
    roll_up(P.WEEK, date(2026, 9, 21), now=NOW)
    roll_up(P.WEEK, date(2026, 9, 28), now=NOW)
    return workshop


def test_it_shows_the_trend_and_the_department_below_target(client_of, gm, weeks):
    response = client_of(gm).get(URL)
    assert response.status_code == 200
    trend = response.context["trend"]
    assert [(row.period_start, row.mean_score, row.change) for row in trend] == [
        (date(2026, 9, 28), Decimal("97.00"), Decimal("7.00")),
        (date(2026, 9, 21), Decimal("90.00"), None),
    ]
    assert trend[0].company_ok and not trend[1].company_ok
    (workshop,) = response.context["departments"]
    assert (workshop.department, workshop.department_ok) == (weeks, True)  # 97: 94 and 100
    assert [row.staff.name for row in response.context["staff_rows"]] == ["王顾问"]
    assert gettext("Below target") not in response.content.decode()


def test_a_department_under_ninety_five_is_marked(client_of, gm, store):
    answered(store, at(2026, 9, 29, 10), "94.99", department=DepartmentFactory(store=store))
    roll_up(P.WEEK, date(2026, 9, 28), now=NOW)
    response = client_of(gm).get(URL)
    assert response.context["departments"][0].department_ok is False
    assert gettext("Below target") in response.content.decode()


def test_monthly_ssi_shows_the_monthly_rows(client_of, gm, store):
    answered(store, at(2026, 9, 29, 10), 88, kind=SurveyKind.SSI)
    roll_up(P.MONTH, date(2026, 9, 1), now=NOW)
    response = client_of(gm).get(URL, {"period": "month", "kind": "ssi"})
    assert [row.period_start for row in response.context["trend"]] == [date(2026, 9, 1)]
    assert client_of(gm).get(URL, {"period": "week", "kind": "ssi"}).context["trend"] == []


def test_another_stores_rows_never_show(client_of, gm, store, other_store):
    answered(other_store, at(2026, 9, 29, 10), 50)
    roll_up(P.WEEK, date(2026, 9, 28), now=NOW)
    assert client_of(gm).get(URL).context["trend"] == []
    assert client_of(gm).get(URL, {"store": other_store.code}).status_code == 404


def test_the_group_user_picks_a_store(client_of, group_user, store, other_store):
    answered(other_store, at(2026, 9, 29, 10), 50)
    roll_up(P.WEEK, date(2026, 9, 28), now=NOW)
    response = client_of(group_user).get(URL, {"store": other_store.code})
    assert response.status_code == 200
    assert [row.mean_score for row in response.context["trend"]] == [Decimal("50.00")]
    assert client_of(group_user).get(URL, {"store": "nowhere"}).status_code == 404


@pytest.mark.parametrize("role", [Role.SERVICE_ADVISOR, Role.SALES_CONSULTANT, Role.TECHNICIAN])
def test_other_roles_are_refused(client_of, staff, role):
    assert client_of(staff(role)).get(URL).status_code == 403


def test_it_takes_only_get(client_of, gm):
    assert client_of(gm).post(URL).status_code == 405


def test_a_bad_period_is_a_422_with_a_message(client_of, gm):
    response = client_of(gm).get(URL, {"period": "decade"})
    assert response.status_code == 422
    assert "decade" in response.content.decode()


def test_the_query_count_stays_the_same_at_one_and_thirty_weeks_and_people(
    client_of, gm, store, django_assert_max_num_queries
):
    department = DepartmentFactory(store=store)

    def fill(weeks, first=0):
        for n in range(first, weeks):
            monday = date(2026, 9, 28) - timedelta(days=7 * n)
            person = UserFactory(store=store, roles=[Role.SERVICE_ADVISOR])
            answered(store, at(monday.year, monday.month, monday.day, 10), 90, department=department, staff=person)
            answered(store, at(2026, 9, 29, 11), 95, department=department, staff=person, source=f"this-week:{n}")
        for n in range(weeks):
            roll_up(P.WEEK, date(2026, 9, 28) - timedelta(days=7 * n), now=NOW)

    client = client_of(gm)
    client.get(URL)  # the session's first request loads what later ones keep
    fill(1)
    with django_assert_max_num_queries(14) as one:
        client.get(URL)
    fill(30, first=1)
    with django_assert_max_num_queries(len(one)) as thirty:
        response = client.get(URL)
    assert len(response.context["staff_rows"]) == 30 and len(response.context["trend"]) == 12
    assert len(thirty) == len(one)


BAD_PERIODS = ["decade", "WEEK", "1", "week;drop"]
PERIOD = field(["", "week", "month"], BAD_PERIODS)
KIND = field(["", "csi", "ssi"], ["nps", "CSI", "0"])
STORE = field([""], ["nowhere", "x" * 30])


@FUZZ
@given(drawn=form(period=PERIOD, kind=KIND, store=STORE))
def test_bad_input_gets_a_message_and_a_4xx(client, gm, drawn):
    params, is_bad = split(drawn)
    client.force_login(gm)
    response = client.get(URL, params)
    status = response.status_code
    assert status in (200, 404, 422), (params, status)
    if is_bad:
        assert 400 <= status < 500, (params, status)
    elif all(kind == "ok" for _value, kind in drawn.values()):
        assert status == 200, (params, status)
