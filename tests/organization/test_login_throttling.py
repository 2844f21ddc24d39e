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


def attempt_from(client, password, *, forwarded_for=None):
    """A login posted through gunicorn on loopback: every request's REMOTE_ADDR is 127.0.0.1."""
    headers = {"REMOTE_ADDR": "127.0.0.1"}
    if forwarded_for:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(reverse("login"), {"username": "liuyang", "password": password}, **headers)


def test_without_a_trusted_proxy_a_forged_forwarded_for_does_not_change_the_lockout_key(advisor, client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt_from(client, "wrong", forwarded_for=f"198.51.100.{n}")
    response = attempt_from(client, "pass-word-123", forwarded_for="203.0.113.9")
    assert response.status_code == 429


def test_behind_a_trusted_proxy_failures_from_one_address_do_not_lock_the_user_out_at_another(
    advisor, client, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt_from(client, "wrong", forwarded_for="198.51.100.7")
    assert attempt_from(client, "pass-word-123", forwarded_for="198.51.100.7").status_code == 429
    assert attempt_from(client, "pass-word-123", forwarded_for="203.0.113.9").status_code == 302


def test_behind_a_trusted_proxy_the_address_the_proxy_saw_counts_not_what_the_client_prepended(
    advisor, client, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    # nginx's $proxy_add_x_forwarded_for appends the address it saw to whatever the client sent.
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt_from(client, "wrong", forwarded_for=f"10.0.0.{n}, 198.51.100.7")
    assert attempt_from(client, "pass-word-123", forwarded_for="198.51.100.7").status_code == 429
