"""The survey after a closed complaint, taken by customer service on the complaint's own closing satisfaction call
(SPEC section 4: "one call, not two"), through the complaint page and the surveys:complaint_survey view."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from complaints import handling
from complaints.models import Route, Stage
from organization.models import Department
from organization.roles import Role
from surveys.complaint_surveys import department_scored
from surveys.models import Answer, Question, Survey, SurveyKind
from tests.complaints import conftest as complaints
from tests.factories import RepairOrderFactory, VehicleSaleFactory

cast, log = complaints.cast, complaints.log  # the complaint's people, and logging one as customer service does
SHANGHAI = ZoneInfo("Asia/Shanghai")
RAISED = datetime(2026, 3, 2, 23, 30, tzinfo=SHANGHAI)  # late evening: the visit date is Shanghai's, not UTC's
CSI_ANSWERS = {"q_use_since": "9", "q_overall": "7", "channel": "phone", "comment": "处理及时", "row_version": "0"}
SSI_ANSWERS = {
    "q_consultant_knowledge": "10",
    "q_consultant_attitude": "10",
    "q_consultant_follow_up": "10",
    "q_vehicle_presentation": "10",
    "q_delivery": "10",
    "channel": "phone",
    "row_version": "0",
}
REFUSED = "The survey is taken on the complaint's closing satisfaction callback: this complaint is not at it."


def summary(cast, log, **more):
    """A front-desk complaint dispatched to the workshop, its result in and the plan signed: the manager sums up."""
    complaint = log(route=Route.FRONT_DESK, raised_at=RAISED, **more)
    handling.hand_over(complaint, by=cast.customer_service, expected_version=complaint.row_version)
    handling.first_handling(complaint, by=cast.supervisor, expected_version=complaint.row_version, analysis="确认")
    handling.dispatch(
        complaint, by=cast.manager, expected_version=complaint.row_version, departments=[cast.workshop], analysis="车间"
    )
    head, workshop = cast.workshop_head, cast.workshop
    handling.department_result(
        complaint, by=head, expected_version=complaint.row_version, department=workshop, result="已返修"
    )
    handling.sign_plan(complaint, by=head, expected_version=complaint.row_version, department=workshop)
    return complaint


def at_callback(cast, log, **more):
    complaint = summary(cast, log, **more)
    handling.summarize(complaint, by=cast.manager, expected_version=complaint.row_version, summary="返修完成")
    return complaint


def closing_call(client, complaint, accepted="yes"):
    complaint.refresh_from_db()
    data = {"reached": "yes", "accepted": accepted, "result": "满意", "row_version": complaint.row_version}
    return client.post(reverse("complaints:satisfaction_callback", args=[complaint.pk]), data)


def survey_url(complaint):
    return reverse("surveys:complaint_survey", args=[complaint.pk])


def test_the_closing_call_then_the_survey_on_the_same_complaint(cast, log, client_of):
    order = RepairOrderFactory(vehicle__owner__store=cast.store, advisor=cast.advisor)
    complaint = at_callback(cast, log, customer=order.customer, vehicle=order.vehicle, repair_order=order)
    client = client_of(cast.customer_service)
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert f'href="{survey_url(complaint)}"' in page
    assert escape(gettext("Survey on this call")) in page

    assert closing_call(client, complaint).status_code == 302
    complaint.refresh_from_db()
    assert complaint.stage == Stage.GM_FINAL

    form = client.get(survey_url(complaint))
    assert form.status_code == 200
    assert 'data-testid="survey-form"' in form.content.decode()
    response = client.post(survey_url(complaint), CSI_ANSWERS)
    assert response.status_code == 302
    assert response.url == reverse("complaints:detail", args=[complaint.pk])

    survey = Survey.objects.get(complaint=complaint)
    assert survey.source == f"complaint:{complaint.pk}"
    assert survey.kind == SurveyKind.CSI
    assert survey.staff == cast.advisor  # no responsible person named: the repair order's advisor
    assert survey.department == cast.workshop
    assert survey.visited_on == date(2026, 3, 2)
    assert (survey.customer, survey.vehicle) == (complaint.customer, complaint.vehicle)
    assert survey.channel == Survey.Channel.PHONE and survey.answered_by == cast.customer_service
    assert survey.comment == "处理及时"
    assert str(survey.score) == "77.78"  # 9/10 → 88.89 and 7/10 → 66.67 points
    assert sorted(survey.answers.values_list("question__code", "score")) == [("overall", 7), ("use_since", 9)]

    shown = client.get(survey_url(complaint))
    assert shown.status_code == 200
    assert 'data-testid="survey-answered"' in shown.content.decode()
    assert escape(survey.answers.get(question__code="use_since").question.text) in shown.content.decode()


def test_the_survey_is_taken_during_the_call_before_the_verdict(cast, log, client_of):
    complaint = at_callback(cast, log)
    complaint.responsible = cast.technician
    complaint.save(update_fields=["responsible"])
    client = client_of(cast.customer_service)
    assert client.post(survey_url(complaint), CSI_ANSWERS).status_code == 302
    survey = Survey.objects.get(complaint=complaint)
    assert survey.staff == cast.technician  # the responsible person first
    assert closing_call(client, complaint).status_code == 302  # the same call goes on to its verdict


def test_a_complaint_about_a_sale_is_an_ssi_survey_of_the_sales_consultant(cast, log, client_of, staff):
    consultant = staff(Role.SALES_CONSULTANT)
    sale = VehicleSaleFactory(vehicle__owner__store=cast.store, consultant=consultant)
    complaint = at_callback(cast, log, customer=sale.buyer, vehicle=sale.vehicle, sale=sale)
    response = client_of(cast.customer_service).post(survey_url(complaint), SSI_ANSWERS)
    assert response.status_code == 302
    survey = Survey.objects.get(complaint=complaint)
    assert (survey.kind, survey.staff, str(survey.score)) == (SurveyKind.SSI, consultant, "100.00")


def test_a_second_survey_is_refused_and_the_first_stays(cast, log, client_of):
    complaint = at_callback(cast, log)
    client = client_of(cast.customer_service)
    assert client.post(survey_url(complaint), CSI_ANSWERS).status_code == 302
    before = list(Answer.objects.values_list("pk", "score"))
    response = client.post(survey_url(complaint), CSI_ANSWERS | {"q_use_since": "1"})
    assert response.status_code == 422
    assert 'data-testid="survey-answered"' in response.content.decode()
    assert list(Answer.objects.values_list("pk", "score")) == before
    assert Survey.objects.filter(complaint=complaint).count() == 1


def test_a_colleague_cannot_take_the_survey_again(cast, log, client_of, staff):
    complaint = at_callback(cast, log)
    colleague = staff(Role.CUSTOMER_SERVICE)
    first = client_of(cast.customer_service)
    assert first.post(survey_url(complaint), CSI_ANSWERS).status_code == 302
    first.logout()
    response = client_of(colleague).post(survey_url(complaint), CSI_ANSWERS)
    assert response.status_code == 422
    assert Survey.objects.get(complaint=complaint).answered_by == cast.customer_service


@pytest.mark.parametrize("who", ["manager", "advisor", "gm", "workshop_head"])
def test_another_role_gets_403_and_nothing_is_saved(who, cast, log, client_of):
    complaint = at_callback(cast, log)
    client = client_of(getattr(cast, who))
    assert client.get(survey_url(complaint)).status_code == 403
    assert client.post(survey_url(complaint), CSI_ANSWERS).status_code == 403
    assert not Survey.objects.exists()
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert survey_url(complaint) not in page


def test_another_store_s_complaint_is_404(cast, log, client_of, other_store, staff):
    complaint = at_callback(cast, log)
    outsider = staff(Role.CUSTOMER_SERVICE, store=other_store)
    client = client_of(outsider)
    assert client.get(survey_url(complaint)).status_code == 404
    assert client.post(survey_url(complaint), CSI_ANSWERS).status_code == 404
    assert not Survey.objects.exists()


def test_a_complaint_not_at_its_callback_is_refused_with_the_reason(cast, log, client_of):
    complaint = summary(cast, log)
    client = client_of(cast.customer_service)
    page = client.get(survey_url(complaint))
    assert page.status_code == 422
    assert escape(gettext(REFUSED)) in page.content.decode()
    assert client.post(survey_url(complaint), CSI_ANSWERS).status_code == 422
    assert not Survey.objects.exists()


def test_after_an_objected_callback_the_survey_is_refused(cast, log, client_of):
    complaint = at_callback(cast, log)
    client = client_of(cast.customer_service)
    assert closing_call(client, complaint, accepted="no").status_code == 302
    response = client.post(survey_url(complaint), CSI_ANSWERS)
    assert response.status_code == 422
    assert escape(gettext(REFUSED)) in response.content.decode()
    assert not Survey.objects.exists()


def test_a_must_ask_item_left_empty_comes_back_with_the_message(cast, log, client_of):
    complaint = at_callback(cast, log)
    response = client_of(cast.customer_service).post(survey_url(complaint), CSI_ANSWERS | {"q_use_since": ""})
    assert response.status_code == 422
    question = Question.objects.filter(questionnaire__store=cast.store, code="use_since").get()
    message = gettext("“%(question)s” must be asked: enter the customer's score.") % {"question": question.text}
    assert escape(message) in response.content.decode()
    assert not Survey.objects.exists()


def test_the_department_scored_is_after_sales_when_none_is_involved(cast, log):
    complaint = log(route=Route.FRONT_DESK)
    assert department_scored(complaint).kind == Department.Kind.AFTER_SALES
    assert department_scored(complaint) == cast.after_sales
