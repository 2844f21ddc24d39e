import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from customers.models import Customer
from organization.roles import Role
from tests.customers.helpers import customer_post, page_of, shown
from tests.factories import CustomerFactory


def edit(customer):
    return reverse("customers:edit", args=[customer.pk])


@pytest.fixture
def customer(store):
    return CustomerFactory(store=store, name="张伟明", mobile="13912345678")


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


def test_an_edit_is_saved_and_shows_in_the_audit_trail(customer, advisor, client_of):
    client = client_of(advisor)
    form = page_of(client.get(edit(customer)))
    assert 'name="row_version" value="0"' in form
    response = client.post(edit(customer), customer_post(occupation="律师", row_version=0))
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.occupation == "律师" and customer.row_version == 1
    latest = customer.history.first()
    assert latest.history_user == advisor and latest.occupation == "律师"
    trail = page_of(client.get(reverse("customers:detail", args=[customer.pk])))
    assert "律师" in trail and str(advisor) in trail


def test_the_second_of_two_concurrent_edits_is_refused(customer, advisor, staff, client_of):
    colleague = staff(Role.CUSTOMER_SERVICE)
    seen = customer.row_version
    first = client_of(advisor).post(edit(customer), customer_post(notes="第一位同事", row_version=seen))
    assert first.status_code == 302
    second = client_of(colleague).post(edit(customer), customer_post(notes="第二位同事", row_version=seen))
    assert second.status_code == 422
    assert "已被他人修改" in page_of(second)
    customer.refresh_from_db()
    assert customer.notes == "第一位同事" and customer.row_version == seen + 1


def test_changing_to_another_customers_mobile_is_refused_with_a_link(customer, store, advisor, client_of):
    other = CustomerFactory(store=store, mobile="13700001111", name="王老五")
    response = client_of(advisor).post(edit(customer), customer_post(mobile="13700001111", row_version=0))
    assert response.status_code == 422
    assert reverse("customers:detail", args=[other.pk]) in page_of(response)
    customer.refresh_from_db()
    assert customer.mobile == "13912345678" and customer.row_version == 0


@pytest.mark.parametrize(
    "changes", [{"row_version": "x"}, {"row_version": ""}, {"mobile": "12"}, {"birthday": "3000-01-01"}]
)
def test_bad_input_leaves_the_file_unchanged(changes, customer, advisor, client_of):
    data = customer_post(row_version=0, notes="不应保存")
    data.update(changes)
    assert client_of(advisor).post(edit(customer), data).status_code == 422
    customer.refresh_from_db()
    assert customer.notes == "" and customer.history.count() == 1


def test_another_stores_customer_answers_404(other_store, advisor, client_of):
    theirs = CustomerFactory(store=other_store)
    client = client_of(advisor)
    assert client.get(edit(theirs)).status_code == 404
    assert client.post(edit(theirs), customer_post(row_version=0)).status_code == 404
    assert Customer.objects.get(pk=theirs.pk).row_version == 0


def test_the_group_user_cannot_edit(customer, group_user, client_of):
    assert client_of(group_user).post(edit(customer), customer_post(row_version=0)).status_code == 403


def test_an_anonymized_customer_cannot_be_edited(customer, advisor, client_of):
    customer.anonymized_at = customer.created_at
    customer.save()
    response = client_of(advisor).post(edit(customer), customer_post(row_version=customer.row_version), follow=True)
    assert shown("An anonymized customer cannot be edited.") in page_of(response)
    customer.refresh_from_db()
    assert customer.name == "张伟明"


def test_the_form_shows_the_mobiles_masked_to_a_consultant_who_may_not_reveal(store, staff, client_of):
    referrer = CustomerFactory(store=store, name="李四", mobile="13700001111")
    customer = CustomerFactory(store=store, mobile="13912345678", referred_by=referrer)
    client = client_of(staff(Role.SALES_CONSULTANT))
    assert client.post(reverse("customers:reveal_mobile", args=[customer.pk])).status_code == 403
    form = page_of(client.get(edit(customer)))
    assert "13912345678" not in form and "13700001111" not in form
    assert "139****5678" in form and "137****1111" in form


def test_empty_mobile_and_referrer_keep_the_current_ones(store, advisor, client_of):
    referrer = CustomerFactory(store=store, mobile="13700001111")
    customer = CustomerFactory(store=store, mobile="13912345678", referred_by=referrer)
    data = customer_post(mobile="", referrer_mobile="", occupation="律师", row_version=0)
    assert client_of(advisor).post(edit(customer), data).status_code == 302
    customer.refresh_from_db()
    assert (customer.mobile, customer.referred_by, customer.occupation) == ("13912345678", referrer, "律师")


def test_a_new_mobile_replaces_the_current_one_and_the_referrer_can_be_removed(store, advisor, client_of):
    customer = CustomerFactory(store=store, mobile="13912345678", referred_by=CustomerFactory(store=store))
    data = customer_post(mobile="137 0000 9999", remove_referrer="on", row_version=0)
    assert client_of(advisor).post(edit(customer), data).status_code == 302
    customer.refresh_from_db()
    assert customer.mobile == "13700009999" and customer.referred_by is None


def test_a_stale_edit_after_an_import_merge_is_refused_and_the_merge_kept(store, advisor, staff, client_of):
    customer = CustomerFactory(store=store, name="张伟明", mobile="13912345678", occupation="", birthday=None)
    client = client_of(advisor)
    assert 'name="row_version" value="0"' in page_of(client.get(edit(customer)))
    gm = client_of(staff(Role.GENERAL_MANAGER))
    upload = SimpleUploadedFile(
        "customers.csv", "姓名,手机,生日,职业\n张伟明,13912345678,1985-06-01,律师\n".encode("utf-8-sig")
    )
    assert gm.post(reverse("customers:import"), {"file": upload}).status_code == 200
    assert gm.post(reverse("customers:import_confirm")).status_code == 302
    customer.refresh_from_db()
    assert customer.occupation == "律师"
    client = client_of(advisor)
    stale = client.post(edit(customer), customer_post(occupation="", birthday="", notes="老客户", row_version=0))
    assert stale.status_code == 422
    page = page_of(stale)
    assert shown("Someone else changed this record while you were editing it. Reload the page and try again.") in page
    assert "老客户" in page
    customer.refresh_from_db()
    assert customer.occupation == "律师" and str(customer.birthday) == "1985-06-01" and customer.notes == ""
