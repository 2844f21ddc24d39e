"""Customer service works the queue: the overdue survey callback is taken by phone, a dissatisfied call becomes a
complaint, pre-filled and linked to the call."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from organization.models import Department
from organization.roles import Role
from surveys.models import Callback, Survey
from tests.factories import CallbackFactory, CustomerFactory, RepairOrderFactory, StoreFactory, UserFactory

pytestmark = [pytest.mark.browser]
PASSWORD = "pass-word-123"


def zh(text):
    with translation.override("zh-hans"):
        return gettext(text)


@pytest.fixture
def queue(reference_data):
    store = StoreFactory(code="gz03", name="广州白云4S店")
    workshop, _ = Department.objects.get_or_create(store=store, kind=Department.Kind.WORKSHOP)
    cs = UserFactory(username="linfang", name="林芳", store=store, roles=[Role.CUSTOMER_SERVICE])
    order = RepairOrderFactory(vehicle__owner__store=store, vehicle__owner__name="欧阳明")
    survey_call = CallbackFactory(
        customer=order.customer,
        vehicle=order.vehicle,
        source=order.source,
        owner=cs,
        due_at=timezone.now() - timedelta(hours=3),
    )
    unhappy = CallbackFactory(
        customer=CustomerFactory(store=store, name="诸葛亮"),
        kind=Callback.Kind.SERVICE_FOLLOW_UP,
        owner=cs,
        due_at=timezone.now() + timedelta(hours=2),
    )
    return survey_call, unhappy, workshop


def log_in(page, live_server):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("linfang")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def record_call(page, *, satisfied: bool, note: str):
    page.get_by_label(zh("Reached"), exact=True).check()
    page.get_by_label(zh("Customer's satisfaction")).select_option(
        label=zh("Satisfied") if satisfied else zh("Dissatisfied")
    )
    page.get_by_label(zh("What was said")).fill(note)
    page.get_by_role("button", name=zh("Save"), exact=True).click()


def test_customer_service_works_the_queue_surveys_by_phone_and_logs_a_complaint(queue, live_server, page, screenshot):
    survey_call, unhappy, workshop = queue
    log_in(page, live_server)
    expect(page.get_by_test_id("count-overdue")).to_contain_text("1")
    page.get_by_test_id("count-overdue").click()
    rows = page.get_by_test_id("callback-row")
    expect(rows).to_have_count(1)
    screenshot("queue-overdue")
    rows.filter(has_text="欧阳明").get_by_role("link", name=zh("Record call")).click()

    page.get_by_test_id("take-survey").click()
    for question in survey_call.store.questionnaires.get(kind="csi").questions.all():
        page.get_by_test_id(f"item-{question.code}").locator("label.btn", has_text="9").click()
    screenshot("queue-survey-by-phone")
    page.get_by_role("button", name=zh("Save the answers")).click()
    expect(page.get_by_test_id("callback-survey")).to_contain_text("88.89")
    record_call(page, satisfied=True, note="保养后车况良好")
    survey = Survey.objects.get(callback=survey_call)
    assert (
        survey.channel == Survey.Channel.PHONE
        and survey.score == Decimal("88.89")
        and survey.answered_by.username == "linfang"
    )

    page.get_by_test_id("count-today").click()
    page.get_by_test_id("callback-row").filter(has_text="诸葛亮").get_by_role("link", name=zh("Record call")).click()
    record_call(page, satisfied=False, note="异响没有修好")
    expect(page).to_have_url(f"{live_server.url}/callbacks/")
    page.goto(f"{live_server.url}/callbacks/?outcome=dissatisfied")
    page.get_by_test_id("callback-row").filter(has_text="诸葛亮").get_by_test_id("log-complaint").click()
    expect(page.get_by_label(zh("What the customer said"))).to_have_value(re.compile("异响没有修好"))
    page.get_by_label(zh("Category")).select_option(index=0)
    page.get_by_label(zh("Department")).select_option(value=str(workshop.pk))
    screenshot("queue-complaint-pre-filled")
    page.get_by_role("button", name=zh("Log the complaint")).click()
    unhappy.refresh_from_db()
    assert unhappy.complaint is not None and unhappy.complaint.customer == unhappy.customer
    expect(page).to_have_url(f"{live_server.url}{unhappy.complaint.get_absolute_url()}")
    screenshot("queue-complaint-logged")
