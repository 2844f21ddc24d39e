"""Customer service opens a callback, reveals the number where they dial it, and records the call."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from customers.models import PrivacyLog
from organization.roles import Role
from surveys.models import Callback
from tests.factories import CallbackFactory, CustomerFactory, StoreFactory, UserFactory

pytestmark = [pytest.mark.browser]
PASSWORD = "pass-word-123"


def zh(text):
    """A label as the page shows it (the Chinese catalogue, or English for a string it has not got yet)."""
    with translation.override("zh-hans"):
        return gettext(text)


@pytest.fixture
def callback(reference_data):
    store = StoreFactory(code="gz01", name="广州天河4S店")
    cs = UserFactory(username="yangxue", name="杨雪", store=store, roles=[Role.CUSTOMER_SERVICE])
    customer = CustomerFactory(store=store, name="司马建华", mobile="15812341234")
    return CallbackFactory(customer=customer, owner=cs)


def test_the_owner_reveals_the_number_dials_and_records_a_satisfied_call(callback, live_server, page, screenshot):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("yangxue")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的回访")
    page.get_by_test_id("callback-row").filter(has_text="司马建华").get_by_role("link", name="登记回访").click()

    expect(page.get_by_test_id("masked-mobile")).to_have_text("158****1234")
    expect(page.locator("body")).not_to_contain_text("15812341234")
    page.get_by_role("button", name=zh("Show full number to dial")).click()
    dial = page.get_by_test_id("full-mobile")
    expect(dial).to_have_text("15812341234")
    expect(dial).to_have_attribute("href", "tel:15812341234")
    assert PrivacyLog.objects.filter(
        customer=callback.customer, user__username="yangxue", action=PrivacyLog.Action.REVEAL_MOBILE
    ).exists()
    screenshot("callback-number-revealed")

    page.get_by_label(zh("Reached")).check()
    page.get_by_label(zh("Customer's satisfaction")).select_option(label=zh("Satisfied"))
    page.get_by_label(zh("What was said")).fill("车辆使用正常，对交车服务满意")
    page.get_by_role("button", name="保存").click()

    expect(
        page.get_by_role("alert").filter(has_text=zh("Call recorded: %(person)s.") % {"person": "司马建华"})
    ).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/callbacks/")
    screenshot("callback-recorded")
    callback.refresh_from_db()
    assert callback.completed_at and callback.reached and callback.satisfied
    assert Callback.objects.get(pk=callback.pk).notes.endswith("车辆使用正常，对交车服务满意")
