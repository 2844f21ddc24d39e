from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from customers.models import PrivacyLog
from organization.roles import Role
from surveys.models import Callback
from tests.factories import CallbackFactory


@pytest.fixture
def cs(staff):
    return staff(Role.CUSTOMER_SERVICE)


def outcome(client, callback, **data):
    data.setdefault("row_version", callback.row_version)
    return client.post(reverse("surveys:record_outcome", args=[callback.pk]), data)


def test_it_lists_own_and_unassigned_callbacks_but_not_colleagues(store, cs, staff, client_of):
    mine = CallbackFactory(customer__store=store, owner=cs, customer__name="王小明")
    CallbackFactory(customer__store=store, owner=None, customer__name="李小花")
    CallbackFactory(customer__store=store, owner=staff(Role.CUSTOMER_SERVICE), customer__name="赵大海")
    page = client_of(cs).get(reverse("surveys:my_callbacks")).content.decode()
    assert "王小明" in page and "李小花" in page and "赵大海" not in page
    assert reverse("surveys:callback_detail", args=[mine.pk]) in page


def test_a_consultant_sees_only_their_own(store, staff, client_of):
    consultant = staff(Role.SALES_CONSULTANT)
    CallbackFactory(customer__store=store, owner=None, customer__name="李小花")
    CallbackFactory(customer__store=store, owner=consultant, customer__name="王小明", kind=Callback.Kind.SALES_FIRST)
    page = client_of(consultant).get(reverse("surveys:my_callbacks")).content.decode()
    assert "王小明" in page and "李小花" not in page


def test_the_overdue_tab_shows_only_overdue_calls(store, cs, client_of):
    CallbackFactory(
        customer__store=store, owner=cs, customer__name="逾期客户", due_at=timezone.now() - timedelta(hours=1)
    )
    CallbackFactory(customer__store=store, owner=cs, customer__name="未到期客户")
    page = client_of(cs).get(reverse("surveys:my_callbacks"), {"due": "overdue"}).content.decode()
    assert "逾期客户" in page and "未到期客户" not in page


def test_an_empty_list_says_so(cs, client_of):
    assert "这里没有回访任务" in client_of(cs).get(reverse("surveys:my_callbacks")).content.decode()


def test_the_list_query_count_does_not_grow_with_callbacks(store, cs, client_of, django_assert_max_num_queries):
    client = client_of(cs)
    CallbackFactory(customer__store=store, owner=cs)
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("surveys:my_callbacks"))
    CallbackFactory.create_batch(29, customer__store=store, owner=cs)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("surveys:my_callbacks")).status_code == 200


def test_a_reached_satisfied_call_closes_the_callback(store, cs, client_of):
    callback = CallbackFactory(customer__store=store, owner=cs)
    response = outcome(client_of(cs), callback, reached="yes", satisfied="yes", notes="车辆使用正常")
    assert response.status_code == 302
    callback.refresh_from_db()
    assert callback.completed_at and callback.reached and callback.satisfied
    assert callback.attempts == 1 and "车辆使用正常" in callback.notes
    assert callback.history.count() == 2


def test_an_unreached_call_stays_open_until_the_attempts_run_out(store, cs, client_of):
    callback = CallbackFactory(customer__store=store, owner=cs)
    client = client_of(cs)
    for attempt in (1, 2):
        assert outcome(client, callback, reached="no", notes=f"第{attempt}次无人接听").status_code == 302
        callback.refresh_from_db()
        assert callback.completed_at is None and callback.attempts == attempt
    outcome(client, callback, reached="no")
    callback.refresh_from_db()
    assert callback.completed_at is not None and callback.reached is False


def test_claiming_an_unassigned_call_makes_it_yours(store, cs, client_of):
    callback = CallbackFactory(customer__store=store, owner=None)
    outcome(client_of(cs), callback, reached="no")
    callback.refresh_from_db()
    assert callback.owner == cs


def test_reached_without_satisfaction_is_refused_and_nothing_is_saved(store, cs, client_of):
    callback = CallbackFactory(customer__store=store, owner=cs)
    response = outcome(client_of(cs), callback, reached="yes", satisfied="")
    assert response.status_code == 422
    assert "请记录客户是否满意" in response.content.decode()
    callback.refresh_from_db()
    assert callback.attempts == 0 and callback.row_version == 0


@pytest.mark.parametrize("data", [{}, {"reached": "maybe"}, {"reached": "yes", "satisfied": "yes", "row_version": "x"}])
def test_malformed_input_is_a_422(data, store, cs, client_of):
    callback = CallbackFactory(customer__store=store, owner=cs)
    response = client_of(cs).post(reverse("surveys:record_outcome", args=[callback.pk]), data)
    assert response.status_code == 422


def test_the_second_of_two_concurrent_edits_is_refused(store, cs, client_of):
    callback = CallbackFactory(customer__store=store, owner=cs)
    client = client_of(cs)
    seen_version = callback.row_version
    assert outcome(client, callback, row_version=seen_version, reached="no", notes="第一位同事").status_code == 302
    response = outcome(client, callback, row_version=seen_version, reached="yes", satisfied="no", notes="第二位同事")
    assert response.status_code == 422
    assert "已被他人修改" in response.content.decode()
    callback.refresh_from_db()
    assert "第二位同事" not in callback.notes and callback.attempts == 1


def test_recording_needs_post(store, cs, client_of):
    callback = CallbackFactory(customer__store=store, owner=cs)
    assert client_of(cs).get(reverse("surveys:record_outcome", args=[callback.pk])).status_code == 405


def test_a_technician_cannot_record_callbacks(store, staff, client_of):
    callback = CallbackFactory(customer__store=store)
    response = outcome(client_of(staff(Role.TECHNICIAN)), callback, reached="no")
    assert response.status_code == 403


def test_the_next_page_stays_on_the_chosen_tab(store, cs, client_of):
    CallbackFactory.create_batch(30, customer__store=store, owner=cs, due_at=timezone.now() - timedelta(hours=1))
    page = client_of(cs).get(reverse("surveys:my_callbacks"), {"due": "overdue"}).content.decode()
    assert "?due=overdue&amp;page=2" in page


def test_a_recorded_call_is_confirmed_on_the_list(store, cs, client_of):
    callback = CallbackFactory(customer__store=store, owner=cs, customer__name="王小明")
    client = client_of(cs)
    response = outcome(client, callback, reached="yes", satisfied="yes")
    assert response.status_code == 302 and response["Location"] == reverse("surveys:my_callbacks")
    confirmation = [str(message) for message in get_messages(response.wsgi_request)]
    assert confirmation == [gettext("Call recorded: %(person)s.") % {"person": "王小明"}]


def test_a_refused_htmx_post_swaps_the_form_in_place_so_the_page_stays_on_the_callback(store, cs, client_of):
    callback = CallbackFactory(customer__store=store, owner=cs)
    response = client_of(cs).post(
        reverse("surveys:record_outcome", args=[callback.pk]),
        {"row_version": callback.row_version, "reached": "yes", "satisfied": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "<html" not in page and 'id="callback-outcome"' in page
    assert "请记录客户是否满意" in page


def test_a_recorded_htmx_post_takes_the_browser_to_the_list(store, cs, client_of):
    callback = CallbackFactory(customer__store=store, owner=cs)
    response = client_of(cs).post(
        reverse("surveys:record_outcome", args=[callback.pk]),
        {"row_version": callback.row_version, "reached": "no"},
        headers={"HX-Request": "true"},
    )
    assert response["HX-Redirect"] == reverse("surveys:my_callbacks")


def test_the_form_is_posted_with_htmx(store, cs, client_of):
    callback = CallbackFactory(customer__store=store, owner=cs)
    page = client_of(cs).get(reverse("surveys:callback_detail", args=[callback.pk])).content.decode()
    assert f'hx-post="{reverse("surveys:record_outcome", args=[callback.pk])}"' in page


def test_not_reached_with_a_satisfaction_result_is_refused(store, cs, client_of):
    callback = CallbackFactory(customer__store=store, owner=cs)
    response = outcome(client_of(cs), callback, reached="no", satisfied="no")
    assert response.status_code == 422
    assert gettext("A satisfaction result needs a customer who was reached.") in response.content.decode()
    callback.refresh_from_db()
    assert callback.attempts == 0 and callback.row_version == 0


def test_the_owner_reveals_the_number_on_the_callback_page_with_a_dial_link(store, cs, client_of):
    callback = CallbackFactory(customer__store=store, owner=cs, customer__mobile="15812341234")
    client = client_of(cs)
    page = client.get(reverse("surveys:callback_detail", args=[callback.pk])).content.decode()
    assert "158****1234" in page and "15812341234" not in page
    reveal_url = reverse("surveys:reveal_mobile", args=[callback.pk])
    assert reveal_url in page
    response = client.post(reveal_url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'href="tel:15812341234"' in response.content.decode()
    assert (
        PrivacyLog.objects.filter(customer=callback.customer, user=cs, action=PrivacyLog.Action.REVEAL_MOBILE).count()
        == 1
    )


def test_a_colleague_cannot_reveal_through_someone_elses_callback(store, cs, staff, client_of):
    callback = CallbackFactory(customer__store=store, owner=staff(Role.CUSTOMER_SERVICE))
    response = client_of(cs).post(reverse("surveys:reveal_mobile", args=[callback.pk]))
    assert response.status_code == 404
    assert not PrivacyLog.objects.exists()


def test_a_consultant_may_not_reveal_a_customer_who_is_not_theirs(store, staff, client_of):
    consultant = staff(Role.SALES_CONSULTANT)
    callback = CallbackFactory(customer__store=store, owner=consultant, kind=Callback.Kind.SALES_FIRST)
    client = client_of(consultant)
    page = client.get(reverse("surveys:callback_detail", args=[callback.pk])).content.decode()
    assert reverse("surveys:reveal_mobile", args=[callback.pk]) not in page
    assert client.post(reverse("surveys:reveal_mobile", args=[callback.pk])).status_code == 403
    assert not PrivacyLog.objects.exists()


def test_revealing_needs_post(store, cs, client_of):
    callback = CallbackFactory(customer__store=store, owner=cs)
    assert client_of(cs).get(reverse("surveys:reveal_mobile", args=[callback.pk])).status_code == 405


def hx_outcome(client, callback, **data):
    data.setdefault("row_version", callback.row_version)
    return client.post(reverse("surveys:record_outcome", args=[callback.pk]), data, headers={"HX-Request": "true"})


def already_recorded(callback):
    callback.refresh_from_db()
    return gettext("This callback was already recorded by %(person)s at %(time)s.") % {
        "person": callback.owner,
        "time": timezone.localtime(callback.completed_at).strftime("%Y-%m-%d %H:%M"),
    }


def test_an_htmx_post_on_a_callback_a_colleague_completed_meanwhile_says_who_and_when(store, cs, staff, client_of):
    callback = CallbackFactory(customer__store=store, owner=None)
    seen_version = callback.row_version
    colleague = staff(Role.CUSTOMER_SERVICE)
    assert outcome(client_of(colleague), callback, reached="yes", satisfied="yes", notes="同事先打").status_code == 302
    response = hx_outcome(client_of(cs), callback, row_version=seen_version, reached="yes", satisfied="no", notes="我")
    assert response.status_code == 409
    page = response.content.decode()
    assert "<html" not in page and 'id="callback-outcome"' in page
    assert already_recorded(callback) in page and str(colleague) in page
    assert callback.owner == colleague and callback.attempts == 1 and "我" not in callback.notes


def test_a_plain_post_on_a_completed_callback_goes_back_to_the_list_with_the_message(store, cs, client_of):
    callback = CallbackFactory(customer__store=store, owner=cs)
    seen_version = callback.row_version
    client = client_of(cs)
    assert outcome(client, callback, reached="yes", satisfied="yes").status_code == 302  # another tab
    response = outcome(client, callback, row_version=seen_version, reached="no")
    assert response.status_code == 302 and response["Location"] == reverse("surveys:my_callbacks")
    assert [str(message) for message in get_messages(response.wsgi_request)][-1] == already_recorded(callback)
    assert callback.attempts == 1


def test_a_completed_callback_of_a_colleague_it_never_was_on_the_list_of_stays_a_404(store, staff, client_of):
    consultant = staff(Role.SALES_CONSULTANT)
    callback = CallbackFactory(customer__store=store, owner=staff(Role.CUSTOMER_SERVICE))
    callback.completed_at = timezone.now()
    callback.save(update_fields=["completed_at"])
    assert hx_outcome(client_of(consultant), callback, reached="no").status_code == 404


def test_a_stale_htmx_post_shows_the_concurrent_edit_message_in_the_fragment(store, cs, client_of):
    callback = CallbackFactory(customer__store=store, owner=cs)
    client = client_of(cs)
    seen_version = callback.row_version
    assert outcome(client, callback, reached="no", notes="第一位同事").status_code == 302
    response = hx_outcome(client, callback, row_version=seen_version, reached="no", notes="第二位同事")
    assert response.status_code == 422
    page = response.content.decode()
    assert "<html" not in page and 'id="callback-outcome"' in page
    assert gettext("Someone else changed this record while you were editing it. Reload the page and try again.") in page
