import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from customers.models import Customer
from customers.validation import normalize_mobile
from organization.models import MessageOptOut
from organization.roles import Role
from tests.customers.helpers import customer_post, page_of, shown
from tests.factories import CustomerFactory

URL = reverse("customers:create")
JUNK = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


def test_it_creates_a_customer_with_a_normalized_mobile(store, advisor, client_of):
    response = client_of(advisor).post(URL, customer_post(mobile="+86 139-1234-5678"))
    customer = Customer.objects.get()
    assert response.status_code == 302 and response.url == reverse("customers:detail", args=[customer.pk])
    assert customer.store == store and customer.mobile == "13912345678" and customer.name == "张伟明"
    assert customer.history.get().history_user == advisor


def test_a_customer_without_marketing_consent_is_opted_out_of_marketing_sms(store, advisor, client_of):
    client_of(advisor).post(URL, customer_post(marketing_consent=""))
    assert MessageOptOut.objects.filter(store=store, mobile="13912345678", category="marketing").exists()


def test_the_referrer_is_found_by_mobile_in_the_same_store(store, advisor, client_of):
    referrer = CustomerFactory(store=store, mobile="13700001111")
    client_of(advisor).post(URL, customer_post(referrer_mobile="13700001111", source="referral"))
    assert Customer.objects.get(mobile="13912345678").referred_by == referrer


def test_a_referrer_of_another_store_is_not_found(store, other_store, advisor, client_of):
    CustomerFactory(store=other_store, mobile="13700001111")
    response = client_of(advisor).post(URL, customer_post(referrer_mobile="13700001111"))
    assert response.status_code == 422
    assert shown("No customer of this store has that mobile number.") in page_of(response)
    assert not Customer.objects.filter(store=store).exists()


def test_a_duplicate_mobile_is_refused_with_a_link_to_the_existing_customer(store, advisor, client_of):
    existing = CustomerFactory(store=store, mobile="13912345678", name="王老五")
    response = client_of(advisor).post(URL, customer_post(mobile="139 1234 5678"))
    assert response.status_code == 422
    page = page_of(response)
    assert shown("A customer with this mobile number already exists: %(name)s.", name="王老五") in page
    assert reverse("customers:detail", args=[existing.pk]) in page
    assert Customer.objects.count() == 1


def test_the_same_mobile_in_another_store_is_a_different_customer(store, other_store, advisor, client_of):
    CustomerFactory(store=other_store, mobile="13912345678")
    assert client_of(advisor).post(URL, customer_post()).status_code == 302
    assert Customer.objects.filter(mobile="13912345678").count() == 2


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("mobile", "1234", "Enter a valid mainland mobile number (11 digits starting with 1)."),
        ("mobile", "020-87654321", "Enter a valid mainland mobile number (11 digits starting with 1)."),
        ("birthday", "2999-01-01", "The birthday cannot be in the future."),
        ("name", "   ", "This field is required."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(field, value, message, advisor, client_of):
    response = client_of(advisor).post(URL, customer_post(**{field: value}))
    assert response.status_code == 422
    assert shown(message) in page_of(response)
    assert not Customer.objects.exists() and not MessageOptOut.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        customer_post(birthday="not-a-date"),
        customer_post(purchase_budget="1e999"),
        customer_post(purchase_budget="-5"),
        customer_post(source="martian"),
        customer_post(name="x" * 51),
        customer_post(name="\x00\x01\x1f"),
    ],
)
def test_malformed_posts_are_a_422(data, advisor, client_of):
    assert client_of(advisor).post(URL, data).status_code == 422
    assert not Customer.objects.exists()


def _invalid_mobile(text):
    try:
        normalize_mobile(text)
    except Exception:
        return True
    return False


@FUZZ
@given(mobile=JUNK.filter(_invalid_mobile), name=JUNK, birthday=JUNK)
def test_junk_is_always_answered_with_a_4xx_never_a_500(mobile, name, birthday, advisor, client_of):
    response = client_of(advisor).post(URL, customer_post(mobile=mobile, name=name, birthday=birthday))
    assert response.status_code == 422
    assert not Customer.objects.exists()


def test_the_form_page_opens(advisor, client_of):
    assert client_of(advisor).get(URL).status_code == 200


def test_a_technician_may_not_create_customers(staff, client_of):
    assert client_of(staff(Role.TECHNICIAN)).post(URL, customer_post()).status_code == 403
    assert not Customer.objects.exists()


def test_the_group_user_reads_but_does_not_create(group_user, client_of):
    assert client_of(group_user).post(URL, customer_post()).status_code == 403


def test_it_needs_a_login(client):
    response = client.post(URL, customer_post())
    assert response.status_code == 302 and "login" in response.url


def test_a_planned_purchase_date_in_the_past_is_saved_with_a_warning(store, advisor, client_of, time_machine):
    time_machine.move_to("2026-03-02 10:00 +08:00", tick=False)
    response = client_of(advisor).post(URL, customer_post(planned_purchase_on="2026-03-01"), follow=True)
    assert Customer.objects.get().planned_purchase_on.isoformat() == "2026-03-01"
    assert shown(PAST_PLAN, date="2026-03-01") in page_of(response)


def test_a_planned_purchase_date_from_today_on_gives_no_warning(store, advisor, client_of, time_machine):
    time_machine.move_to("2026-03-02 10:00 +08:00", tick=False)
    response = client_of(advisor).post(URL, customer_post(planned_purchase_on="2026-03-02"), follow=True)
    assert shown(PAST_PLAN, date="2026-03-02") not in page_of(response)


PAST_PLAN = (
    "The planned purchase date %(date)s is in the past; saved anyway. Ask the customer when they now plan to buy."
)
