from django.urls import reverse

from organization.roles import Role


def test_a_page_names_the_users_store_without_an_extra_query(staff, client, django_assert_num_queries):
    advisor = staff(Role.SERVICE_ADVISOR, username="liuyang")
    client.post(reverse("login"), {"username": "liuyang", "password": "pass-word-123"})
    client.get(reverse("aftersales:workbench"))  # stamps the session's idle clock (at most one write a minute)
    # session, user with store, roles, then the page's own queries: the day's appointments, the reminders due, the
    # open repair orders
    with django_assert_num_queries(6):
        page = client.get(reverse("aftersales:workbench"))
    assert advisor.store.name in page.content.decode()


def test_an_inactive_user_is_logged_out(staff, client):
    advisor = staff(Role.SERVICE_ADVISOR, username="liuyang")
    client.post(reverse("login"), {"username": "liuyang", "password": "pass-word-123"})
    advisor.is_active = False
    advisor.save(update_fields=["is_active"])
    assert client.get(reverse("aftersales:workbench")).status_code == 302
