"""The GM's holiday page (节假日): list by year, add, edit, delete after a confirmation, import a mainland year."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from organization import calendar
from organization.models import Holiday
from organization.roles import Role
from tests.factories import HolidayFactory

SPRING_FESTIVAL = date(2026, 2, 17)


@pytest.fixture
def gm(staff):
    return staff(Role.GENERAL_MANAGER)


@pytest.fixture
def group_user(staff):
    return staff(Role.GROUP_MANAGEMENT, store=None)


def test_the_gm_lists_a_year_of_their_own_store(store, other_store, gm, client_of):
    HolidayFactory(store=store, date=SPRING_FESTIVAL, name="春节闭店")
    HolidayFactory(store=store, date=date(2025, 2, 1), name="去年")
    HolidayFactory(store=other_store, date=date(2026, 2, 18), name="南区闭店")
    page = client_of(gm).get(reverse("organization:holidays"), {"year": 2026}).content.decode()
    assert "春节闭店" in page and "去年" not in page and "南区闭店" not in page
    assert reverse("organization:holiday_create") in page
    assert reverse("organization:holiday_import") in page


def test_the_group_user_reads_every_store_and_writes_none(store, other_store, group_user, client_of):
    HolidayFactory(store=store, date=SPRING_FESTIVAL, name="春节闭店")
    HolidayFactory(store=other_store, date=date(2026, 2, 18), name="南区闭店")
    client = client_of(group_user)
    page = client.get(reverse("organization:holidays"), {"year": 2026}).content.decode()
    assert "春节闭店" in page and "南区闭店" in page and store.name in page
    assert reverse("organization:holiday_create") not in page
    assert client.post(reverse("organization:holiday_import"), {"year": 2026}).status_code == 403
    assert client.post(reverse("organization:holiday_create"), {}).status_code == 403


def test_a_bad_year_in_the_list_answers_400(gm, client_of):
    assert client_of(gm).get(reverse("organization:holidays"), {"year": "abc"}).status_code == 400


def test_the_gm_adds_a_closed_day_and_the_same_day_twice_is_refused(store, gm, client_of):
    client = client_of(gm)
    values = {"date": "2026-02-17", "name": "春节闭店", "kind": Holiday.Kind.CLOSED}
    response = client.post(reverse("organization:holiday_create"), values)
    assert response.status_code == 302 and response["Location"].endswith("?year=2026")
    day = Holiday.objects.get()
    assert day.store == store and day.history.count() == 1
    again = client.post(reverse("organization:holiday_create"), {**values, "name": "再来一次"})
    assert again.status_code == 422
    assert escape(gettext("This day is already in the store's holiday table.")) in again.content.decode()
    assert Holiday.objects.count() == 1


def test_the_gm_edits_a_day(store, gm, client_of):
    day = HolidayFactory(store=store, date=SPRING_FESTIVAL)
    values = {"date": "2026-02-17", "name": "照常营业", "kind": Holiday.Kind.WORKING}
    assert client_of(gm).post(reverse("organization:holiday_edit", args=[day.pk]), values).status_code == 302
    day.refresh_from_db()
    assert day.kind == Holiday.Kind.WORKING and day.name == "照常营业" and day.history.count() == 2


def test_deleting_asks_first(store, gm, client_of):
    day = HolidayFactory(store=store, date=SPRING_FESTIVAL)
    client = client_of(gm)
    url = reverse("organization:holiday_delete", args=[day.pk])
    confirmation = client.get(url)
    assert confirmation.status_code == 200 and 'method="post"' in confirmation.content.decode()
    assert Holiday.objects.exists()
    assert client.post(url).status_code == 302
    assert not Holiday.objects.exists()


def test_the_gm_cannot_touch_another_stores_day(other_store, gm, client_of):
    day = HolidayFactory(store=other_store)
    assert client_of(gm).post(reverse("organization:holiday_delete", args=[day.pk])).status_code == 404
    assert Holiday.objects.exists()


def test_importing_a_mainland_year_adds_its_days_and_keeps_the_gms(store, gm, client_of):
    HolidayFactory(store=store, date=SPRING_FESTIVAL, name="照常营业", kind=Holiday.Kind.WORKING)
    client = client_of(gm)
    response = client.post(reverse("organization:holiday_import"), {"year": 2026})
    assert response.status_code == 302
    mainland = calendar.mainland_holidays(2026)
    assert Holiday.objects.filter(store=store).count() == len(mainland)
    assert Holiday.objects.get(date=SPRING_FESTIVAL).name == "照常营业"
    assert Holiday.objects.get(date=date(2026, 2, 14)).kind == Holiday.Kind.WORKING  # 调休
    assert Holiday.history.count() == len(mainland)
    client.post(reverse("organization:holiday_import"), {"year": 2026})
    assert Holiday.objects.count() == len(mainland)


def test_importing_a_year_chinese_calendar_does_not_know_says_so(gm, client_of):
    response = client_of(gm).post(reverse("organization:holiday_import"), {"year": 2027})
    assert response.status_code == 422
    message = gettext("The mainland holiday calendar has no data for %(year)s yet: add that year's days by hand.")
    assert escape(message % {"year": 2027}) in response.content.decode()
    assert not Holiday.objects.exists()


@pytest.mark.parametrize("rows", [1, 30])
def test_the_list_keeps_a_constant_query_count(rows, store, group_user, client_of, django_assert_max_num_queries):
    for n in range(rows):
        HolidayFactory(store=store, date=date(2026, 1, 1).replace(day=1 + n % 28, month=1 + n // 28))
    client = client_of(group_user)
    with django_assert_max_num_queries(7):
        page = client.get(reverse("organization:holidays"), {"year": 2026})
    assert page.content.decode().count('data-testid="holiday-row"') == rows


def test_the_gm_finds_the_page_in_the_bar(gm, client_of):
    page = client_of(gm).get(reverse("organization:holidays")).content.decode()
    assert f'href="{reverse("organization:holidays")}"' in page
