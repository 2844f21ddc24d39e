"""The staff-incentives page (aftersales.package_views.incentives): who reads it, the month selector, the store."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils.translation import gettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aftersales import packages
from aftersales.models import OilSize
from organization.roles import Role
from tests.factories import VehicleFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
URL = reverse("aftersales:incentives")
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def sell(store, seller, times=1):
    with time_machine.travel(datetime(2026, 3, 10, 11, 0, tzinfo=SHANGHAI)):
        for _n in range(times):
            packages.sell_package(VehicleFactory(owner__store=store), OilSize.SIX_LITRES, by=seller)


@time_machine.travel(datetime(2026, 4, 2, 9, 0, tzinfo=SHANGHAI))
def test_the_manager_reads_each_persons_incentives_for_the_month(staff, client_of):
    advisor = staff(Role.SERVICE_ADVISOR, name="王顾问")
    sell(advisor.store, advisor, times=2)

    response = client_of(staff(Role.AFTER_SALES_MANAGER)).get(URL, {"month": "2026-03"})

    assert response.status_code == 200
    [row] = response.context["rows"]
    assert (row.person, row.packages, row.total) == (advisor, 2, Decimal(200))
    assert "王顾问" in response.content.decode()
    assert client_of(staff(Role.GENERAL_MANAGER)).get(URL, {"month": "2026-04"}).context["rows"] == []


@time_machine.travel(datetime(2026, 4, 2, 9, 0, tzinfo=SHANGHAI))
def test_this_month_when_none_is_chosen(staff, client_of):
    response = client_of(staff(Role.AFTER_SALES_MANAGER)).get(URL)

    assert response.context["month"] == date(2026, 4, 1)


def test_an_advisor_may_not_read_it(staff, client_of):
    assert client_of(staff(Role.SERVICE_ADVISOR)).get(URL).status_code == 403


@time_machine.travel(datetime(2026, 4, 2, 9, 0, tzinfo=SHANGHAI))
def test_another_stores_sales_are_not_shown(staff, client_of, other_store):
    seller = staff(Role.SERVICE_ADVISOR, store=other_store)
    sell(other_store, seller)

    response = client_of(staff(Role.AFTER_SALES_MANAGER)).get(URL, {"month": "2026-03"})

    assert response.context["rows"] == []


@time_machine.travel(datetime(2026, 4, 2, 9, 0, tzinfo=SHANGHAI))
def test_the_group_user_reads_the_store_chosen(group_user, staff, client_of):
    advisor = staff(Role.SERVICE_ADVISOR)
    sell(advisor.store, advisor)
    client = client_of(group_user)

    unchosen = client.get(URL, {"month": "2026-03"})
    chosen = client.get(URL, {"month": "2026-03", "store": advisor.store.code})

    assert unchosen.context["rows"] is None
    assert gettext("Choose a store to read its staff incentives.") in unchosen.content.decode()
    assert [row.person for row in chosen.context["rows"]] == [advisor]
    assert client.get(URL, {"store": "nowhere"}).status_code == 404


@time_machine.travel(datetime(2026, 4, 2, 9, 0, tzinfo=SHANGHAI))
@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2026-13", "Enter a month as YYYY-MM."),
        ("March", "Enter a month as YYYY-MM."),
        ("2026-05", "Choose a month up to this one."),
    ],
)
def test_a_bad_month_is_refused_with_a_message(staff, client_of, month, message):
    response = client_of(staff(Role.AFTER_SALES_MANAGER)).get(URL, {"month": month})

    assert response.status_code == 422
    assert response.context["form"].errors["month"] == [gettext(message)]


@pytest.mark.parametrize("sellers", [1, 30])
def test_a_constant_number_of_queries_whatever_the_people(staff, client_of, sellers, django_assert_max_num_queries):
    manager = staff(Role.AFTER_SALES_MANAGER)
    for n in range(sellers):
        sell(manager.store, staff(Role.SERVICE_ADVISOR, username=f"seller-{n}"))
    client = client_of(manager)

    with django_assert_max_num_queries(16):
        response = client.get(URL, {"month": "2026-03"})

    assert len(response.context["rows"]) == sellers


@FUZZ
@given(month=st.one_of(st.text(max_size=12), st.sampled_from(["0000-01", "9999-12", "2026-00", "2026-1", " 2026-03"])))
def test_garbage_months_answer_200_or_422(staff, client_of, month):
    response = client_of(staff(Role.AFTER_SALES_MANAGER)).get(URL, {"month": month})

    assert response.status_code in (200, 422)
