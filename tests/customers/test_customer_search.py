"""The search box through the customer list: every kind of match, the capped count, and on PostgreSQL the
index path of migration 0005 (customers/search.py)."""

import pytest
from django.db import connection
from django.urls import reverse

from customers import search
from customers.models import Customer, MobileSearch
from organization.roles import Role
from tests.factories import CustomerFactory, VehicleFactory
from tests.services.conftest import require_postgresql

URL = reverse("customers:list")
QUERIES = {
    "王": {"王建国", "王芳"},
    "建国": {"王建国", "李建国"},
    "王建国": {"王建国"},
    "13812345678": {"王建国"},
    "5678": {"王建国"},
    "138 1234 5678": {"王建国"},
    "粤AD12345": {"王芳"},
    "粤a54321": {"李建国"},
    "LFV2A21K8N3041234": {"王芳"},
    "lfv2a21k8n3041234": {"王芳"},
    "041234": {"王芳"},
    "2183294": {"李建国"},
    "赵": set(),
    "%": set(),
    "_": set(),
}


@pytest.fixture
def people(store, other_store):
    CustomerFactory(store=store, name="王建国", mobile="13812345678")
    wang = CustomerFactory(store=store, name="王芳", mobile="13900001111")
    VehicleFactory(owner=wang, plate="粤AD12345", vin="LFV2A21K8N3041234")
    li = CustomerFactory(store=store, name="李建国", mobile="13700002222")
    VehicleFactory(owner=li, plate="粤A54321", vin="LSVAU2180N2183294")
    VehicleFactory(owner=li, plate="粤A54322", vin="LSVAU2180N2183295")
    # The same names, number and vehicles in another store never show.
    twin = CustomerFactory(store=other_store, name="王建国", mobile="13812345678")
    VehicleFactory(owner=twin, plate="粤AD12345", vin="LFV2A21K8N3041234")


def names_listed(client, text) -> list[str]:
    response = client.get(URL, {"q": text})
    assert response.status_code == 200
    return [customer.name for customer in response.context["page"]]


@pytest.mark.parametrize("text, names", QUERIES.items())
def test_it_finds_by_name_fragment_mobile_plate_or_vin(text, names, people, staff, client_of):
    found = names_listed(client_of(staff(Role.SERVICE_ADVISOR)), text)
    assert sorted(found) == sorted(names)  # each customer once, however many vehicles match


def test_the_group_user_finds_in_every_store(people, group_user, client_of):
    assert sorted(names_listed(client_of(group_user), "王建国")) == ["王建国", "王建国"]


@pytest.mark.parametrize("digits", ["8123", "812345", "2345678", "3812345678"])
def test_a_mobile_is_found_by_its_whole_number_or_last_four_digits_only(digits, people, staff, client_of):
    assert names_listed(client_of(staff(Role.SERVICE_ADVISOR)), digits) == []


def test_who_searched_for_a_number_is_logged(people, store, staff, client_of):
    advisor = staff(Role.SERVICE_ADVISOR)
    client = client_of(advisor)
    for text in ("5678", "王", "138 1234 5678", "粤AD12345"):
        names_listed(client, text)
    log = MobileSearch.objects.order_by("at", "pk")
    assert [(e.user, e.store, e.digits) for e in log] == [(advisor, store, "5678"), (advisor, store, "13812345678")]


@pytest.mark.parametrize("searched", [True, False], ids=["search", "whole list"])
def test_the_count_stops_at_the_cap(store, group_user, monkeypatch, searched):
    CustomerFactory.create_batch(4, store=store, name="王五")
    monkeypatch.setattr(search, "MAX_COUNT", 3)
    found = search.search_customers(None, "王" if searched else "", by=group_user)
    paginator = search.SearchPaginator(found, 2, searched=searched)
    assert paginator.count == 3 and paginator.num_pages == 2


@pytest.mark.parametrize("cap", [4, 10], ids=["dense, walking the newest first", "sparse, sorting the matches"])
def test_pages_list_the_newest_first_either_way(store, group_user, monkeypatch, cap):
    CustomerFactory.create_batch(5, store=store, name="王五")
    CustomerFactory(store=store, name="李四")
    monkeypatch.setattr(search, "MAX_COUNT", cap)
    newest = list(Customer.objects.filter(name="王五").order_by("-created_at", "-pk"))
    paginator = search.SearchPaginator(search.search_customers(None, "王", by=group_user), 2, searched=True)
    assert [list(paginator.page(n)) for n in (1, 2)] == [newest[:2], newest[2:4]]


def test_a_search_keeps_a_constant_query_count(store, staff, client_of, django_assert_max_num_queries):
    client = client_of(staff(Role.SERVICE_ADVISOR))
    owner = CustomerFactory(store=store, name="王一")
    VehicleFactory(owner=owner, plate="粤A00001")
    with django_assert_max_num_queries(15) as one:
        names_listed(client, "王")
    for n in range(29):
        VehicleFactory(owner=CustomerFactory(store=store, name=f"王{n}"), plate=f"粤A1{n:04d}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(names_listed(client, "王")) == 25


@pytest.mark.services
@pytest.mark.parametrize("text, names", QUERIES.items())
def test_postgresql_answers_through_the_search_indexes(text, names, people, staff, client_of):
    require_postgresql()
    assert sorted(names_listed(client_of(staff(Role.SERVICE_ADVISOR)), text)) == sorted(names)


@pytest.mark.services
def test_postgresql_reads_a_stores_own_name_keys(people, store, staff):
    require_postgresql()
    found = search.search_customers(store, "建国", by=staff(Role.SERVICE_ADVISOR))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of rows would otherwise be scanned
    plan = found.explain()
    assert "customer_name_keys" in plan and f"{store.pk}:建国" in plan
    assert sorted(c.name for c in found) == ["李建国", "王建国"]


@pytest.mark.services
@pytest.mark.parametrize("whose", ["store", "group"])
def test_postgresql_finds_the_last_four_digits_through_their_index(whose, store, other_store, staff, group_user):
    require_postgresql()
    for each in (store, other_store):
        Customer.objects.bulk_create(
            Customer(store=each, name=f"客户{n}", mobile=f"139{n:04d}{n % 9973:04d}") for n in range(3000)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE customers_customer")
    searcher = staff(Role.SERVICE_ADVISOR) if whose == "store" else group_user
    found = search.search_customers(store if whose == "store" else None, "1234", by=searcher)
    assert "customer_mobile_last4" in found.explain()
    assert {c.mobile for c in found} == {"13912341234"}
