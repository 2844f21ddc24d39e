"""Shared front-desk PCs: sessions end with the browser and after a shift idle; pages are not cached."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from organization.roles import Role

MORNING = datetime(2026, 3, 2, 8, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR, username="liuyang")


def is_logged_in(client):
    response = client.get(reverse("customers:list"))
    return response.status_code == 200


def test_the_session_cookie_ends_with_the_browser(advisor, client):
    response = client.post(reverse("login"), {"username": "liuyang", "password": "pass-word-123"})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert client.session.get_expire_at_browser_close()


def test_an_idle_session_ends_after_one_shift(advisor, client, settings, time_machine):
    assert settings.SESSION_IDLE_HOURS == 9
    time_machine.move_to(MORNING, tick=False)
    client.force_login(advisor)
    time_machine.shift(timedelta(hours=9, minutes=-1))
    assert is_logged_in(client)
    time_machine.shift(timedelta(hours=9, minutes=1))
    assert not is_logged_in(client)


def test_working_keeps_the_session_alive_past_one_shift(advisor, client, time_machine):
    time_machine.move_to(MORNING, tick=False)
    client.force_login(advisor)
    for _ in range(3):
        time_machine.shift(timedelta(hours=8))
        assert is_logged_in(client)


def test_the_notification_badge_polling_does_not_keep_an_idle_session_alive(advisor, client, time_machine):
    time_machine.move_to(MORNING, tick=False)
    client.force_login(advisor)
    for _ in range(10):
        time_machine.shift(timedelta(hours=1))
        client.get(reverse("organization:notification_badge"), headers={"HX-Request": "true"})
    assert not is_logged_in(client)


def test_pages_for_a_signed_in_user_are_not_stored(advisor, client_of):
    response = client_of(advisor).get(reverse("customers:list"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_login_page_is_not_stored_either(client):
    assert "no-store" in client.get(reverse("login"))["Cache-Control"]


def test_after_the_session_ended_the_bell_sends_the_whole_page_to_the_login(advisor, client, time_machine):
    time_machine.move_to(MORNING, tick=False)
    client.force_login(advisor)
    time_machine.shift(timedelta(hours=10))
    response = client.get(reverse("organization:notification_badge"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("login"))


def test_pages_allow_only_our_own_scripts_styles_and_images(advisor, client_of):
    policy = client_of(advisor).get(reverse("customers:list"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in policy
