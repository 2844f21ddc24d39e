"""The queues at scale (issue 12): done history paged without counting it, the team's owner filter from the staff
who call back, and query counts that stay put as callbacks and staff grow."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from organization.models import Department
from organization.roles import Role
from tests.factories import CallbackFactory, DepartmentFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def cs(staff):
    return staff(Role.CUSTOMER_SERVICE, username="cs_a")


@pytest.fixture
def head(store, staff):
    head = staff(Role.DEPARTMENT_HEAD, username="cs_head")
    DepartmentFactory(store=store, kind=Department.Kind.CUSTOMER_SERVICE, head=head)
    return head


@pytest.fixture(autouse=True)
def at_now(time_machine):
    time_machine.move_to(NOW, tick=False)


def done_calls(store, count, *, first=0, owner=None, reached=True):
    """`count` done calls, the n-th completed n hours before NOW, named 客户<n>."""
    for n in range(first, first + count):
        CallbackFactory(
            customer__store=store,
            customer__name=f"客户{n:03d}",
            owner=owner,
            due_at=NOW - timedelta(days=30),
            completed_at=NOW - timedelta(hours=n + 1),
            attempts=1,
            reached=reached,
            satisfied=True if reached else None,
        )


def names(response):
    rows = response.content.decode().split('data-testid="callback-row"')[1:]
    return [row.split("<td>")[1].split("</td>")[0] for row in rows]


def callback_counts(queries):
    return [q["sql"] for q in queries if "COUNT" in q["sql"] and '"surveys_callback"' in q["sql"]]


def test_done_history_pages_latest_first_with_a_next_link_and_no_total(store, cs, client_of):
    done_calls(store, 30)
    client = client_of(cs)
    first = client.get(reverse("surveys:my_callbacks"), {"outcome": "reached"})
    assert names(first) == [f"客户{n:03d}" for n in range(25)]
    page = first.content.decode()
    assert 'data-testid="history-pages"' in page and "?outcome=reached&amp;page=2" in page
    second = client.get(reverse("surveys:my_callbacks"), {"outcome": "reached", "page": 2})
    assert names(second) == [f"客户{n:03d}" for n in range(25, 30)]
    page = second.content.decode()
    assert "?outcome=reached&amp;page=1" in page and "page=3" not in page


@pytest.mark.parametrize("number", ["abc", "0", "-3", "99999999999999999999999", "²"])
def test_a_strange_history_page_number_is_the_first_page_or_an_empty_one_never_an_error(number, store, cs, client_of):
    done_calls(store, 3)
    response = client_of(cs).get(reverse("surveys:my_callbacks"), {"outcome": "reached", "page": number})
    assert response.status_code == 200
    shown = names(response)
    assert shown in ([f"客户{n:03d}" for n in range(3)], [])
    if not shown:
        assert gettext("No callbacks here.") in response.content.decode()


def test_a_history_page_past_the_end_is_empty_and_leads_back(store, cs, client_of):
    done_calls(store, 3)
    response = client_of(cs).get(reverse("surveys:my_callbacks"), {"outcome": "reached", "page": 4})
    assert names(response) == []
    assert "?outcome=reached&amp;page=3" in response.content.decode()


def test_the_history_page_counts_no_history_and_keeps_its_query_count_from_3_to_30_calls(
    store, cs, client_of, django_assert_max_num_queries
):
    client = client_of(cs)
    done_calls(store, 3, reached=False)
    client.get(reverse("surveys:my_callbacks"))  # the session's first request writes its own rows
    with django_assert_max_num_queries(5) as few:
        assert len(names(client.get(reverse("surveys:my_callbacks"), {"outcome": "unreached"}))) == 3
    page_queries = len(few.captured_queries)
    done_calls(store, 27, first=3, reached=False)
    with django_assert_max_num_queries(page_queries) as many:
        assert len(names(client.get(reverse("surveys:my_callbacks"), {"outcome": "unreached"}))) == 25
    # The only count over callbacks is the open queue's sections, one conditional aggregate.
    assert len(callback_counts(many.captured_queries)) == 1
    assert "FILTER" in callback_counts(many.captured_queries)[0]


def test_the_owner_filter_lists_who_calls_back_and_who_holds_open_calls(store, other_store, head, staff, client_of):
    consultant = staff(Role.SALES_CONSULTANT, username="consultant_no_calls")
    moved_on = staff(Role.TECHNICIAN, username="moved_on_with_a_call")
    CallbackFactory(customer__store=store, owner=moved_on)
    staff(Role.TECHNICIAN, username="technician")
    staff(Role.CUSTOMER_SERVICE, username="inactive_cs", is_active=False)
    staff(Role.CUSTOMER_SERVICE, username="south_cs", store=other_store)
    page = client_of(head).get(reverse("surveys:team_queue")).content.decode()
    owner_select = page.split('name="owner" class="form-select" id="id_owner"')[1].split("</select>")[0]
    assert f'value="{consultant.pk}"' in owner_select and f'value="{moved_on.pk}"' in owner_select
    for name in ("technician", "inactive_cs", "south_cs"):
        assert f">{name}<" not in owner_select


def test_the_team_queue_keeps_its_query_count_as_calls_and_staff_grow(
    store, head, staff, client_of, django_assert_max_num_queries
):
    client = client_of(head)
    specialist = staff(Role.CUSTOMER_SERVICE, username="cs_0")
    CallbackFactory(customer__store=store, owner=specialist)
    done_calls(store, 2, owner=specialist)
    client.get(reverse("surveys:team_queue"))  # the session's first request writes its own rows
    with django_assert_max_num_queries(8) as one:
        assert client.get(reverse("surveys:team_queue")).status_code == 200
    page_queries = len(one.captured_queries)
    for n in range(1, 10):
        person = staff(Role.CUSTOMER_SERVICE, username=f"cs_{n}")
        for _ in range(3):
            CallbackFactory(customer__store=store, owner=person)
        done_calls(store, 2, first=2 * n, owner=person)
    with django_assert_max_num_queries(page_queries) as ten:
        response = client.get(reverse("surveys:team_queue"))
    assert len(names(response)) == 25
    assert not any("DISTINCT" in q["sql"] for q in ten.captured_queries)
    # One count: the sections; the whole open queue's pages (28 calls) come from their sum.
    assert len(callback_counts(ten.captured_queries)) == 1
    assert gettext("Page %(number)s of %(total)s") % {"number": 1, "total": 2} in response.content.decode()
    filtered = client.get(reverse("surveys:team_queue"), {"owner": specialist.pk})
    assert len(names(filtered)) == 1 and "page=2" not in filtered.content.decode()
    for outcome in ("reached", "dissatisfied"):
        with django_assert_max_num_queries(page_queries):
            assert client.get(reverse("surveys:team_queue"), {"outcome": outcome}).status_code == 200
