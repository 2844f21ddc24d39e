from django.urls import reverse

from customers.models import Customer
from organization.roles import Role
from surveys.models import Callback
from tests.factories import CallbackFactory, CustomerFactory


def test_visible_to_keeps_other_stores_out(store, other_store, staff, group_user):
    mine, theirs = CustomerFactory(store=store), CustomerFactory(store=other_store)
    advisor = staff(Role.SERVICE_ADVISOR)
    assert list(Customer.objects.visible_to(advisor)) == [mine]
    assert set(Customer.objects.visible_to(group_user)) == {mine, theirs}


def test_a_user_with_no_store_and_no_group_role_sees_nothing(store, staff):
    CustomerFactory(store=store)
    lost = staff(Role.SERVICE_ADVISOR, store=None)
    assert not Customer.objects.visible_to(lost).exists()


def test_another_stores_callback_answers_404(other_store, staff, client_of):
    theirs = CallbackFactory(customer__store=other_store)
    client = client_of(staff(Role.CUSTOMER_SERVICE))
    refused = client.get(reverse("surveys:callback_detail", args=[theirs.pk]))
    assert refused.status_code == 404
    assert "不属于您的门店" in refused.content.decode() and theirs.customer.name not in refused.content.decode()
    response = client.post(
        reverse("surveys:record_outcome", args=[theirs.pk]),
        {"row_version": 0, "reached": "yes", "satisfied": "yes", "notes": "偷看"},
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.attempts == 0 and theirs.completed_at is None


def test_the_same_callback_opens_for_its_own_store(store, staff, client_of):
    cs = staff(Role.CUSTOMER_SERVICE)
    mine = CallbackFactory(customer__store=store, owner=cs)
    assert client_of(cs).get(reverse("surveys:callback_detail", args=[mine.pk])).status_code == 200


def test_the_group_user_reads_every_store_but_writes_no_callback(other_store, group_user, client_of):
    theirs = CallbackFactory(customer__store=other_store)
    assert Callback.objects.visible_to(group_user).filter(pk=theirs.pk).exists()
    response = client_of(group_user).post(
        reverse("surveys:record_outcome", args=[theirs.pk]), {"row_version": 0, "reached": "no"}
    )
    assert response.status_code == 403
