"""An advisor opens today's call list, logs a reached 续保 call that books an appointment, and the customer page shows
the call in the follow-up log."""

import re
from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from aftersales.models import Appointment
from care.models import CareCall
from organization.models import OpeningHours
from organization.roles import Role
from tests.factories import CareContactFactory, StoreFactory, UserFactory, VehicleFactory

pytestmark = [pytest.mark.browser]
PASSWORD = "pass-word-123"


def zh(source: str) -> str:
    """The page's wording of an English source string, before and after the pending catalogue is merged."""
    with translation.override("zh-hans"):
        return gettext(source)


def field(page, source):
    """A form field by its translated label, with or without crispy's required-field asterisk."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(zh(source))}\s*\*?\s*$", re.IGNORECASE))


@pytest.fixture
def contact(reference_data):
    store = StoreFactory(code="gz01", name="广州天河4S店")
    for weekday in range(7):
        OpeningHours.objects.create(store=store, weekday=weekday, opens_at=time(8, 30), closes_at=time(17, 30))
    advisor = UserFactory(username="liuyang", name="刘洋", store=store, roles=[Role.SERVICE_ADVISOR])
    vehicle = VehicleFactory(owner__store=store, owner__name="陈续保", owner__mobile="15812341234", plate="粤A67890")
    return CareContactFactory(customer=vehicle.owner, vehicle=vehicle, owner=advisor, kind="insurance_renewal")


def test_an_advisor_logs_a_reached_renewal_call_that_books_an_appointment(contact, live_server, page, screenshot):
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("liuyang")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name=zh("Today's calls"), exact=True).click()

    row = page.get_by_test_id("contact-row").filter(has_text="陈续保")
    expect(row).to_contain_text("158****1234")
    expect(row).to_contain_text("粤A67890")
    expect(page.locator("body")).not_to_contain_text("15812341234")
    screenshot("care-01-todays-calls")
    row.get_by_role("button", name=zh("Log a call")).click()
    field(row, "Reached").check()
    field(row, "Result").fill("客户同意续保，想顺便做保养")
    field(row, "Next step").fill("到店续保并保养")
    field(row, "Booked an appointment").check()
    screenshot("care-02-logging-the-call")
    row.get_by_role("button", name=zh("Log the call")).click()

    # The booking form opens for the contact's vehicle.
    expect(page).to_have_url(live_server.url + reverse("aftersales:appointment_create", args=[contact.vehicle_id]))
    expect(page.locator("body")).to_contain_text("粤A67890")
    field(page, "Day").fill(tomorrow.isoformat())
    field(page, "Slot").fill("10:00")
    field(page, "Channel").select_option("phone")
    field(page, "Estimated duration (minutes)").fill("60")
    field(page, "Fault description").fill("续保回访预约：保养")
    screenshot("care-03-booking")
    page.get_by_role("button", name=zh("Book"), exact=True).click()
    expect(page.locator("tr", has_text="陈续保")).to_contain_text("10:00")
    assert Appointment.objects.filter(vehicle=contact.vehicle).exists()

    page.goto(live_server.url + reverse("customers:detail", args=[contact.customer_id]))
    log_row = page.get_by_test_id("follow-up-row").first
    expect(log_row).to_contain_text(contact.get_kind_display())
    expect(log_row).to_contain_text("客户同意续保，想顺便做保养 · 到店续保并保养")
    screenshot("care-04-customer-follow-up-log")
    call = CareCall.objects.get(contact=contact)
    assert call.reached and call.booked_appointment
    contact.refresh_from_db()
    assert contact.closed_at is not None
