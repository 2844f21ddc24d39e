import uuid

import pytest
from django.urls import reverse

from customers.models import VipReception
from organization.roles import Role
from surveys.models import Callback
from tests.customers.helpers import shown
from tests.factories import CustomerFactory, IndividualMembershipFactory


def url(customer):
    return reverse("customers:vip_reception", args=[customer.pk])


def fresh_form(**fields) -> dict:
    return {"submission": str(uuid.uuid4()), "notes": "", **fields}


def test_a_supervisor_receives_a_vip_and_customer_service_gets_a_48h_callback(store, staff, client_of):
    supervisor, cs = staff(Role.FRONT_DESK_SUPERVISOR), staff(Role.CUSTOMER_SERVICE)
    vip = IndividualMembershipFactory(customer__store=store).customer
    assert client_of(supervisor).post(url(vip), fresh_form()).status_code == 302
    reception = VipReception.objects.get()
    callback = Callback.objects.get(source=f"vip:{reception.pk}")
    assert callback.kind == Callback.Kind.VIP_CARE and callback.owner == cs
    assert (callback.due_at - reception.received_at).total_seconds() == 48 * 3600


def test_a_customer_without_membership_gets_no_vip_reception(store, staff, client_of):
    response = client_of(staff(Role.GENERAL_MANAGER)).post(url(CustomerFactory(store=store)), fresh_form())
    assert response.status_code == 422
    assert not VipReception.objects.exists() and not Callback.objects.exists()


def test_an_advisor_is_not_supervisor_level(store, staff, client_of):
    vip = IndividualMembershipFactory(customer__store=store).customer
    assert client_of(staff(Role.SERVICE_ADVISOR)).post(url(vip), fresh_form()).status_code == 403


@pytest.mark.parametrize(
    "data, message",
    [
        ({"notes": "陪同看车"}, "This form has expired; reload the page and send it again."),
        (fresh_form(submission="not-a-token"), "This form has expired; reload the page and send it again."),
    ],
)
def test_bad_input_is_a_422_with_a_message_and_records_nothing(data, message, store, staff, client_of):
    vip = IndividualMembershipFactory(customer__store=store).customer
    response = client_of(staff(Role.FRONT_DESK_SUPERVISOR)).post(url(vip), data)
    assert response.status_code == 422
    assert shown(message) in response.content.decode()
    assert not VipReception.objects.exists() and not Callback.objects.exists()


def test_a_refused_reception_frees_its_token_for_the_retry(store, staff, client_of):
    customer = CustomerFactory(store=store)
    client = client_of(staff(Role.FRONT_DESK_SUPERVISOR))
    data = fresh_form(notes="陪同看车")
    assert client.post(url(customer), data).status_code == 422  # not a member yet
    IndividualMembershipFactory(customer=customer)
    assert client.post(url(customer), data).status_code == 302
    assert VipReception.objects.get().customer == customer
