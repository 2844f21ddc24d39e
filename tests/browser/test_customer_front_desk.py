"""A front-desk advisor opens a file for a walk-in customer, adds the car, and finds them again."""

import re

import pytest
from playwright.sync_api import expect

from customers.models import Customer, PrivacyLog
from organization.roles import Role
from tests.factories import CustomerFactory, StoreFactory, UserFactory

pytestmark = [pytest.mark.browser]
PASSWORD = "pass-word-123"


@pytest.fixture
def advisor(reference_data):
    store = StoreFactory(code="gz01", name="广州天河4S店")
    CustomerFactory(store=store, name="欧阳娜", mobile="13600001111")  # shares no 2-character fragment
    return UserFactory(username="liuyang", name="刘洋", store=store, roles=[Role.SERVICE_ADVISOR])


def field(page, label):
    """A form field by its label, with or without crispy's required-field asterisk."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_an_advisor_creates_a_customer_with_a_vehicle_and_finds_them(advisor, live_server, page, screenshot):
    log_in(page, live_server, "liuyang")
    page.get_by_role("link", name="客户", exact=True).click()
    page.get_by_role("link", name="新建客户").click()
    field(page, "姓名").fill("司马建华")
    field(page, "手机").fill("+86 139-2233-4455")
    screenshot("customer-new-form")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("司马建华")
    page.get_by_role("link", name="添加车辆").click()
    field(page, "车架号(VIN)").fill("lsvau2180n2183294")
    field(page, "车牌号").fill("粤ad12345")
    field(page, "品牌").fill("大众")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("粤AD12345").first).to_be_visible()
    screenshot("customer-detail-with-vehicle")

    customer = Customer.objects.get(name="司马建华")
    assert customer.mobile == "13922334455" and customer.vehicles.get().vin == "LSVAU2180N2183294"

    page.get_by_role("link", name="客户", exact=True).click()
    search = page.get_by_role("searchbox")
    search.fill("粤AD12345")
    search.press("Enter")
    rows = page.get_by_test_id("customer-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("司马建华")
    expect(rows.first.get_by_test_id("masked-mobile")).to_have_text("139****4455")
    expect(page.locator("body")).not_to_contain_text("13922334455")
    screenshot("customer-found-by-plate")

    search = page.get_by_role("searchbox")
    search.fill("建华")
    search.press("Enter")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("司马建华")
    expect(rows.first.get_by_test_id("masked-mobile")).to_have_text("139****4455")
    screenshot("customer-found-by-name-fragment")

    rows.first.get_by_role("link", name="司马建华").click()
    page.get_by_role("button", name="显示完整号码").click()
    expect(page.get_by_text("13922334455")).to_be_visible()
    assert PrivacyLog.objects.filter(
        customer=customer, user__username="liuyang", action=PrivacyLog.Action.REVEAL_MOBILE
    ).exists()
