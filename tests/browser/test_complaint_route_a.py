"""A dissatisfied callback becomes a route A complaint in Chromium, each person at the login page in turn: customer
service logs it from "my callbacks" and hands it over, the front-desk supervisor does the first handling, the
after-sales manager dispatches it to the workshop, the workshop's head returns the result and signs the plan, the
after-sales manager writes the summary, and the GM finds it on the complaint queue waiting for the callback."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from complaints.detail_views import ACTIONS
from complaints.models import Complaint, Milestone, Route, Stage
from organization.models import Department
from organization.roles import Role
from surveys.models import Callback
from tests.factories import (
    CallbackFactory,
    CustomerFactory,
    DepartmentFactory,
    StoreFactory,
    UserFactory,
    VehicleFactory,
)

pytestmark = [pytest.mark.browser]
PASSWORD = "pass-word-123"
WORDS = "方向盘抖动返修两次仍未解决，客户很不满意"


def zh(source) -> str:
    """The page's wording of an English source string, before and after the pending catalogue is merged."""
    with translation.override("zh-hans"):
        return gettext(source)


def field(page, source):
    """A form field by its translated label, with or without crispy's required-field asterisk."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(zh(source))}\s*\*?\s*$"))


@pytest.fixture
def dealership(reference_data):
    store = StoreFactory(code="gz01", name="广州天河4S店")
    gm = UserFactory(username="zhouzong", name="周总", store=store, roles=[Role.GENERAL_MANAGER])
    workshop = DepartmentFactory(store=store, kind=Department.Kind.WORKSHOP)
    DepartmentFactory(store=store, kind=Department.Kind.AFTER_SALES)
    workshop.head = UserFactory(
        username="chenjian", name="陈建", store=store, roles=[Role.DEPARTMENT_HEAD], department=workshop, superior=gm
    )
    workshop.save(update_fields=["head"])
    specialist = UserFactory(username="yangxue", name="杨雪", store=store, roles=[Role.CUSTOMER_SERVICE], superior=gm)
    UserFactory(username="linfang", name="林芳", store=store, roles=[Role.FRONT_DESK_SUPERVISOR], superior=gm)
    UserFactory(username="huangwei", name="黄伟", store=store, roles=[Role.AFTER_SALES_MANAGER], superior=gm)
    customer = CustomerFactory(store=store, name="司马建华", mobile="15812341234")
    vehicle = VehicleFactory(store=store, owner=customer, plate="粤A88888")
    return CallbackFactory(
        customer=customer,
        vehicle=vehicle,
        owner=specialist,
        kind=Callback.Kind.SERVICE_FOLLOW_UP,
    )


def test_route_a_from_a_callback_to_the_gms_queue(dealership, live_server, page, screenshot):
    callback = dealership

    def log_in(username, landing):
        if page.get_by_role("button", name=zh("Log out")).count():
            page.get_by_role("button", name=zh("Log out")).click()
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(zh(landing))

    def open_from_queue(stage):
        row = page.get_by_test_id("complaint-row").filter(has_text=number)
        expect(row).to_contain_text("司马建华")
        expect(row).to_contain_text(zh(stage.label))
        row.get_by_role("link", name=number).click()
        expect(page.locator("#stage")).to_have_text(zh(stage.label))

    def take(step, **fields):
        """Open the step's form on the complaint's page, fill it and take it; the page swaps in place (htmx)."""
        form = page.locator(f"#step-{step}")
        if form.get_attribute("open") is None:
            form.locator("summary").click()
        for label, value in fields.items():
            control = field(form, label)
            if isinstance(value, int):
                control.select_option(str(value))
            elif control.evaluate("element => element.tagName") == "SELECT":
                control.select_option(label=value)
            else:
                control.fill(value)
        form.get_by_role("button").click()

    def timeline_shows(action, person, note=""):
        label = page.locator("strong").filter(has_text=re.compile(rf"^{re.escape(zh(ACTIONS[action]))}$"))
        entry = page.locator("#timeline li").filter(has=label).filter(has_text=person)
        expect(entry).to_have_count(1)
        if note:
            expect(entry).to_contain_text(note)

    # Customer service calls the customer back: reached, dissatisfied.
    log_in("yangxue", "My callbacks")
    page.get_by_test_id("callback-row").filter(has_text="司马建华").get_by_role("link", name=zh("Record call")).click()
    page.get_by_label(zh("Reached")).check()
    page.get_by_label(zh("Customer's satisfaction")).select_option(label=zh("Dissatisfied"))
    page.get_by_label(zh("What was said")).fill(WORDS)
    page.get_by_role("button", name=zh("Save")).click()
    expect(page).to_have_url(f"{live_server.url}/callbacks/")

    # Among the dissatisfied calls (the queue's outcome filter) it offers "Log a complaint", pre-filled from the call.
    page.get_by_label(zh("Outcome")).select_option("dissatisfied")
    page.get_by_role("button", name=zh("Filter")).click()
    row = page.get_by_test_id("callback-row").filter(has_text="司马建华")
    expect(row).to_contain_text(zh("Dissatisfied"))
    screenshot("complaint-a-01-dissatisfied-callback")
    row.get_by_test_id("log-complaint").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(zh("Log a complaint"))
    expect(field(page, "What the customer said")).to_have_value(re.compile(re.escape(WORDS)))
    expect(field(page, "Vehicle").locator("option:checked")).to_contain_text("粤A88888")
    field(page, "Route").select_option(Route.FRONT_DESK)
    field(page, "Category").select_option(Complaint.Category.VALID)
    field(page, "Severity").select_option("general")
    field(page, "Channel").select_option(Complaint.Channel.FACE_TO_FACE)
    screenshot("complaint-a-02-prefilled-form")
    page.get_by_role("button", name=zh("Log the complaint")).click()

    complaint = Complaint.objects.get(customer=callback.customer)
    number = complaint.number
    callback.refresh_from_db()
    assert callback.complaint_id == complaint.pk
    assert complaint.raised_at == callback.completed_at
    assert complaint.route == Route.FRONT_DESK
    expect(page.get_by_role("alert").filter(has_text=number)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
    expect(page.locator("#stage")).to_have_text(zh(Stage.LOGGED.label))
    expect(page.locator("#tracking-form")).to_contain_text(WORDS)
    timeline_shows("log", "杨雪")
    take("hand_over", Note="请前台主管尽快联系客户")
    expect(page.locator("#stage")).to_have_text(zh(Stage.FIRST_HANDLING.label))
    timeline_shows("hand_over", "杨雪", "请前台主管尽快联系客户")
    screenshot("complaint-a-03-handed-over")

    # The front-desk supervisor finds it on the queue and records the first handling.
    log_in("linfang", "Complaint queue")
    open_from_queue(Stage.FIRST_HANDLING)
    take("first_handling", **{"Analysis (confirmed with the customer)": "已与客户确认：高速120公里时方向盘抖动"})
    expect(page.locator("#stage")).to_have_text(zh(Stage.DISPATCH.label))
    timeline_shows("first_handling", "林芳")
    expect(page.locator("#tracking-form")).to_contain_text("高速120公里时方向盘抖动")
    screenshot("complaint-a-04-first-handling")

    # The after-sales manager dispatches it to the workshop.
    log_in("huangwei", "Complaint queue")
    open_from_queue(Stage.DISPATCH)
    dispatch = page.locator("#step-dispatch")
    dispatch.get_by_label(re.compile(re.escape(zh("Workshop")))).check()
    take("dispatch", Analysis="轮胎动平衡及传动轴需复查，交车间处理")
    expect(page.locator("#stage")).to_have_text(zh(Stage.HANDLING.label))
    timeline_shows("dispatch", "黄伟", zh("Workshop"))
    expect(page.locator("#tracking-form")).to_contain_text("交车间处理")
    expect(page.locator("#departments")).to_contain_text("陈建")
    screenshot("complaint-a-05-dispatched")

    # The workshop's head returns the result and signs the handling plan.
    log_in("chenjian", "Department complaints")
    open_from_queue(Stage.HANDLING)
    workshop = Department.objects.get(kind=Department.Kind.WORKSHOP).pk
    take("department_result", Department=workshop, **{"Department's result": "更换传动轴，四轮动平衡，试车无抖动"})
    timeline_shows("department_result", "陈建", "更换传动轴")
    take("sign_plan", Department=workshop, Note="同意处理方案")
    expect(page.locator("#stage")).to_have_text(zh(Stage.SUMMARY.label))
    timeline_shows("sign_plan", "陈建")
    timeline_shows("handling_done", "陈建")
    expect(page.locator("#departments")).to_contain_text("陈建")
    screenshot("complaint-a-06-workshop-result-and-sign-off")

    # The after-sales manager writes the summary.
    log_in("huangwei", "Complaint queue")
    open_from_queue(Stage.SUMMARY)
    take(
        "summarize",
        Summary="传动轴更换后试车正常，已向客户说明",
        Loss=zh(Complaint.Loss.NONE.label),
        **{"Improvement measures (改善措施)": "高速抖动类故障一律路试复检"},
    )
    expect(page.locator("#stage")).to_have_text(zh(Stage.CALLBACK.label))
    timeline_shows("summary", "黄伟", "传动轴更换后试车正常")
    screenshot("complaint-a-07-summary")

    # The GM sees it on the complaint queue, waiting for customer service's satisfaction callback.
    log_in("zhouzong", "Dashboard")
    page.get_by_role("link", name=zh("Complaint queue"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Complaint queue"))
    row = page.get_by_test_id("complaint-row").filter(has_text=number)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("司马建华")
    expect(row).to_contain_text("粤A88888")
    expect(row).to_contain_text(zh(Route.FRONT_DESK.label))
    expect(row).to_contain_text(zh(Stage.CALLBACK.label))
    # Its nearest deadline is the workshop's reply to customer service (a day after its result), owned by its head.
    expect(row).to_contain_text(zh(Milestone.Kind.DEPARTMENT_REPLY.label))
    expect(row).to_contain_text("陈建")
    expect(row.get_by_test_id("overdue")).to_have_count(0)
    expect(row.get_by_test_id("breached")).to_have_count(0)
    screenshot("complaint-a-08-gm-queue")
    row.get_by_role("link", name=number).click()
    for action, person in (
        ("log", "杨雪"),
        ("hand_over", "杨雪"),
        ("first_handling", "林芳"),
        ("dispatch", "黄伟"),
        ("department_result", "陈建"),
        ("sign_plan", "陈建"),
        ("summary", "黄伟"),
    ):
        timeline_shows(action, person)
    screenshot("complaint-a-09-gm-timeline")
    assert list(complaint.transitions.order_by("pk").values_list("action", flat=True)) == [
        "log",
        "hand_over",
        "first_handling",
        "dispatch",
        "department_result",
        "sign_plan",
        "handling_done",
        "summary",
    ]
