import pytest
from django.urls import reverse

from organization.roles import Role


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR, username="liuyang")


def attempt(client, password):
    return client.post(reverse("login"), {"username": "liuyang", "password": password})


def test_it_logs_in_with_the_right_password(advisor, client):
    response = attempt(client, "pass-word-123")
    assert response.status_code == 302
    assert response["Location"] == reverse("landing")


def test_a_wrong_password_is_answered_in_chinese(advisor, client):
    response = attempt(client, "wrong")
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_it_locks_out_after_five_failures_even_with_the_right_password(advisor, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong")
    response = attempt(client, "pass-word-123")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_user_so_colleagues_can_still_log_in(advisor, staff, client, settings):
    staff(Role.CUSTOMER_SERVICE, username="yangxue")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong")
    response = client.post(reverse("login"), {"username": "yangxue", "password": "pass-word-123"})
    assert response.status_code == 302
