import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from organization.management.commands.seed_demo import DEMO_PASSWORD, DEMO_STAFF, GROUP_USER

pytestmark = [pytest.mark.browser]

# Demo username -> the heading of the page that user lands on.
LANDING_HEADINGS = {
    "gm": "总经理看板",
    "asm": "投诉队列",
    "sales_head": "部门投诉",
    "cs_head": "部门投诉",
    "supervisor": "投诉队列",
    "advisor": "前台工作台",
    "sales": "我的回访",
    "cs": "我的回访",
    "tech": "我的维修单",
    "qc": "质检队列",
    "parts": "配件",
    "lounge": "客户休息区",
    "group": "集团看板",
}


@pytest.fixture
def demo_data(reference_data):
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def test_the_demo_covers_every_role():
    from organization.roles import Role

    roles = {role for _, _, roles, _, _ in DEMO_STAFF for role in roles} | {Role.GROUP_MANAGEMENT}
    assert roles == set(Role)
    assert {username for username, *_ in DEMO_STAFF} | {GROUP_USER[0]} >= set(LANDING_HEADINGS)


@pytest.mark.parametrize("username", list(LANDING_HEADINGS))
def test_each_role_logs_in_and_sees_its_landing_page(username, demo_data, live_server, page, screenshot):
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(LANDING_HEADINGS[username])
    expect(page.get_by_test_id("current-user")).to_be_visible()
    expect(page.get_by_role("button", name="退出登录")).to_be_visible()
    screenshot(f"landing-{username}")


def test_a_wrong_password_is_refused_in_chinese(demo_data, live_server, page, screenshot):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("cs")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("请输入一个正确的")).to_be_visible()
    screenshot("login-refused")
