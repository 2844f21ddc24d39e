"""A fleet member's car goes the whole after-sales way in Chromium, each person at their own screen: booked,
received into a repair order, signed, changed with the customer's approval, repaired with issued parts, failed
and then passed by QC, settled at the fleet rate, delivered with a gate pass, and called back afterwards."""

import re
from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from aftersales.models import RepairOrder
from customers.models import FleetAccount
from organization.models import OpeningHours
from organization.roles import Role
from surveys.models import Callback
from tests.browser.conftest import ARTIFACTS
from tests.factories import (
    FleetMembershipFactory,
    LaborOperationFactory,
    PartPriceFactory,
    StoreFactory,
    UserFactory,
)

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
def dealership(reference_data):
    store = StoreFactory(code="gz01", name="广州天河4S店")
    for weekday in range(7):
        OpeningHours.objects.create(store=store, weekday=weekday, opens_at=time(8, 30), closes_at=time(17, 30))
    staff = {
        "liuyang": ("刘洋", Role.SERVICE_ADVISOR),
        "wangqiang": ("王强", Role.TECHNICIAN),
        "zhaomin": ("赵敏", Role.QC_INSPECTOR),
        "sunli": ("孙丽", Role.PARTS_STAFF),
        "yangxue": ("杨雪", Role.CUSTOMER_SERVICE),
    }
    for username, (name, role) in staff.items():
        UserFactory(username=username, name=name, store=store, roles=[role])
    member = FleetMembershipFactory(
        fleet__representative__store=store,
        fleet__name="广州顺达物流",
        fleet__status=FleetAccount.Status.ACTIVE,
        vehicle__owner__name="陈志远",
        vehicle__plate="粤A12345",
        vehicle__mileage=42000,
    )
    LaborOperationFactory(store=store, code="BY01", name="常规保养", standard_hours=Decimal("1.00"))
    PartPriceFactory(store=store, part_number="OF-1001", name="机油滤清器", list_price=Decimal("88.00"))
    PartPriceFactory(store=store, part_number="BP-2002", name="前刹车片", list_price=Decimal("420.00"))
    return member.vehicle


TABLET = {"width": 600, "height": 960}
"""A 7-inch tablet held upright at the service desk."""


def fits_a_tablet(screen):
    """The page does not scroll sideways on the desk's tablet; a wide table scrolls inside its own box."""
    screen.set_viewport_size(TABLET)
    width = screen.evaluate("document.documentElement.scrollWidth")
    screen.set_viewport_size({"width": 1280, "height": 720})
    assert width <= TABLET["width"], (screen.url, width)


def test_a_fleet_members_car_from_booking_to_the_callbacks(dealership, live_server, browser, page, screenshot):
    vehicle = dealership
    tomorrow = timezone.localdate() + timedelta(days=1)
    others = []
    violations = []

    def log_in(username, screen=None):
        if screen is None:
            screen = browser.new_context(base_url=live_server.url).new_page()
            screen.on(
                "console", lambda message: "Content Security Policy" in message.text and violations.append(message)
            )
            others.append(screen)
        screen.goto(f"{live_server.url}/login/")
        screen.get_by_label("用户名").fill(username)
        screen.get_by_label("密码").fill(PASSWORD)
        screen.get_by_role("button", name="登录").click()
        return screen

    def shot(screen, name):
        folder = ARTIFACTS / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        screen.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    def open_order(screen):
        screen.goto(f"{live_server.url}/aftersales/repair_orders/{order().pk}/")

    def order():
        return RepairOrder.objects.get(vehicle=vehicle)

    # The advisor books tomorrow 10:00 for the fleet member's car, from the vehicle on the customer's file.
    advisor = log_in("liuyang", page)
    advisor.get_by_role("link", name=zh("Customers"), exact=True).click()
    search = advisor.get_by_role("searchbox")
    search.fill("粤A12345")
    search.press("Enter")
    advisor.get_by_role("link", name="陈志远").click()
    advisor.get_by_role("link", name=zh("Book an appointment")).click()
    field(advisor, "Day").fill(tomorrow.isoformat())
    field(advisor, "Slot").fill("10:00")
    field(advisor, "Channel").select_option("phone")
    field(advisor, "Estimated duration (minutes)").fill("90")
    field(advisor, "Fault description").fill("保养，刹车有异响")
    screenshot("flow-01-booking")
    advisor.get_by_role("button", name=zh("Book"), exact=True).click()

    # From the day view the advisor receives the car into a repair order; the appointment's words come along.
    row = advisor.locator("tr", has_text="陈志远")
    expect(row).to_contain_text("10:00")
    fits_a_tablet(advisor)
    screenshot("flow-02-day-view")
    row.get_by_role("link", name=zh("Receive the car")).click()
    expect(field(advisor, "The customer's words")).to_have_value("保养，刹车有异响")
    field(advisor, "job type").select_option("maintenance")
    field(advisor, "fuel level").select_option(index=1)
    field(advisor, "Mileage in (km)").fill("42180")
    advisor.get_by_role("button", name=zh("Open the repair order")).click()
    expect(advisor.get_by_role("heading", level=1)).to_contain_text(order().number)

    # Lines from the published catalog, then the customer signs.
    for code, quantity in (("BY01", "1"), ("OF-1001", "1")):
        field(advisor, "Labor operation code or part number").fill(code)
        field(advisor, "Hours or quantity").fill(quantity)
        advisor.get_by_role("button", name=zh("Add the line")).click()
    expect(advisor.locator("#estimate")).to_have_text("288.00")
    field(advisor, "Name the customer signed with").fill("陈志远")
    screenshot("flow-03-order-with-lines")
    advisor.get_by_role("button", name=zh("The customer signs")).click()
    expect(advisor.get_by_role("term").filter(has_text=zh("Signed by the customer"))).to_be_visible()

    # A change request: front brake pads, approved by the customer on the phone.
    field(advisor, "Labor operation code or part number").fill("BP-2002")
    field(advisor, "Hours or quantity").fill("1")
    field(advisor, "Reason").fill("前刹车片磨损到极限")
    advisor.get_by_role("button", name=zh("Ask the customer")).click()
    change = advisor.locator("[id^=change-]")
    change.get_by_role("combobox").first.select_option("yes")
    change.get_by_placeholder(zh("Who answered")).fill("陈志远")
    change.get_by_role("combobox").nth(1).select_option("phone")
    change.get_by_role("button", name=zh("Record the answer")).click()
    expect(advisor.locator("[id^=change-]")).to_contain_text("陈志远")
    expect(advisor.locator("#estimate")).to_have_text("708.00")
    fits_a_tablet(advisor)
    screenshot("flow-04-change-approved")

    # The technician takes the order and requests both parts; parts staff issue them.
    technician = log_in("wangqiang")
    technician.locator("tr", has_text=order().number).get_by_role("button", name=zh("Take it")).click()
    card = technician.locator(f"#order-{order().pk}")
    for part_number in ("OF-1001", "BP-2002"):
        card.get_by_placeholder(zh("Part number")).fill(part_number)
        card.get_by_role("button", name=zh("Request a part")).click()
    expect(card).to_contain_text("BP-2002")
    fits_a_tablet(technician)
    advisor.goto(f"{live_server.url}/aftersales/workshop/")
    expect(advisor.locator("main")).to_contain_text(order().number)
    fits_a_tablet(advisor)
    shot(technician, "flow-05-technician")
    parts = log_in("sunli")
    fits_a_tablet(parts)
    for part_number in ("OF-1001", "BP-2002"):
        parts.locator("tr", has_text=part_number).get_by_role("button", name=zh("Issue")).click()
    expect(parts.get_by_text(zh("Nothing to issue."))).to_be_visible()
    shot(parts, "flow-06-parts-issued")

    # The technician signs the self-check and report; QC fails it once, the technician finishes again, QC passes.
    def finish(report):
        technician.goto(f"{live_server.url}/aftersales/my-repair-orders/")
        card = technician.locator(f"#order-{order().pk}")
        card.get_by_placeholder(zh("Repair report")).fill(report)
        card.get_by_label(zh("Self-check done")).check()
        card.get_by_role("button", name=zh("Sign the report and hand to QC")).click()

    finish("更换机油、机滤、前刹车片，已自检")
    inspector = log_in("zhaomin")
    card = inspector.locator(f"#order-{order().pk}")
    card.get_by_label(zh("Result")).select_option("fail")
    card.get_by_label(zh("Notes"), exact=True).fill("刹车片异响仍在")
    card.get_by_role("button", name=zh("Record the inspection")).click()
    expect(inspector.get_by_text(zh("No car is waiting for QC."))).to_be_visible()
    finish("重新调整刹车卡钳，试车无异响")
    inspector.reload()
    card = inspector.locator(f"#order-{order().pk}")
    card.get_by_label(zh("Result")).select_option("pass")
    card.get_by_label(zh("Road tested")).check()
    card.get_by_label(zh("Washed")).check()
    card.get_by_role("button", name=zh("Record the inspection")).click()
    assert order().status == RepairOrder.Status.READY

    # The advisor settles at the fleet member rate and delivers with the gate pass.
    open_order(advisor)
    expect(advisor.locator("#workshop")).to_contain_text("刹车片异响仍在")
    advisor.get_by_role("link", name=zh("Settle"), exact=True).click()
    sheet = advisor.get_by_test_id("sheet")
    expect(sheet.locator("tr", has_text="常规保养")).to_contain_text(zh("Fleet member rate"))
    expect(sheet.locator("tr", has_text="前刹车片")).to_contain_text(zh("Fleet member rate"))
    expect(advisor.get_by_test_id("payable")).to_have_text("622.60")  # 200 × 70% + 88 × 95% + 420 × 95%
    advisor.get_by_label(zh("Discarded")).check()
    fits_a_tablet(advisor)
    screenshot("flow-07-settlement-sheet")
    advisor.get_by_role("button", name=zh("Settle"), exact=True).click()
    expect(advisor).to_have_url(f"{live_server.url}/aftersales/repair_orders/{order().pk}/")

    advisor.get_by_role("link", name=zh("Print the settlement sheet")).click()
    expect(advisor.get_by_test_id("lines")).to_contain_text(zh("Fleet member rate"))
    expect(advisor.locator("tr", has_text=zh("Advisor"))).to_contain_text("刘洋")
    screenshot("flow-08-settlement-sheet-printed")
    pdf = ARTIFACTS / "settlement-sheet.pdf"
    advisor.pdf(path=str(pdf), format="A4")
    assert pdf.exists() and pdf.stat().st_size > 0
    advisor.get_by_role("link", name=zh("Back")).click()

    advisor.get_by_role("link", name=zh("Deliver with a gate pass")).click()
    advisor.get_by_label(zh("The finished car was checked with the customer")).check()
    advisor.get_by_role("button", name=zh("Deliver with a gate pass")).click()
    expect(advisor).to_have_url(f"{live_server.url}/aftersales/repair_orders/{order().pk}/")
    advisor.get_by_role("link", name=zh("Print the gate pass")).click()
    expect(advisor.get_by_test_id("gate-pass")).to_have_text(order().gate_pass_number)
    expect(advisor.locator("tr", has_text=zh("Delivered by"))).to_contain_text("刘洋")
    screenshot("flow-09-gate-pass")
    assert order().status == RepairOrder.Status.DELIVERED

    advisor.goto(f"{live_server.url}/aftersales/repair_orders/")
    expect(advisor.get_by_role("link", name=order().number)).to_be_visible()
    fits_a_tablet(advisor)

    # The service callbacks appear on the advisor's and customer service's lists.
    advisor.goto(f"{live_server.url}/callbacks/")
    expect(advisor.get_by_test_id("callback-row").filter(has_text="陈志远")).to_have_count(1)
    screenshot("flow-10-advisor-callbacks")
    service = log_in("yangxue")
    expect(service.get_by_test_id("callback-row").filter(has_text="陈志远")).to_have_count(1)
    shot(service, "flow-11-customer-service-callbacks")
    assert Callback.objects.filter(customer=vehicle.owner).count() == 2
    assert [message.text for message in violations] == []
