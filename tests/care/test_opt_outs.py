import pytest
from django.urls import reverse
from django.utils.translation import gettext

from care.models import CareContact, CareOptOut
from organization.roles import Role
from tests.factories import CareContactFactory, CustomerFactory


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


@pytest.fixture
def customer(store):
    return CustomerFactory(store=store, name="周不扰")


def test_the_customer_page_offers_care_opt_outs(customer, advisor, client_of):
    page = client_of(advisor).get(reverse("customers:detail", args=[customer.pk])).content.decode()
    assert reverse("care:opt_outs", args=[customer.pk]) in page


def test_an_opt_out_closes_that_kinds_open_contacts_only(customer, advisor, client_of):
    renewal = CareContactFactory(customer=customer, kind="insurance_renewal", owner=advisor)
    birthday = CareContactFactory(customer=customer, kind="birthday", owner=advisor)
    url = reverse("care:opt_outs", args=[customer.pk])
    response = client_of(advisor).post(url, {"kind": "insurance_renewal", "reason": "已在别家投保"})
    assert response.status_code == 302 and response.url == url
    opted_out = CareOptOut.objects.get()
    assert (opted_out.customer, opted_out.kind, opted_out.reason, opted_out.recorded_by) == (
        customer,
        "insurance_renewal",
        "已在别家投保",
        advisor,
    )
    assert CareContact.objects.get(pk=renewal.pk).closed_at is not None
    assert CareContact.objects.get(pk=birthday.pk).closed_at is None
    page = client_of(advisor).get(url).content.decode()
    assert "已在别家投保" in page and page.count('data-testid="opt-out-row"') == 1
    assert 'value="insurance_renewal"' not in page  # not offered twice


def test_a_second_opt_out_for_the_same_kind_is_refused_with_a_message(customer, advisor, client_of):
    CareOptOut.objects.create(
        store=customer.store, customer=customer, kind="birthday", reason="不过生日", recorded_by=advisor
    )
    response = client_of(advisor).post(
        reverse("care:opt_outs", args=[customer.pk]), {"kind": "birthday", "reason": "再来一次"}
    )
    assert response.status_code == 422
    assert CareOptOut.objects.count() == 1


def test_a_reason_is_required(customer, advisor, client_of):
    response = client_of(advisor).post(
        reverse("care:opt_outs", args=[customer.pk]), {"kind": "birthday", "reason": "  "}
    )
    assert response.status_code == 422
    assert gettext("This field is required.") in response.content.decode()
    assert not CareOptOut.objects.exists()


def test_removing_an_opt_out_asks_first(customer, advisor, client_of):
    opted_out = CareOptOut.objects.create(
        store=customer.store, customer=customer, kind="win_back", reason="搬家了", recorded_by=advisor
    )
    client = client_of(advisor)
    url = reverse("care:remove_opt_out", args=[opted_out.pk])
    question = client.get(url)
    assert question.status_code == 200 and "周不扰" in question.content.decode()
    assert CareOptOut.objects.exists()
    response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("care:opt_outs", args=[customer.pk])
    assert not CareOptOut.objects.exists()


def test_another_stores_customer_or_opt_out_answers_404(other_store, advisor, client_of):
    customer = CustomerFactory(store=other_store)
    opted_out = CareOptOut.objects.create(
        store=other_store, customer=customer, kind="win_back", reason="搬家了", recorded_by=advisor
    )
    client = client_of(advisor)
    assert client.get(reverse("care:opt_outs", args=[customer.pk])).status_code == 404
    assert (
        client.post(reverse("care:opt_outs", args=[customer.pk]), {"kind": "birthday", "reason": "x"}).status_code
        == 404
    )
    assert client.post(reverse("care:remove_opt_out", args=[opted_out.pk])).status_code == 404
    assert CareOptOut.objects.count() == 1


@pytest.mark.parametrize("role", [Role.TECHNICIAN, Role.SALES_CONSULTANT, Role.GROUP_MANAGEMENT])
def test_other_roles_may_not_record_opt_outs(role, customer, staff, group_user, client_of):
    user = group_user if role == Role.GROUP_MANAGEMENT else staff(role)
    url = reverse("care:opt_outs", args=[customer.pk])
    assert client_of(user).post(url, {"kind": "birthday", "reason": "不要"}).status_code == 403
    assert not CareOptOut.objects.exists()
