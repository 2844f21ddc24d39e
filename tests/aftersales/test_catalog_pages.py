"""The published price lists: searched and paged, each store's own (the group user reads them all), and a
constant number of queries however long the list."""

import pytest
from django.urls import reverse

from organization.roles import Role
from tests.customers.helpers import page_of
from tests.factories import LaborOperationFactory, PartPriceFactory


@pytest.fixture
def advisor(staff, client_of):
    return client_of(staff(Role.SERVICE_ADVISOR))


def test_an_advisor_searches_the_labor_catalog_by_code_or_name(advisor, store):
    LaborOperationFactory(store=store, code="M001", name="更换机油机滤")
    LaborOperationFactory(store=store, code="A010", name="四轮定位")
    by_name = page_of(advisor.get(reverse("aftersales:labor_operations"), {"q": "定位"}))
    assert "A010" in by_name and "M001" not in by_name
    by_code = page_of(advisor.get(reverse("aftersales:labor_operations"), {"q": "m00"}))
    assert "M001" in by_code and "A010" not in by_code


def test_the_parts_list_shows_only_the_stores_own_prices(advisor, store, other_store):
    PartPriceFactory(store=store, part_number="OURS-1")
    PartPriceFactory(store=other_store, part_number="THEIRS-1")
    page = page_of(advisor.get(reverse("aftersales:part_prices")))
    assert "OURS-1" in page and "THEIRS-1" not in page
    assert reverse("aftersales:import_part_prices") not in page  # an advisor reads, does not publish


def test_the_group_user_reads_every_stores_prices(group_user, client_of, store, other_store):
    PartPriceFactory(store=store, part_number="OURS-1")
    PartPriceFactory(store=other_store, part_number="THEIRS-1")
    page = page_of(client_of(group_user).get(reverse("aftersales:part_prices")))
    assert "OURS-1" in page and "THEIRS-1" in page
    assert str(other_store) in page


def test_the_list_is_paged(advisor, store):
    LaborOperationFactory.create_batch(51, store=store)
    first = page_of(advisor.get(reverse("aftersales:labor_operations")))
    second = page_of(advisor.get(reverse("aftersales:labor_operations"), {"page": 2}))
    assert first.count('data-testid="labor-operation-row"') == 50
    assert second.count('data-testid="labor-operation-row"') == 1


@pytest.mark.parametrize(
    ("url_name", "factory"),
    [("aftersales:labor_operations", LaborOperationFactory), ("aftersales:part_prices", PartPriceFactory)],
)
def test_the_query_count_does_not_grow_with_the_list(
    url_name, factory, group_user, client_of, store, other_store, django_assert_max_num_queries
):
    client = client_of(group_user)
    factory(store=store)
    with django_assert_max_num_queries(15) as one:
        assert client.get(reverse(url_name)).status_code == 200
    factory.create_batch(20, store=store)
    factory.create_batch(20, store=other_store)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse(url_name)).status_code == 200
