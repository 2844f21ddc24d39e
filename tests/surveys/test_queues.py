from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from customers.models import MobileSearch
from organization.roles import Role
from surveys.models import Callback
from surveys.queues import LATER, OVERDUE, TODAY, due_section, end_of_today
from tests.factories import CallbackFactory, VehicleFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def cs(staff):
    return staff(Role.CUSTOMER_SERVICE)


@pytest.fixture
def at_now(time_machine):
    time_machine.move_to(NOW, tick=False)


def names(response):
    rows = response.content.decode().split('data-testid="callback-row"')[1:]
    return [row.split("<td>")[1].split("</td>")[0] for row in rows]


def make(store, owner, name, due_at, **fields):
    return CallbackFactory(customer__store=store, customer__name=name, owner=owner, due_at=due_at, **fields)


def test_due_sections_at_their_edges():
    def section(due_at):
        return due_section(Callback(due_at=due_at), NOW)

    assert end_of_today(NOW) == datetime(2026, 12, 1, 0, 0, tzinfo=SHANGHAI)
    assert section(NOW - timedelta(seconds=1)) == OVERDUE
    assert section(NOW) == TODAY
    assert section(datetime(2026, 11, 30, 23, 59, 59, tzinfo=SHANGHAI)) == TODAY
    assert section(datetime(2026, 12, 1, 0, 0, tzinfo=SHANGHAI)) == LATER


def test_the_queue_shows_counts_and_sections_in_due_order(store, cs, client_of, at_now):
    make(store, cs, "明天客户", NOW + timedelta(days=1))
    make(store, cs, "今天客户", NOW + timedelta(hours=3))
    make(store, None, "逾期客户", NOW - timedelta(hours=2))
    make(store, cs, "早逾期客户", NOW - timedelta(days=2))
    make(store, cs, "已完成客户", NOW - timedelta(days=3), completed_at=NOW, reached=True, satisfied=True)
    response = client_of(cs).get(reverse("surveys:my_callbacks"))
    assert names(response) == ["早逾期客户", "逾期客户", "今天客户", "明天客户"]
    page = response.content.decode()
    for section, count in ((OVERDUE, 2), (TODAY, 1), (LATER, 1)):
        assert f'data-testid="section-{section}"' in page
        badge = page.split(f'data-testid="count-{section}"')[1].split("</a>")[0]
        assert f">{count}</span>" in badge
    assert page.index('data-testid="section-overdue"') < page.index('data-testid="section-today"')


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"due": "overdue"}, ["逾期客户"]),
        ({"due": "today"}, ["今天客户"]),
        ({"due": "later"}, ["明天客户"]),
        ({"kind": Callback.Kind.VIP_CARE}, ["今天客户"]),
        ({"outcome": "reached"}, ["不满意客户", "满意客户"]),
        ({"outcome": "dissatisfied"}, ["不满意客户"]),
        ({"outcome": "unreached"}, ["未接通客户"]),
        ({"q": "今天"}, ["今天客户"]),
        ({"q": "粤B12"}, ["明天客户"]),
        ({"q": "8642"}, ["逾期客户"]),
    ],
)
def test_filters_and_search(filters, expected, store, cs, client_of, at_now):
    make(store, cs, "逾期客户", NOW - timedelta(hours=2), customer__mobile="13900008642")
    make(store, cs, "今天客户", NOW + timedelta(hours=3), kind=Callback.Kind.VIP_CARE)
    tomorrow = make(store, cs, "明天客户", NOW + timedelta(days=1))
    tomorrow.vehicle = VehicleFactory(owner=tomorrow.customer, plate="粤B12345")
    tomorrow.save(update_fields=["vehicle"])
    done = {"completed_at": NOW - timedelta(hours=1)}
    make(store, cs, "满意客户", NOW - timedelta(days=1), reached=True, satisfied=True, **done)
    make(store, cs, "不满意客户", NOW - timedelta(days=1), reached=True, satisfied=False, completed_at=NOW)
    make(store, cs, "未接通客户", NOW - timedelta(days=1), reached=False, **done)
    response = client_of(cs).get(reverse("surveys:my_callbacks"), filters)
    assert response.status_code == 200
    assert names(response) == expected


def test_a_search_by_the_last_four_digits_is_logged(store, cs, client_of, at_now):
    client_of(cs).get(reverse("surveys:my_callbacks"), {"q": "8642"})
    assert list(MobileSearch.objects.values_list("user", "digits")) == [(cs.pk, "8642")]


def test_a_specialist_cannot_filter_to_a_colleague(store, cs, staff, client_of, at_now):
    colleague = staff(Role.CUSTOMER_SERVICE)
    make(store, colleague, "同事客户", NOW)
    response = client_of(cs).get(reverse("surveys:my_callbacks"), {"owner": colleague.pk})
    assert response.status_code == 422 and names(response) == []


@pytest.mark.parametrize("filters", [{"due": "soon"}, {"kind": "x"}, {"outcome": "won"}, {"q": "张" * 51}])
def test_a_bad_filter_is_a_422_with_its_message(filters, cs, client_of):
    response = client_of(cs).get(reverse("surveys:my_callbacks"), filters)
    assert response.status_code == 422
    assert 'class="alert alert-danger"' in response.content.decode()


def test_pages_keep_the_filters(store, cs, client_of, at_now):
    for _ in range(30):
        make(store, cs, "逾期客户", NOW - timedelta(hours=1))
    page = client_of(cs).get(reverse("surveys:my_callbacks"), {"due": "overdue", "kind": ""}).content.decode()
    assert "?due=overdue&amp;kind=&amp;page=2" in page


def test_the_empty_queue_says_so(cs, client_of):
    page = client_of(cs).get(reverse("surveys:my_callbacks")).content.decode()
    assert gettext("No callbacks here.") in page


def test_the_query_count_is_the_same_at_1_and_30_rows(store, cs, client_of, django_assert_max_num_queries):
    client = client_of(cs)
    make(store, cs, "客户", timezone.now())
    with django_assert_max_num_queries(14) as one:
        assert client.get(reverse("surveys:my_callbacks"), {"outcome": "open", "q": "客户"}).status_code == 200
    for i in range(29):
        make(store, cs if i % 2 else None, "客户", timezone.now() + timedelta(hours=i - 10))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("surveys:my_callbacks"), {"outcome": "open", "q": "客户"})
    assert len(names(response)) == 25
