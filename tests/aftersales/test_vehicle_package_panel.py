"""The packages and extended warranty panel on the customer page's vehicles (aftersales.packages.packages_on_vehicles,
organization record_panels)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from aftersales import packages
from aftersales.models import OilSize
from organization.roles import Role
from tests.factories import CustomerFactory, RepairOrderFactory, VehicleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


def test_the_customer_page_shows_services_left_and_the_extended_warranty_end(advisor, client_of):
    vehicle = VehicleFactory(owner__store=advisor.store, extended_warranty_end=date(2029, 6, 30))
    package = packages.sell_package(vehicle, OilSize.SIX_LITRES, by=advisor)
    packages.redeem_package_service(RepairOrderFactory(vehicle=vehicle, store=vehicle.store), package)

    page = client_of(advisor).get(reverse("customers:detail", args=[vehicle.owner.pk])).content.decode()

    assert 'data-testid="vehicle-packages"' in page
    left = package.services - 1
    assert (
        ngettext(
            "Maintenance package (%(oil)s): %(left)s service left, valid until %(day)s",
            "Maintenance package (%(oil)s): %(left)s services left, valid until %(day)s",
            left,
        )
        % {"oil": package.get_oil_litres_display(), "left": left, "day": package.expires_on.isoformat()}
        in page
    )
    assert gettext("Extended warranty until") in page and "2029-06-30" in page


def test_a_role_not_reading_repair_orders_sees_no_panel(staff, advisor, client_of):
    vehicle = VehicleFactory(owner__store=advisor.store)
    packages.sell_package(vehicle, OilSize.SIX_LITRES, by=advisor)
    consultant = staff(Role.SALES_CONSULTANT)

    response = client_of(consultant).get(reverse("customers:detail", args=[vehicle.owner.pk]))

    assert 'data-testid="vehicle-packages"' not in response.content.decode()


def test_the_customer_page_queries_do_not_grow_with_vehicles_and_packages(
    advisor, client_of, django_assert_max_num_queries
):
    customer = CustomerFactory(store=advisor.store)
    client = client_of(advisor)

    def add_vehicle():
        vehicle = VehicleFactory(owner=customer, extended_warranty_end=date(2029, 6, 30))
        packages.sell_package(vehicle, OilSize.SIX_LITRES, by=advisor)
        packages.sell_package(vehicle, OilSize.EIGHT_LITRES, by=advisor)

    add_vehicle()
    with django_assert_max_num_queries(40) as one:
        assert client.get(reverse("customers:detail", args=[customer.pk])).status_code == 200
    with_one = len(one.captured_queries)
    for _ in range(9):
        add_vehicle()
    with django_assert_max_num_queries(with_one):
        page = client.get(reverse("customers:detail", args=[customer.pk])).content.decode()
    assert page.count('data-testid="vehicle-packages"') == 10
