from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils.translation import gettext

from organization.roles import Role
from tests.factories import CareContactFactory, VehicleFactory

TODAY = date(2026, 11, 30)
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel("2026-11-30 09:00 +08:00", tick=False):
        yield


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


@pytest.fixture
def cs(staff):
    return staff(Role.CUSTOMER_SERVICE)


def contact(store, owner, name, **fields):
    fields.setdefault("due_on", TODAY)
    fields.setdefault("listed_on", fields["due_on"])
    return CareContactFactory(customer__store=store, customer__name=name, owner=owner, **fields)


def rows(response):
    return response.content.decode().split('data-testid="contact-row"')[1:]


def test_a_person_sees_their_contacts_due_today_or_before_not_later_nor_colleagues(store, advisor, staff, client_of):
    contact(store, advisor, "今天客户")
    contact(store, advisor, "逾期客户", due_on=date(2026, 11, 20))
    contact(store, advisor, "明天客户", due_on=date(2026, 12, 1))
    contact(store, staff(Role.SERVICE_ADVISOR), "同事客户")
    contact(store, None, "无主客户")
    contact(store, advisor, "已关客户", closed_at="2026-11-29T10:00+08:00")
    page = client_of(advisor).get(reverse("care:today")).content.decode()
    assert "今天客户" in page and "逾期客户" in page
    assert "明天客户" not in page and "同事客户" not in page and "无主客户" not in page and "已关客户" not in page


def test_overdue_first_late_marked_grouped_by_kind_with_counts(store, advisor, client_of):
    contact(store, advisor, "今天续保")
    contact(store, advisor, "逾期续保", due_on=date(2026, 11, 28), late=True)
    contact(store, advisor, "生日客户", kind="birthday", event_key="birthday:1")
    vehicle = VehicleFactory(owner__store=store, plate="粤A12345")
    contact(store, advisor, "年检客户", kind="inspection", vehicle=vehicle)
    response = client_of(advisor).get(reverse("care:today"))
    page = response.content.decode()
    assert page.index("逾期续保") < page.index("今天续保")
    listed = rows(response)
    late_row = next(row for row in listed if "逾期续保" in row)
    assert 'data-testid="late"' in late_row and gettext("Overdue") in late_row
    assert 'data-testid="late"' not in next(row for row in listed if "今天续保" in row)
    assert f"{gettext('Insurance renewal (续保)')}: 2" in page
    assert f"{gettext('Birthday greeting')}: 1" in page
    assert "粤A12345" in next(row for row in listed if "年检客户" in row)


def test_the_mobile_is_masked(store, advisor, client_of):
    CareContactFactory(customer__store=store, customer__mobile="13912345678", owner=advisor)
    page = client_of(advisor).get(reverse("care:today")).content.decode()
    assert "13912345678" not in page and "139****5678" in page


def test_customer_service_also_sees_the_stores_unowned_contacts(store, other_store, cs, client_of):
    contact(store, None, "无主客户")
    contact(store, cs, "我的客户")
    contact(other_store, None, "他店客户")
    page = client_of(cs).get(reverse("care:today")).content.decode()
    assert "无主客户" in page and "我的客户" in page and "他店客户" not in page


def test_the_list_query_count_does_not_grow(store, advisor, client_of, django_assert_max_num_queries):
    client = client_of(advisor)
    contact(store, advisor, "客户")
    with django_assert_max_num_queries(15) as one:
        client.get(reverse("care:today"))
    for index in range(29):
        contact(store, advisor, f"客户{index}", kind=["birthday", "inspection"][index % 2], vehicle=VehicleFactory())
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(rows(client.get(reverse("care:today")))) == 30


def test_the_team_view_filters_by_kind_owner_and_due(store, advisor, staff, client_of):
    manager = staff(Role.AFTER_SALES_MANAGER)
    contact(store, advisor, "顾问续保")
    contact(store, None, "无主生日", kind="birthday")
    contact(store, advisor, "逾期年检", kind="inspection", due_on=date(2026, 11, 1))
    contact(store, advisor, "下月续保", due_on=date(2026, 12, 30))
    client = client_of(manager)

    def names(**query):
        page = client.get(reverse("care:team"), query).content.decode()
        return {name for name in ("顾问续保", "无主生日", "逾期年检", "下月续保") if name in page}

    assert names() == {"顾问续保", "无主生日", "逾期年检"}
    assert names(kind="birthday") == {"无主生日"}
    assert names(owner=advisor.pk) == {"顾问续保", "逾期年检"}
    assert names(owner=0) == {"无主生日"}
    assert names(due="overdue") == {"逾期年检"}
    assert names(due="all") == {"顾问续保", "无主生日", "逾期年检", "下月续保"}


def test_the_team_view_refuses_a_bad_filter_with_a_message(store, staff, client_of):
    response = client_of(staff(Role.GENERAL_MANAGER)).get(reverse("care:team"), {"due": "someday"})
    assert response.status_code == 400
    assert "someday" in response.content.decode()


def test_the_team_view_shows_only_the_own_store_but_every_store_to_the_group(
    store, other_store, staff, group_user, client_of
):
    contact(store, None, "本店客户")
    contact(other_store, None, "他店客户")
    page = client_of(staff(Role.GENERAL_MANAGER)).get(reverse("care:team")).content.decode()
    assert "本店客户" in page and "他店客户" not in page
    page = client_of(group_user).get(reverse("care:team")).content.decode()
    assert "本店客户" in page and "他店客户" in page


def test_the_team_view_query_count_does_not_grow(store, advisor, staff, client_of, django_assert_max_num_queries):
    client = client_of(staff(Role.GENERAL_MANAGER))
    contact(store, advisor, "客户")
    with django_assert_max_num_queries(15) as one:
        client.get(reverse("care:team"))
    for index in range(29):
        contact(store, [advisor, None][index % 2], f"客户{index}", vehicle=VehicleFactory())
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(rows(client.get(reverse("care:team"), {"due": "all"}))) == 25


@pytest.mark.parametrize("role", [Role.TECHNICIAN, Role.SALES_CONSULTANT, Role.GROUP_MANAGEMENT])
def test_other_roles_may_not_open_todays_calls(role, staff, group_user, client_of):
    user = group_user if role == Role.GROUP_MANAGEMENT else staff(role)
    assert client_of(user).get(reverse("care:today")).status_code == 403


@pytest.mark.parametrize("role", [Role.SERVICE_ADVISOR, Role.CUSTOMER_SERVICE, Role.TECHNICIAN])
def test_the_team_view_is_for_managers(role, staff, client_of):
    assert client_of(staff(role)).get(reverse("care:team")).status_code == 403


def test_the_navigation_offers_todays_calls_to_an_advisor(advisor, client_of):
    assert reverse("care:today") in client_of(advisor).get(reverse("care:today")).content.decode()
