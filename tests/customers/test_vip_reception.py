from django.urls import reverse

from customers.models import VipReception
from organization.roles import Role
from surveys.models import Callback
from tests.factories import CustomerFactory, IndividualMembershipFactory


def url(customer):
    return reverse("customers:vip_reception", args=[customer.pk])


def test_a_supervisor_receives_a_vip_and_customer_service_gets_a_48h_callback(store, staff, client_of):
    supervisor, cs = staff(Role.FRONT_DESK_SUPERVISOR), staff(Role.CUSTOMER_SERVICE)
    vip = IndividualMembershipFactory(customer__store=store).customer
    assert client_of(supervisor).post(url(vip)).status_code == 302
    reception = VipReception.objects.get()
    callback = Callback.objects.get(source=f"vip:{reception.pk}")
    assert callback.kind == Callback.Kind.VIP_CARE and callback.owner == cs
    assert (callback.due_at - reception.received_at).total_seconds() == 48 * 3600


def test_a_customer_without_membership_gets_no_vip_reception(store, staff, client_of):
    response = client_of(staff(Role.GENERAL_MANAGER)).post(url(CustomerFactory(store=store)))
    assert response.status_code == 422
    assert not VipReception.objects.exists() and not Callback.objects.exists()


def test_an_advisor_is_not_supervisor_level(store, staff, client_of):
    vip = IndividualMembershipFactory(customer__store=store).customer
    assert client_of(staff(Role.SERVICE_ADVISOR)).post(url(vip)).status_code == 403
