from django.urls import reverse

from organization.roles import Role


def test_chinese_is_served_even_to_an_english_browser(client, db):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "登录" in page.content.decode() and page["Content-Language"] == "zh-hans"


def test_staff_can_switch_to_english_and_back(staff, client_of):
    client = client_of(staff(Role.CUSTOMER_SERVICE))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "My callbacks" in client.get(reverse("surveys:my_callbacks")).content.decode()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "我的回访" in client.get(reverse("surveys:my_callbacks")).content.decode()


def test_an_unknown_language_cookie_falls_back_to_chinese(client, db, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert "登录" in client.get(reverse("login")).content.decode()
