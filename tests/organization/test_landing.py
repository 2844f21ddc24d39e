import pytest
from django.urls import reverse

from organization.navigation import landing_pages
from organization.roles import Role

EXPECTED = {
    Role.SERVICE_ADVISOR: ("aftersales:workbench", "前台工作台"),
    Role.SALES_CONSULTANT: ("surveys:my_callbacks", "我的回访"),
    Role.CUSTOMER_SERVICE: ("surveys:my_callbacks", "我的回访"),
    Role.FRONT_DESK_SUPERVISOR: ("complaints:queue", "投诉队列"),
    Role.DEPARTMENT_HEAD: ("complaints:department", "部门投诉"),
    Role.AFTER_SALES_MANAGER: ("complaints:queue", "投诉队列"),
    Role.GENERAL_MANAGER: ("dashboard:gm", "总经理看板"),
    Role.TECHNICIAN: ("aftersales:my_repair_orders", "我的维修单"),
    Role.QC_INSPECTOR: ("aftersales:qc_queue", "质检队列"),
    Role.PARTS_STAFF: ("aftersales:parts", "配件"),
    Role.LOUNGE_STAFF: ("care:lounge", "客户休息区"),
}


def test_every_role_has_a_landing_page():
    assert {page.role for page in landing_pages()} == set(Role)


@pytest.mark.parametrize("role", list(EXPECTED))
def test_it_lands_each_role_on_its_work_page(role, staff, client_of):
    url_name, heading = EXPECTED[role]
    client = client_of(staff(role))
    response = client.get(reverse("landing"))
    assert response.status_code == 302
    assert response["Location"] == reverse(url_name)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert heading in page.content.decode()


def test_it_lands_the_group_user_on_the_group_dashboard(group_user, store, client_of):
    client = client_of(group_user)
    response = client.get(reverse("landing"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard:group")
    assert "集团看板" in response.content.decode()
    assert store.name in response.content.decode()


@pytest.mark.parametrize(
    ("role", "forbidden"),
    [
        (Role.SERVICE_ADVISOR, "dashboard:gm"),
        (Role.TECHNICIAN, "complaints:queue"),
        (Role.LOUNGE_STAFF, "surveys:my_callbacks"),
        (Role.CUSTOMER_SERVICE, "organization:policies"),
        (Role.GENERAL_MANAGER, "dashboard:group"),
        (Role.DEPARTMENT_HEAD, "aftersales:qc_queue"),
    ],
)
def test_it_refuses_a_page_of_another_role(role, forbidden, staff, client_of):
    response = client_of(staff(role)).get(reverse(forbidden))
    assert response.status_code == 403
    assert "您的角色无权访问此页面" in response.content.decode()


def test_it_sends_anonymous_visitors_to_login(client, db):
    response = client.get(reverse("dashboard:gm"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_user_without_a_role_is_told_so(staff, client_of):
    response = client_of(staff()).get(reverse("landing"), follow=True)
    assert response.status_code == 403
    assert "还没有角色" in response.content.decode()


def test_navigation_shows_only_the_roles_own_entries(staff, client_of):
    page = client_of(staff(Role.TECHNICIAN)).get(reverse("aftersales:my_repair_orders")).content.decode()
    assert reverse("aftersales:my_repair_orders") in page
    assert reverse("organization:policies") not in page
    assert f'href="{reverse("dashboard:gm")}"' not in page  # the staff report's URL starts with it too


def test_the_login_page_is_in_chinese(client, db):
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="zh-CN">' in page
    assert "登录" in page and "用户名" in page and "密码" in page
