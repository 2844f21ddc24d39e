"""A customer books a service visit on their phone from the store's public page, confirms it with the SMS code,
and the advisor who will receive them finds it on the day view."""

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from organization.models import OpeningHours, OutboundMessage
from organization.roles import Role
from tests.factories import StoreFactory, UserFactory

pytestmark = [pytest.mark.browser]
PASSWORD = "pass-word-123"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3}
TAP_TARGET = 44
"""Pixels: the smallest height a finger hits reliably (Apple's guideline; Material asks 48)."""


def zh(source: str) -> str:
    """The page's wording of an English source string, before and after the pending catalogue is merged."""
    with translation.override("zh-hans"):
        return gettext(source)


@pytest.fixture
def advisor(reference_data):
    store = StoreFactory(code="gz01", name="广州天河4S店")
    for weekday in range(7):
        OpeningHours.objects.create(store=store, weekday=weekday, opens_at=time(8, 30), closes_at=time(17, 30))
    return UserFactory(username="liuyang", name="刘洋", store=store, roles=[Role.SERVICE_ADVISOR])


def fits_the_phone(page) -> None:
    """Nothing sticks out sideways and every control is big enough to tap."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]
    controls = page.locator("main select, main input:not([type=hidden]):not(.btn-check), main button, main label.btn")
    for control in controls.all():
        box = control.bounding_box()
        assert box and box["height"] >= TAP_TARGET, (control.evaluate("e => e.outerHTML"), box)


@pytest.mark.browser_context_args(**PHONE)
def test_a_customer_books_on_a_phone_and_the_advisor_sees_it(advisor, live_server, page, screenshot):
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.goto(f"{live_server.url}/book/gz01/")
    expect(page.get_by_role("heading", level=1)).to_have_text("广州天河4S店")
    page.get_by_label(zh("Service")).select_option("maintenance")
    page.get_by_label(zh("Day")).select_option(tomorrow.isoformat())
    fits_the_phone(page)
    screenshot("public-booking-choose")
    page.get_by_role("button", name=zh("Show free times")).tap()

    form = page.get_by_test_id("booking-form")
    form.locator("label", has_text=re.compile(r"^\s*10:00\s*$")).tap()
    expect(form.get_by_role("radio", name="10:00")).to_be_checked()
    form.get_by_label(zh("Your name")).fill("李女士")
    form.get_by_label(zh("Plate")).fill("粤b 12345")
    form.get_by_label(zh("Mobile")).fill("139 0000 1111")
    fits_the_phone(page)
    screenshot("public-booking-form")
    form.get_by_role("button", name=zh("Send me the SMS code")).tap()

    code_field = page.get_by_label(zh("SMS code"))
    expect(code_field).to_be_visible()
    sms = OutboundMessage.objects.filter(to="13900001111", template="verification_code").get()
    code_field.fill(re.search(r"\d{6}", sms.body)[0])
    fits_the_phone(page)
    screenshot("public-booking-code")
    page.get_by_role("button", name=zh("Confirm the booking")).tap()

    confirmed = page.get_by_test_id("booking-confirmed")
    expect(confirmed).to_contain_text("刘洋")
    expect(confirmed).to_contain_text(f"{tomorrow.isoformat()}")
    expect(confirmed).to_contain_text("10:00")
    fits_the_phone(page)
    screenshot("public-booking-confirmed")

    page.set_viewport_size({"width": 1280, "height": 800})  # the advisor at the front desk's screen
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("liuyang")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").tap()
    page.get_by_label(zh("Day")).fill(tomorrow.isoformat())
    page.get_by_role("button", name=zh("Show"), exact=True).tap()
    row = page.locator("tr", has_text="李女士")
    expect(row).to_contain_text("10:00")
    expect(row).to_contain_text("粤B12345")
    expect(row.get_by_test_id("self-registered")).to_have_text(zh("Self-registered — check on arrival"))
    screenshot("public-booking-on-the-day-view")
