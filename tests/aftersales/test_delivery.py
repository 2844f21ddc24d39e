"""Delivery of a settled repair order through its page: the advisor who received the car, the car checked with the
customer, a gate pass unique in the store, and the service callbacks on the advisor's and customer service's lists."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from aftersales import settling
from aftersales.models import RepairOrder
from organization.roles import Role
from surveys.models import Callback
from tests.factories import RepairOrderFactory, RepairOrderLineFactory

pytestmark = pytest.mark.django_db
Status = RepairOrder.Status


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


def settled_order(advisor, status=Status.SETTLED):
    order = RepairOrderFactory(store=advisor.store, vehicle__store=advisor.store, advisor=advisor)
    RepairOrderLineFactory(order=order)
    RepairOrder.objects.filter(pk=order.pk).update(status=status)
    order.refresh_from_db()
    return order


def deliver(client, order, **post):
    data = {"row_version": order.row_version, "car_checked": "on", **post}
    return client.post(reverse("aftersales:repair_order_deliver", args=[order.pk]), data)


def test_the_advisor_delivers_and_both_service_callbacks_appear_on_their_lists(advisor, staff, client_of):
    specialist = staff(Role.CUSTOMER_SERVICE)
    order = settled_order(advisor)
    response = deliver(client_of(advisor), order)
    assert response.status_code == 302
    assert response["Location"] == reverse("aftersales:repair_order", args=[order.pk])
    order.refresh_from_db()
    assert order.status == Status.DELIVERED and order.delivered_by == advisor
    assert order.gate_pass_number == f"MP{order.number}"
    kinds = dict(Callback.objects.filter(source=order.source).values_list("kind", "owner"))
    assert kinds == {Callback.Kind.SERVICE_FOLLOW_UP: advisor.pk, Callback.Kind.SATISFACTION_SURVEY: specialist.pk}
    for user in (advisor, specialist):
        page = client_of(user).get(reverse("surveys:my_callbacks"))
        assert order.customer.name in page.content.decode()
        assert [callback.source for callback in page.context["page"].object_list] == [order.source]
    order_page = client_of(advisor).get(response["Location"]).content.decode()
    gate_pass_url = reverse("aftersales:gate_pass_print", args=[order.pk])
    assert f'href="{gate_pass_url}"' in order_page and gettext("Print the gate pass") in order_page
    gate_pass = client_of(advisor).get(gate_pass_url)
    assert gate_pass.status_code == 200 and order.gate_pass_number in gate_pass.content.decode()
    assert f"<td>{advisor.name}</td>" in gate_pass.content.decode()


def test_another_advisor_may_not_deliver_the_car(advisor, staff, client_of):
    order = settled_order(advisor)
    response = deliver(client_of(staff(Role.SERVICE_ADVISOR)), order)
    assert response.status_code == 403
    assert gettext("Only the advisor who received the car hands it back to the customer.") in response.content.decode()
    assert RepairOrder.objects.get(pk=order.pk).status == Status.SETTLED and not Callback.objects.exists()


def test_the_car_must_be_checked_with_the_customer(advisor, client_of):
    order = settled_order(advisor)
    response = deliver(client_of(advisor), order, car_checked="")
    assert response.status_code == 422
    assert RepairOrder.objects.get(pk=order.pk).status == Status.SETTLED


@pytest.mark.parametrize("status", [Status.READY, Status.DELIVERED, Status.CANCELLED])
def test_only_a_settled_order_is_delivered(advisor, client_of, status):
    order = settled_order(advisor, status=status)
    response = deliver(client_of(advisor), order)
    assert response.status_code == 422
    assert RepairOrder.objects.get(pk=order.pk).status == status and not Callback.objects.exists()


def test_a_gate_pass_number_is_used_once_per_store(advisor):
    first, second = settled_order(advisor), settled_order(advisor)
    settling.deliver(first, gate_pass_number="MP1", car_checked=True, by=advisor, expected_version=first.row_version)
    with pytest.raises(ValidationError) as refused:
        settling.deliver(
            second, gate_pass_number="MP1", car_checked=True, by=advisor, expected_version=second.row_version
        )
    assert refused.value.code == "gate_pass_taken"
    second.refresh_from_db()
    assert second.status == Status.SETTLED and second.gate_pass_number == ""
    elsewhere = settled_order(RepairOrderFactory().advisor)
    settling.deliver(
        elsewhere,
        gate_pass_number="MP1",
        car_checked=True,
        by=elsewhere.advisor,
        expected_version=elsewhere.row_version,
    )


def test_a_technician_may_not_deliver(advisor, staff):
    order = settled_order(advisor)
    with pytest.raises(PermissionDenied):
        settling.deliver(order, gate_pass_number="MP9", car_checked=True, by=staff(Role.TECHNICIAN), expected_version=1)
