"""Hypothesis drives every survey form through its view: never a 500, bad input a 4xx, nothing half-saved."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given

from organization.models import Department
from organization.roles import Role
from surveys import public_survey
from surveys.answering import survey_for_callback
from surveys.models import Answer, Question, Questionnaire, Survey
from surveys.questionnaires import current_questionnaire
from tests.customers.test_bad_input import FUZZ, field, form, split, text
from tests.factories import CallbackFactory, VehicleSaleFactory

SCORE = field(["1", "7", "10"], ["0", "11", "-1", "1e999", "NaN", "abc", "9" * 40])
MUST_ASK = field(["1", "10"], ["", "0", "11", "x"])
OPTIONAL = field(["", "5"], ["0", "11", "abc"])


def counts():
    return [Survey.objects.exclude(answered_at=None).count(), Answer.objects.count(), Questionnaire.objects.count(),
            Question.objects.count()]  # fmt: skip


def check(response, is_bad, before, ok=(200, 302)):
    status = response.status_code
    if is_bad:
        assert 400 <= status < 500, status
    assert status in ok or 400 <= status < 500, status
    if status >= 400:
        assert counts() == before


# SSI's items: drawn values for two must-ask items and an optional one; the other must-ask items answered.
ANSWERS = form(
    q_delivery=MUST_ASK,
    q_vehicle_presentation=SCORE,
    q_showroom=OPTIONAL,
    comment=text(2000, ok=("很满意",), required=False),
)
REST = {"q_consultant_knowledge": "9", "q_consultant_attitude": "9", "q_consultant_follow_up": "9"}


@pytest.fixture
def cs(staff):
    return staff(Role.CUSTOMER_SERVICE)


def sale_callback(store, owner):
    sale = VehicleSaleFactory(vehicle__owner__store=store)
    return CallbackFactory(customer=sale.buyer, vehicle=sale.vehicle, source=sale.source, owner=owner)


@FUZZ
@given(drawn=ANSWERS, channel=field(["phone", "paper", "face_to_face"], ["", "sms_link", "pigeon"]))
def test_callback_survey(drawn, channel, store, cs, client_of):
    callback = sale_callback(store, cs)
    values, is_bad = split(drawn | {"channel": channel})
    before = counts()
    response = client_of(cs).post(
        reverse("surveys:callback_survey", args=[callback.pk]), {"row_version": "0", **REST, **values}
    )
    check(response, is_bad, before)
    Answer.objects.all().delete()
    Survey.objects.all().delete()


@FUZZ
@given(drawn=ANSWERS, row_version=field(["0"], ["", "-1", "abc", "7"]))
def test_public_survey(drawn, row_version, store, client):
    survey = survey_for_callback(sale_callback(store, None))
    survey.link_nonce, survey.link_expires_at = "fuzz", timezone.now() + timedelta(days=1)
    survey.save(update_fields=["link_nonce", "link_expires_at"])
    values, is_bad = split(drawn | {"row_version": row_version})
    if values["row_version"] == "0":  # the valid value: the version the page was read at
        values["row_version"] = str(survey.row_version)
    before = counts()
    response = client.post(reverse("survey:answer", args=[public_survey.token_for(survey)]), {**REST, **values})
    check(response, is_bad, before)
    Answer.objects.all().delete()
    Survey.objects.all().delete()


@FUZZ
@given(
    drawn=form(
        code=field(["overall", "new_item"], ["", "有 空格", "x" * 41]),
        text=text(200, ok=("总体满意度",)),
        script=text(2000, ok=("",), required=False),
        scale=field(["2", "5", "10"], ["", "1", "11", "0", "abc", "1e999"]),
        area=field(["", "mechanical", "body_paint"], ["paint"]),
        ORDER=field(["", "1", "30"], ["abc", "1e999"]),
        note=text(200, ok=("改了一题",)),
    )
)
def test_questionnaire_edit(drawn, store, staff, client_of):
    head = staff(Role.DEPARTMENT_HEAD)
    Department.objects.update_or_create(store=store, kind=Department.Kind.CUSTOMER_SERVICE, defaults={"head": head})
    current = current_questionnaire(store, "csi")
    values, is_bad = split(drawn)
    data = {
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "40",
        "note": values.pop("note"),
    } | {f"items-0-{name}": value for name, value in values.items()}
    before = counts()
    response = client_of(head).post(reverse("surveys:questionnaire_edit", args=[current.pk]), data)
    check(response, is_bad, before)
    Questionnaire.objects.filter(store=store).exclude(pk=current.pk).exclude(version=1).delete()


@pytest.mark.parametrize("total", ["", "-1", "abc", "41", "1000000"])
def test_questionnaire_edit_bad_management_form(total, store, staff, client_of):
    head = staff(Role.DEPARTMENT_HEAD)
    Department.objects.update_or_create(store=store, kind=Department.Kind.CUSTOMER_SERVICE, defaults={"head": head})
    current = current_questionnaire(store, "csi")
    before = counts()
    data = {"items-TOTAL_FORMS": total, "items-INITIAL_FORMS": "0", "note": "x"}
    response = client_of(head).post(reverse("surveys:questionnaire_edit", args=[current.pk]), data)
    assert 400 <= response.status_code < 500 and counts() == before
