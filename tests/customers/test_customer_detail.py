import pytest
from django.urls import reverse

from customers.models import PrivacyLog
from organization.roles import Role
from tests.customers.helpers import page_of
from tests.factories import (
    CustomerFactory,
    FleetMembershipFactory,
    IndividualMembershipFactory,
    UserFactory,
    VehicleFactory,
    VehicleSaleFactory,
)


def detail(customer):
    return reverse("customers:detail", args=[customer.pk])


def reveal(customer):
    return reverse("customers:reveal_mobile", args=[customer.pk])


@pytest.fixture
def customer(store):
    return CustomerFactory(store=store, name="张伟明", mobile="13812341234")


def test_it_shows_the_file_with_a_masked_mobile(customer, staff, client_of):
    VehicleFactory(owner=customer, plate="粤AD12345")
    page = page_of(client_of(staff(Role.SERVICE_ADVISOR)).get(detail(customer)))
    assert "张伟明" in page and "粤AD12345" in page
    assert "138****1234" in page and "13812341234" not in page


def test_an_advisor_reveals_the_full_number_and_the_reveal_is_logged(customer, staff, client_of):
    advisor = staff(Role.SERVICE_ADVISOR)
    client = client_of(advisor)
    assert reveal(customer) in page_of(client.get(detail(customer)))
    response = client.post(reveal(customer), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "13812341234" in page_of(response)
    client.post(reveal(customer))
    log = PrivacyLog.objects.filter(customer=customer, action=PrivacyLog.Action.REVEAL_MOBILE)
    assert log.count() == 2 and {entry.user for entry in log} == {advisor}


def test_a_consultant_reveals_only_their_own_customers_number(customer, store, staff, client_of):
    consultant = staff(Role.SALES_CONSULTANT)
    client = client_of(consultant)
    assert reveal(customer) not in page_of(client.get(detail(customer)))
    assert client.post(reveal(customer)).status_code == 403
    customer.sales_consultant = consultant
    customer.save(update_fields=["sales_consultant"])
    assert client.post(reveal(customer)).status_code == 200
    assert PrivacyLog.objects.filter(customer=customer, user=consultant).count() == 1


def test_the_group_user_reads_the_file_but_never_the_full_number(customer, group_user, client_of):
    client = client_of(group_user)
    page = page_of(client.get(detail(customer)))
    assert "张伟明" in page and reveal(customer) not in page
    assert client.post(reveal(customer)).status_code == 403
    assert not PrivacyLog.objects.exists()


def test_another_stores_customer_answers_404(other_store, staff, client_of):
    theirs = CustomerFactory(store=other_store)
    client = client_of(staff(Role.SERVICE_ADVISOR))
    assert client.get(detail(theirs)).status_code == 404
    assert client.post(reveal(theirs)).status_code == 404
    assert not PrivacyLog.objects.exists()


def test_a_technician_may_not_open_customer_files(customer, staff, client_of):
    assert client_of(staff(Role.TECHNICIAN)).get(detail(customer)).status_code == 403


def test_a_consultant_sees_only_their_own_sales_records(customer, store, staff, client_of):
    mine, colleague = staff(Role.SALES_CONSULTANT), staff(Role.SALES_CONSULTANT)
    VehicleSaleFactory(vehicle__owner=customer, consultant=mine, vehicle__plate="粤A11111")
    VehicleSaleFactory(vehicle__owner=customer, consultant=colleague, vehicle__plate="粤A22222")
    page = page_of(client_of(mine).get(detail(customer)))
    assert page.count('data-testid="sale-row"') == 1
    page = page_of(client_of(staff(Role.GENERAL_MANAGER)).get(detail(customer)))
    assert page.count('data-testid="sale-row"') == 2


def test_the_query_count_does_not_grow_with_the_file(customer, store, staff, client_of, django_assert_max_num_queries):
    client = client_of(staff(Role.SERVICE_ADVISOR))
    consultant = UserFactory(store=store, roles=[Role.SALES_CONSULTANT])

    def add_records():
        sale = VehicleSaleFactory(vehicle__owner=customer, consultant=consultant)
        sale.vehicle.mileage = 100
        sale.vehicle.save()
        client.post(
            reverse("customers:follow_up_create", args=[customer.pk]),
            {"contacted_at": "2026-01-05T10:00", "channel": "phone", "content": "回访", "result": "满意"},
        )

    IndividualMembershipFactory(customer=customer)
    add_records()
    with django_assert_max_num_queries(30) as one:
        assert client.get(detail(customer)).status_code == 200
    with_one = len(one.captured_queries)  # read now: each request clears the connection's query log
    for _ in range(29):
        add_records()
    with django_assert_max_num_queries(with_one):
        page = page_of(client.get(detail(customer)))
    assert page.count('data-testid="sale-row"') == 30 and page.count('data-testid="follow-up-row"') == 30


def audit_section(page: str) -> str:
    return page.split('data-testid="audit-trail"')[1].split("</ul>")[0]


def test_the_audit_trail_masks_old_and_new_mobiles(customer, staff, client_of):
    client = client_of(staff(Role.SERVICE_ADVISOR))
    data = {"name": customer.name, "mobile": "13700009999", "source": "walk_in", "row_version": 0}
    assert client.post(reverse("customers:edit", args=[customer.pk]), data).status_code == 302
    trail = audit_section(page_of(client_of(staff(Role.SALES_CONSULTANT)).get(detail(customer))))
    assert "13812341234" not in trail and "13700009999" not in trail
    assert "138****1234" in trail and "137****9999" in trail


def test_the_audit_trail_names_the_vehicle_created(customer, staff, client_of):
    VehicleFactory(owner=customer, plate="粤AD12345")
    trail = audit_section(page_of(client_of(staff(Role.SERVICE_ADVISOR)).get(detail(customer))))
    assert "粤AD12345" in trail


def test_a_fleet_customers_heading_shows_one_badge_with_a_count(customer, staff, client_of):
    fleet_vehicles = VehicleFactory.create_batch(3, owner=customer, bought_here=True)
    first = FleetMembershipFactory(fleet__representative=customer, vehicle=fleet_vehicles[0], customer=customer)
    for vehicle in fleet_vehicles[1:]:
        FleetMembershipFactory(fleet=first.fleet, vehicle=vehicle, customer=customer)
    page = page_of(client_of(staff(Role.SERVICE_ADVISOR)).get(detail(customer)))
    heading = page[page.index("<h1") : page.index("</h1>")]
    assert heading.count("大客户会员") == 1
    assert "×3" in heading


def test_a_vehicle_card_without_a_brand_shows_no_dangling_separator(customer, staff, client_of):
    VehicleFactory(owner=customer, plate="粤AD12345", brand="", model_name="")
    page = page_of(client_of(staff(Role.SERVICE_ADVISOR)).get(detail(customer)))
    card_title = page[page.index("粤AD12345") : page.index("</strong>", page.index("粤AD12345"))]
    assert "·" not in card_title
