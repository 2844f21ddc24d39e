import pytest
from django.urls import reverse

from organization.roles import Role
from tests.customers.helpers import page_of
from tests.factories import CustomerFactory, FleetMembershipFactory, IndividualMembershipFactory, VehicleFactory

URL = reverse("customers:list")


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


def test_it_lists_the_stores_customers_with_masked_mobiles(store, other_store, advisor, client_of):
    CustomerFactory(store=store, name="张伟明", mobile="13812341234")
    CustomerFactory(store=other_store, name="李四海", mobile="13900001111")
    page = page_of(client_of(advisor).get(URL))
    assert "张伟明" in page and "138****1234" in page
    assert "13812341234" not in page
    assert "李四海" not in page


@pytest.mark.parametrize(
    "query", ["张", "张伟", "伟明", "13812341234", "1234", "粤AD12345", "ad123", "LFV2A21K8N3041234", "3041234"]
)
def test_search_finds_a_customer_by_name_fragment_mobile_plate_or_vin(query, store, advisor, client_of):
    owner = CustomerFactory(store=store, name="张伟明", mobile="13812341234")
    VehicleFactory(owner=owner, plate="粤AD12345", vin="LFV2A21K8N3041234")
    CustomerFactory(store=store, name="李四海", mobile="13900005555")
    page = page_of(client_of(advisor).get(URL, {"q": query}))
    assert "张伟明" in page and "李四海" not in page


def test_search_never_reaches_into_another_store(store, other_store, advisor, client_of):
    theirs = CustomerFactory(store=other_store, name="张三丰")
    VehicleFactory(owner=theirs, plate="粤B99999")
    for query in ("张", "粤B99999"):
        assert "张三丰" not in page_of(client_of(advisor).get(URL, {"q": query}))


def test_it_filters_by_grade_and_membership(store, advisor, client_of):
    CustomerFactory(store=store, name="甲级客户", grade="A")
    CustomerFactory(store=store, name="丙级客户", grade="C")
    IndividualMembershipFactory(customer__store=store, customer__name="贵宾客户")
    FleetMembershipFactory(fleet__representative__store=store, vehicle__owner__name="车队司机")
    client = client_of(advisor)
    page = page_of(client.get(URL, {"grade": "A"}))
    assert "甲级客户" in page and "丙级客户" not in page
    page = page_of(client.get(URL, {"membership": "individual"}))
    assert "贵宾客户" in page and "车队司机" not in page and "甲级客户" not in page
    page = page_of(client.get(URL, {"membership": "fleet"}))
    assert "车队司机" in page and "贵宾客户" not in page
    page = page_of(client.get(URL, {"membership": "none"}))
    assert "甲级客户" in page and "贵宾客户" not in page


@pytest.mark.parametrize(
    "params", [{"page": "abc"}, {"page": "999"}, {"grade": "Z"}, {"membership": "x"}, {"q": "'%_\\" * 40}]
)
def test_odd_parameters_still_answer_200(params, store, advisor, client_of):
    CustomerFactory(store=store)
    assert client_of(advisor).get(URL, params).status_code == 200


def test_it_paginates(store, advisor, client_of):
    CustomerFactory.create_batch(30, store=store)
    client = client_of(advisor)
    assert page_of(client.get(URL)).count('data-testid="customer-row"') == 25
    assert page_of(client.get(URL, {"page": 2})).count('data-testid="customer-row"') == 5


def test_the_group_user_sees_every_store(store, other_store, group_user, client_of):
    CustomerFactory(store=store, name="北区客户")
    CustomerFactory(store=other_store, name="南区客户")
    page = page_of(client_of(group_user).get(URL))
    assert "北区客户" in page and "南区客户" in page


def test_a_technician_may_not_list_customers(staff, client_of):
    assert client_of(staff(Role.TECHNICIAN)).get(URL).status_code == 403


def test_the_list_needs_get(advisor, client_of):
    assert client_of(advisor).post(URL).status_code == 405


def test_the_query_count_does_not_grow_with_customers(store, advisor, client_of, django_assert_max_num_queries):
    client = client_of(advisor)

    def customer_with_everything():
        customer = CustomerFactory(store=store)
        VehicleFactory(owner=customer)
        IndividualMembershipFactory(customer=customer)

    customer_with_everything()
    with django_assert_max_num_queries(15) as one:
        assert client.get(URL).status_code == 200
    with_one = len(one.captured_queries)
    for _ in range(29):
        customer_with_everything()
    with django_assert_max_num_queries(with_one):
        assert page_of(client.get(URL)).count('data-testid="customer-row"') == 25


def test_the_next_page_keeps_the_search_and_filters(store, advisor, client_of):
    CustomerFactory.create_batch(30, store=store, name="张三丰", grade="A")
    page = page_of(client_of(advisor).get(URL, {"q": "张三", "grade": "A"}))
    assert "?q=%E5%BC%A0%E4%B8%89&amp;grade=A&amp;page=2" in page
