from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from hypothesis import given

from organization.models import Department, Notification
from organization.roles import Role
from surveys.models import Callback
from tests.customers.test_bad_input import FUZZ, field, form, split
from tests.factories import CallbackFactory, DepartmentFactory


@pytest.fixture
def head(store, staff):
    head = staff(Role.DEPARTMENT_HEAD, username="cs_head")
    DepartmentFactory(store=store, kind=Department.Kind.CUSTOMER_SERVICE, head=head)
    return head


@pytest.fixture
def team(staff):
    return staff(Role.CUSTOMER_SERVICE, username="cs_a"), staff(Role.CUSTOMER_SERVICE, username="cs_b")


def hand_over(client, callbacks, to):
    picked = [f"{callback.pk}:{callback.row_version}" for callback in callbacks]
    return client.post(reverse("surveys:hand_over"), {"picked": picked, "owner": to.pk})


def test_the_head_sees_the_whole_team_and_filters_by_owner(store, other_store, head, team, client_of):
    a, b = team
    CallbackFactory(customer__store=store, owner=a, customer__name="甲的客户")
    CallbackFactory(customer__store=store, owner=b, customer__name="乙的客户")
    CallbackFactory(customer__store=store, owner=None, customer__name="未分配客户")
    CallbackFactory(customer__store=other_store, customer__name="别店客户")
    client = client_of(head)
    page = client.get(reverse("surveys:team_queue")).content.decode()
    assert "甲的客户" in page and "乙的客户" in page and "未分配客户" in page and "别店客户" not in page
    page = client.get(reverse("surveys:team_queue"), {"owner": b.pk}).content.decode()
    assert "乙的客户" in page and "甲的客户" not in page


def test_the_head_hands_callbacks_over_and_the_new_owner_hears_of_it(
    store, head, team, client_of, django_capture_on_commit_callbacks
):
    a, b = team
    moved = [CallbackFactory(customer__store=store, owner=a), CallbackFactory(customer__store=store, owner=None)]
    kept = CallbackFactory(customer__store=store, owner=a)
    with django_capture_on_commit_callbacks(execute=True):
        response = hand_over(client_of(head), moved, b)
    assert response.status_code == 302 and response["Location"] == reverse("surveys:team_queue")
    assert set(Callback.objects.filter(owner=b)) == set(moved)
    kept.refresh_from_db()
    assert kept.owner == a
    (notice,) = Notification.objects.filter(recipient=b)
    assert notice.title == ngettext(
        "%(head)s handed you %(count)d callback.", "%(head)s handed you %(count)d callbacks.", 2
    ) % {"head": head, "count": 2}
    assert notice.url == reverse("surveys:my_callbacks")


def test_a_callback_changed_since_it_was_shown_refuses_the_whole_hand_over(store, head, team, client_of):
    a, b = team
    first, second = CallbackFactory(customer__store=store, owner=a), CallbackFactory(customer__store=store, owner=a)
    picked = [f"{first.pk}:{first.row_version}", f"{second.pk}:{second.row_version}"]
    second.notes = "同事刚打过"
    second.save(update_fields=["notes"])
    response = client_of(head).post(reverse("surveys:hand_over"), {"picked": picked, "owner": b.pk})
    assert response.status_code == 422
    assert (
        gettext("Someone else changed this record while you were editing it. Reload the page and try again.")
        in response.content.decode()
    )
    assert not Callback.objects.filter(owner=b).exists()
    assert not Notification.objects.filter(recipient=b).exists()


def test_a_completed_callback_cannot_be_handed_over(store, head, team, client_of):
    a, b = team
    done = CallbackFactory(customer__store=store, owner=a, completed_at=timezone.now(), reached=True, satisfied=True)
    response = hand_over(client_of(head), [done], b)
    assert response.status_code == 422
    assert (
        gettext("Some of the chosen callbacks were completed or are not open any more. Reload the page and try again.")
        in response.content.decode()
    )


def test_only_a_specialist_of_the_store_can_take_them(store, other_store, head, team, staff, client_of):
    callback = CallbackFactory(customer__store=store, owner=team[0])
    for outsider in (staff(Role.SERVICE_ADVISOR), staff(Role.CUSTOMER_SERVICE, store=other_store)):
        assert hand_over(client_of(head), [callback], outsider).status_code == 422
    callback.refresh_from_db()
    assert callback.owner == team[0]


def test_another_stores_callback_is_not_handed_over(store, other_store, head, team, client_of):
    theirs = CallbackFactory(customer__store=other_store)
    assert hand_over(client_of(head), [theirs], team[1]).status_code == 422
    theirs.refresh_from_db()
    assert theirs.owner is None


def test_another_departments_head_and_a_specialist_are_refused(store, team, staff, client_of):
    sales_head = staff(Role.DEPARTMENT_HEAD)
    DepartmentFactory(store=store, kind=Department.Kind.SALES, head=sales_head)
    callback = CallbackFactory(customer__store=store, owner=team[0])
    for user in (sales_head, team[0]):
        client = client_of(user)
        assert client.get(reverse("surveys:team_queue")).status_code == 403
        assert hand_over(client, [callback], team[1]).status_code == 403
    callback.refresh_from_db()
    assert callback.owner == team[0]


def test_the_gm_reads_the_team_queue_without_the_hand_over(store, team, staff, client_of):
    CallbackFactory(customer__store=store, owner=team[0], customer__name="甲的客户")
    gm = staff(Role.GENERAL_MANAGER)
    page = client_of(gm).get(reverse("surveys:team_queue")).content.decode()
    assert "甲的客户" in page and reverse("surveys:hand_over") not in page
    assert hand_over(client_of(gm), [], team[1]).status_code == 403


def test_the_team_queue_query_count_is_the_same_at_1_and_30_rows(
    store, head, team, client_of, django_assert_max_num_queries
):
    client = client_of(head)
    CallbackFactory(customer__store=store, owner=team[0])
    with django_assert_max_num_queries(16) as one:
        assert client.get(reverse("surveys:team_queue"), {"due": "later"}).status_code == 200
    for i in range(29):
        CallbackFactory(customer__store=store, owner=team[i % 2], due_at=timezone.now() + timedelta(hours=i + 1))
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("surveys:team_queue"), {"due": "later"}).status_code == 200


@FUZZ
@given(
    drawn=form(
        picked=field(["PICK"], ["", "abc", "1:x", "0:0", "99999999999:0", "1:-1"]),
        owner=field(["B"], ["", "0", "abc", "999999"]),
    )
)
def test_bad_hand_over_input_is_a_4xx_and_moves_nothing(drawn, store, head, team, client_of):
    callback = CallbackFactory(customer__store=store, owner=team[0])
    values, is_bad = split(drawn)
    if values["picked"] == "PICK":
        values["picked"] = f"{callback.pk}:{callback.row_version}"
    if values["owner"] == "B":
        values["owner"] = team[1].pk
    response = client_of(head).post(reverse("surveys:hand_over"), values)
    if is_bad:
        assert 400 <= response.status_code < 500
    assert response.status_code in (302, 422), response.status_code
    callback.refresh_from_db()
    assert (callback.owner == team[1]) == (response.status_code == 302)
    Callback.objects.all().delete()
