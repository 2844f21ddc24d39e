"""The lounge staff tick today's checklist with a short count and log the violation to the person at fault."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from care.models import LoungeItem, LoungeViolation
from organization.roles import Role
from tests.factories import StoreFactory, UserFactory

pytestmark = [pytest.mark.browser]
PASSWORD = "pass-word-123"


def zh(text):
    """A label as the page shows it (the Chinese catalogue, or English for a string it has not got yet)."""
    with translation.override("zh-hans"):
        return gettext(text)


@pytest.fixture
def lounge_store(reference_data):
    store = StoreFactory(code="gz01", name="广州天河4S店")
    UserFactory(username="linxiaohong", name="林小红", store=store, roles=[Role.LOUNGE_STAFF])
    return UserFactory(username="liuyang", name="刘洋", store=store, roles=[Role.SERVICE_ADVISOR])


def test_the_lounge_staff_tick_the_checklist_with_a_violation(lounge_store, live_server, page, screenshot):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("linxiaohong")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("客户休息区")

    checklist = page.locator("#checklist")
    for item in LoungeItem.objects.filter(active=True):
        field = checklist.get_by_label(item.label, exact=True)
        if item.code == "ashtray_butts":
            field.fill("4")  # more butts than the seed's two
        elif item.counted:
            field.fill(str(item.at_least))
        else:
            field.check()
    screenshot("lounge-checklist-ticked")
    page.get_by_role("button", name=zh("Save the checklist")).click()
    expect(page.get_by_role("alert").filter(has_text=zh("Today's lounge checklist is saved."))).to_be_visible()

    violation = page.locator("#violation-form")
    violation.get_by_label(zh("Item")).select_option(label=LoungeItem.objects.get(code="ashtray_butts").label)
    violation.get_by_label(zh("Staff member")).select_option(label="刘洋")
    violation.get_by_label(zh("Note")).fill("烟灰缸内烟头4个")
    page.get_by_role("button", name=zh("Log the violation")).click()
    expect(page.get_by_role("alert").filter(has_text=zh("The violation is logged with its fine."))).to_be_visible()
    expect(page.locator("#violations")).to_contain_text("刘洋")
    expect(page.locator("#violations")).to_contain_text("20.00")
    screenshot("lounge-violation-logged")
    assert LoungeViolation.objects.get().staff == lounge_store
