from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from organization.models import Department
from organization.roles import Role
from surveys.answering import AlreadyAnswered, mean_points, points_for, record_answers, survey_for_callback
from surveys.models import Answer, Callback, Survey, SurveyKind
from tests.factories import CallbackFactory, RepairOrderFactory, VehicleSaleFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("score", "scale", "points"),
    [(1, 10, "0.00"), (10, 10, "100.00"), (2, 10, "11.11"), (5, 10, "44.44"), (1, 5, "0.00"), (3, 5, "50.00"),
     (5, 5, "100.00"), (1, 2, "0.00"), (2, 2, "100.00")],
)  # fmt: skip
def test_a_score_normalizes_from_the_lowest_at_0_to_the_highest_at_100(score, scale, points):
    assert points_for(score, scale) == Decimal(points)


def test_the_survey_score_is_the_mean_of_the_points_rounded_to_cents():
    assert mean_points([Decimal("100"), Decimal("0"), Decimal("0")]) == Decimal("33.33")
    assert mean_points([Decimal("100"), Decimal("100"), Decimal("0")]) == Decimal("66.67")


def sale_callback(store):
    sale = VehicleSaleFactory(vehicle__owner__store=store, delivered_at=datetime(2026, 11, 2, 23, 30, tzinfo=SHANGHAI))
    return sale, CallbackFactory(customer=sale.buyer, vehicle=sale.vehicle, source=sale.source)


def test_a_sale_callback_carries_an_ssi_survey_of_the_consultant_and_sales(store):
    sale, callback = sale_callback(store)
    survey = survey_for_callback(callback)
    assert survey.kind == SurveyKind.SSI and survey.source == sale.source and survey.callback == callback
    assert survey.staff == sale.consultant
    assert survey.department == Department.objects.get(store=store, kind=Department.Kind.SALES)
    assert survey.visited_on.isoformat() == "2026-11-02"  # the delivery's local date, not UTC's
    assert survey.questionnaire.version == 1 and survey.questionnaire.kind == SurveyKind.SSI
    assert survey_for_callback(callback) == survey and Survey.objects.count() == 1


def test_a_repair_order_callback_carries_a_csi_survey_of_the_advisor_and_after_sales(store):
    order = RepairOrderFactory(vehicle__owner__store=store)
    callback = CallbackFactory(customer=order.customer, vehicle=order.vehicle, source=order.source)
    survey = survey_for_callback(callback)
    assert survey.kind == SurveyKind.CSI and survey.staff == order.advisor
    assert survey.department.kind == Department.Kind.AFTER_SALES


def test_other_callbacks_carry_no_survey(store):
    sale, _callback = sale_callback(store)
    first_call = CallbackFactory(customer=sale.buyer, source=sale.source, kind=Callback.Kind.SALES_FIRST)
    assert survey_for_callback(first_call) is None
    assert survey_for_callback(CallbackFactory(customer__store=store, source="vip:3")) is None


def all_scores(survey, score=10):
    return {q.code: score for q in survey.questionnaire.questions.all()}


def test_answers_are_recorded_once_with_points_and_the_mean(store, staff):
    _sale, callback = sale_callback(store)
    survey = survey_for_callback(callback)
    scores = {q.code: (10 if q.must_ask else None) for q in survey.questionnaire.questions.all()}
    scores["overall"] = 1
    with time_machine.travel(datetime(2026, 11, 5, 10, 0, tzinfo=SHANGHAI), tick=False):
        record_answers(survey, expected_version=survey.row_version, scores=scores, channel="phone", by=staff())
    survey.refresh_from_db()
    must_ask = survey.questionnaire.questions.filter(must_ask=True).count()
    assert survey.answers.count() == must_ask + 1  # items not asked have no answer
    assert survey.score == mean_points([Decimal(100)] * must_ask + [Decimal(0)])
    assert survey.answered_at == datetime(2026, 11, 5, 10, 0, tzinfo=SHANGHAI) and survey.channel == "phone"
    with pytest.raises(AlreadyAnswered):
        record_answers(survey, expected_version=survey.row_version, scores=scores, channel="phone", by=None)


def test_an_empty_must_ask_item_is_refused_and_nothing_is_saved(store):
    _sale, callback = sale_callback(store)
    survey = survey_for_callback(callback)
    scores = all_scores(survey)
    scores["delivery"] = None
    with pytest.raises(ValidationError) as refused:
        record_answers(survey, expected_version=survey.row_version, scores=scores, channel="phone", by=None)
    assert refused.value.error_list[0].code == "must_ask"
    survey.refresh_from_db()
    assert survey.answered_at is None and Answer.objects.count() == 0


def test_a_score_beyond_the_scale_is_refused(store):
    _sale, callback = sale_callback(store)
    survey = survey_for_callback(callback)
    with pytest.raises(ValidationError) as refused:
        record_answers(
            survey, expected_version=survey.row_version, scores=all_scores(survey, 11), channel="paper", by=None
        )
    assert refused.value.error_list[0].code == "score_out_of_scale"
    assert Answer.objects.count() == 0


# Through the callback page.


@pytest.fixture
def cs(staff):
    return staff(Role.CUSTOMER_SERVICE)


def form_data(survey_or_questions, score="9", **extra):
    questions = survey_or_questions
    data = {f"q_{q.code}": score for q in questions}
    return {"row_version": "0", "channel": "phone", "comment": "", **data, **extra}


def test_customer_service_takes_the_survey_on_the_callback(store, cs, client_of):
    _sale, callback = sale_callback(store)
    callback.owner = cs
    callback.save(update_fields=["owner"])
    client = client_of(cs)
    detail = client.get(reverse("surveys:callback_detail", args=[callback.pk])).content.decode()
    assert reverse("surveys:callback_survey", args=[callback.pk]) in detail
    page = client.get(reverse("surveys:callback_survey", args=[callback.pk]))
    questions = page.context["form"].questions
    assert "q_delivery" in page.content.decode() and not Survey.objects.exists()  # reading writes nothing
    response = client.post(reverse("surveys:callback_survey", args=[callback.pk]), form_data(questions))
    assert response.status_code == 302
    survey = Survey.objects.get()
    assert survey.callback == callback and survey.answered_by == cs and survey.score == Decimal("88.89")
    again = client.post(reverse("surveys:callback_survey", args=[callback.pk]), form_data(questions))
    assert again.status_code == 302 and again.url == reverse("surveys:survey_detail", args=[survey.pk])
    assert Answer.objects.count() == len(questions)


def test_an_empty_must_ask_item_on_the_callback_page_is_a_422_and_nothing_is_created(store, cs, client_of):
    _sale, callback = sale_callback(store)
    callback.owner = cs
    callback.save(update_fields=["owner"])
    client = client_of(cs)
    questions = client.get(reverse("surveys:callback_survey", args=[callback.pk])).context["form"].questions
    data = form_data(questions, q_delivery="")
    response = client.post(reverse("surveys:callback_survey", args=[callback.pk]), data)
    assert response.status_code == 422
    delivery = next(q for q in questions if q.code == "delivery")
    message = gettext("“%(question)s” must be asked: enter the customer's score.") % {"question": delivery.text}
    assert escape(message) in response.content.decode()
    assert not Survey.objects.exists() and not Answer.objects.exists()


def test_staff_enter_a_paper_survey_on_its_page_once(store, cs, client_of):
    _sale, callback = sale_callback(store)
    survey = survey_for_callback(callback)
    client = client_of(cs)
    questions = list(survey.questionnaire.questions.all())
    data = form_data(questions, channel="paper", row_version=str(survey.row_version))
    assert client.post(reverse("surveys:survey_detail", args=[survey.pk]), data).status_code == 302
    survey.refresh_from_db()
    assert survey.channel == "paper" and survey.answered_by == cs
    second = client.post(reverse("surveys:survey_detail", args=[survey.pk]), data)
    assert second.status_code == 422 and Answer.objects.count() == len(questions)


def test_another_stores_survey_is_404(store, other_store, cs, client_of):
    _sale, callback = sale_callback(other_store)
    survey = survey_for_callback(callback)
    assert client_of(cs).get(reverse("surveys:survey_detail", args=[survey.pk])).status_code == 404


def test_an_advisor_may_not_enter_survey_answers(store, staff, client_of):
    _sale, callback = sale_callback(store)
    survey = survey_for_callback(callback)
    advisor = staff(Role.SERVICE_ADVISOR)
    assert client_of(advisor).get(reverse("surveys:survey_detail", args=[survey.pk])).status_code == 403
