from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from organization.models import OutboundMessage
from organization.policies import current_policy
from organization.roles import Role
from surveys import public_survey
from surveys.answering import survey_for_callback
from surveys.models import Answer, Survey, SurveyPageRequest
from tests.factories import CallbackFactory, RepairOrderFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
SENT = datetime(2026, 11, 3, 15, 0, tzinfo=SHANGHAI)


@pytest.fixture
def cs(staff):
    return staff(Role.CUSTOMER_SERVICE)


@pytest.fixture
def callback(store, cs):
    order = RepairOrderFactory(
        vehicle__owner__store=store,
        vehicle__model_name="帕萨特",
        customer__name="王小明",
        opened_at=datetime(2026, 11, 1, 9, 0, tzinfo=SHANGHAI),
    )
    return CallbackFactory(customer=order.customer, vehicle=order.vehicle, source=order.source, owner=cs)


def send_link(client, callback):
    with time_machine.travel(SENT, tick=False):
        response = client.post(reverse("surveys:send_survey_link", args=[callback.pk]))
    assert response.status_code == 302
    survey = Survey.objects.get(callback=callback)
    message = OutboundMessage.objects.get(category=OutboundMessage.Category.SURVEY)
    return survey, message


def link_path(message):
    return "/s/" + message.params["link"].split("/s/", 1)[1]


def answers(survey, score="10", **extra):
    data = {f"q_{q.code}": score for q in survey.questionnaire.questions.all()}
    return {"row_version": str(survey.row_version), "comment": "", **data, **extra}


def at(day, hour=12):
    return time_machine.travel(datetime(2026, 11, day, hour, 0, tzinfo=SHANGHAI), tick=False)


def test_a_valid_link_works_once_then_says_answered(callback, cs, client_of, client):
    survey, message = send_link(client_of(cs), callback)
    assert survey.link_expires_at == SENT + timedelta(days=7) and survey.link_nonce
    client.logout()
    path = link_path(message)
    with at(4):
        page = client.get(path)
        content = page.content.decode()
        assert page.status_code == 200
        assert "帕萨特" in content and "2026-11-01" in content and "王小明" not in content  # nothing about the customer
        assert 'class="navbar' not in content
        done = client.post(path, answers(survey))
        assert done.status_code == 200 and gettext("Thank you for your answers.") in done.content.decode()
        survey.refresh_from_db()
        assert survey.channel == Survey.Channel.SMS_LINK and survey.answered_by is None
        assert str(survey.score) == "100.00"
        again = client.get(path)
        assert again.status_code == 410
        assert gettext("This survey has already been answered.") in again.content.decode()
        assert client.post(path, answers(survey)).status_code == 410
    assert Answer.objects.filter(survey=survey).count() == survey.questionnaire.questions.count()


def test_an_expired_link_says_so(callback, cs, client_of, client):
    _survey, message = send_link(client_of(cs), callback)
    client.logout()
    with at(10, 14):  # 7 days less an hour after sending: still open
        assert client.get(link_path(message)).status_code == 200
    with at(10, 15):
        expired = client.get(link_path(message))
    assert expired.status_code == 410 and gettext("This survey link has expired.") in expired.content.decode()


def test_a_changed_signature_is_404(callback, cs, client_of, client):
    _survey, message = send_link(client_of(cs), callback)
    client.logout()
    path = link_path(message)
    forged = path[:-2] + ("A" if path[-2] != "A" else "B") + "/"
    with at(4):
        response = client.get(forged)
    assert response.status_code == 404 and gettext("This survey link is not valid.") in response.content.decode()


def test_another_surveys_id_in_a_signed_token_is_404(callback, store, cs, client_of, client):
    survey, _message = send_link(client_of(cs), callback)
    other = RepairOrderFactory(vehicle__owner__store=store)
    other_callback = CallbackFactory(customer=other.customer, vehicle=other.vehicle, source=other.source)
    other_survey = survey_for_callback(other_callback)
    client.logout()
    # Signed with the project's key, but the nonce is not the other survey's: a guessed id gets nowhere.
    token = signing.dumps({"s": other_survey.pk, "n": survey.link_nonce}, salt=public_survey.SALT, compress=True)
    with at(4):
        assert client.get(reverse("survey:answer", args=[token])).status_code == 404
    unsalted = signing.dumps({"s": survey.pk, "n": survey.link_nonce}, compress=True)
    with at(4):
        assert client.get(reverse("survey:answer", args=[unsalted])).status_code == 404


def test_a_new_link_voids_the_old_one(callback, cs, client_of, client):
    _survey, first = send_link(client_of(cs), callback)
    with at(3, 16):
        assert client_of(cs).post(reverse("surveys:send_survey_link", args=[callback.pk])).status_code == 302
    second = OutboundMessage.objects.exclude(pk=first.pk).get()
    client.logout()
    with at(4):
        assert client.get(link_path(first)).status_code == 404
        assert client.get(link_path(second)).status_code == 200


def test_bad_answers_are_a_422_with_a_message_and_nothing_is_saved(callback, cs, client_of, client):
    survey, message = send_link(client_of(cs), callback)
    client.logout()
    with at(4):
        response = client.post(link_path(message), answers(survey, q_use_since=""))
        assert response.status_code == 422
        item = survey.questionnaire.questions.get(code="use_since")
        expected = gettext("“%(question)s” must be asked: enter the customer's score.") % {"question": item.text}
        assert escape(expected) in response.content.decode()
        assert client.post(link_path(message), answers(survey, score="11")).status_code == 422
    survey.refresh_from_db()
    assert survey.answered_at is None and not Answer.objects.exists()


def test_the_page_is_rate_limited_per_address(callback, cs, client_of, client):
    _survey, message = send_link(client_of(cs), callback)
    client.logout()
    limit = current_policy(None).value(public_survey.REQUESTS_PER_ADDRESS)
    with at(4):
        for _ in range(limit):
            assert client.get(link_path(message), REMOTE_ADDR="203.0.113.9").status_code == 200
        refused = client.get(link_path(message), REMOTE_ADDR="203.0.113.9")
        assert refused.status_code == 429
        assert gettext("Too many requests from your network.") in refused.content.decode()
        assert client.get(link_path(message), REMOTE_ADDR="203.0.113.10").status_code == 200
    with at(4, 13):  # an hour later the address may ask again
        assert client.get(link_path(message), REMOTE_ADDR="203.0.113.9").status_code == 200
    assert SurveyPageRequest.objects.count() == limit + 3


def test_no_link_for_an_answered_survey(callback, cs, client_of):
    client = client_of(cs)
    survey, _message = send_link(client, callback)
    survey.answered_at, survey.channel = SENT, Survey.Channel.PHONE
    survey.save(update_fields=["answered_at", "channel"])
    with at(4):
        response = client_of(cs).post(reverse("surveys:send_survey_link", args=[callback.pk]))
    assert response.status_code == 422
    assert OutboundMessage.objects.filter(category=OutboundMessage.Category.SURVEY).count() == 1
