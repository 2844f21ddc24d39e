import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from organization.models import Department
from organization.roles import Role
from surveys.answering import record_answers, survey_for_callback
from surveys.models import Question, Questionnaire, SurveyKind
from surveys.questionnaires import current_questionnaire
from tests.factories import CallbackFactory, StoreFactory, UserFactory, VehicleSaleFactory

FIELDS = ("code", "text", "script", "must_ask", "area", "scale")


def test_a_new_store_starts_with_seed_004s_questionnaires(db):
    store = StoreFactory()
    ssi, csi = current_questionnaire(store, SurveyKind.SSI), current_questionnaire(store, SurveyKind.CSI)
    assert ssi.version == csi.version == 1
    assert list(ssi.questions.filter(must_ask=True).values_list("code", flat=True)) == [
        "consultant_knowledge",
        "consultant_attitude",
        "consultant_follow_up",
        "vehicle_presentation",
        "delivery",
    ]
    areas = dict(csi.questions.exclude(area="").values_list("code", "area"))
    assert areas == {"repair_mechanical": Question.Area.MECHANICAL, "repair_body_paint": Question.Area.BODY_PAINT}
    assert all(question.script for question in [*ssi.questions.all(), *csi.questions.all()])


@pytest.fixture
def head(store, staff):
    head = staff(Role.DEPARTMENT_HEAD)
    Department.objects.update_or_create(store=store, kind=Department.Kind.CUSTOMER_SERVICE, defaults={"head": head})
    return head


def management_form(total, initial):
    return {
        "items-TOTAL_FORMS": str(total),
        "items-INITIAL_FORMS": str(initial),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "40",
    }


def edit_data(questionnaire, *, change=None, drop=(), add=None, note="Reworded the delivery item"):
    """The editor's post: every item as it is, `change` applied by code, `drop` deleted, `add` appended."""
    rows = [{name: getattr(q, name) for name in FIELDS} for q in questionnaire.questions.all()]
    if add:
        rows.append(add)
    data = management_form(len(rows), questionnaire.questions.count()) | {"note": note}
    for n, row in enumerate(rows):
        row = row | (change or {}).get(row["code"], {})
        for name in FIELDS:
            if name == "must_ask":
                if row[name]:
                    data[f"items-{n}-must_ask"] = "on"
            else:
                data[f"items-{n}-{name}"] = str(row[name])
        data[f"items-{n}-ORDER"] = str(n + 1)
        if row["code"] in drop:
            data[f"items-{n}-DELETE"] = "on"
    return data


def test_an_edited_questionnaire_leaves_earlier_answers_and_their_questions_intact(store, head, staff, client_of):
    sale = VehicleSaleFactory(vehicle__owner__store=store)
    callback = CallbackFactory(customer=sale.buyer, vehicle=sale.vehicle, source=sale.source)
    survey = survey_for_callback(callback)
    v1 = survey.questionnaire
    scores = {q.code: 8 for q in v1.questions.all()}
    record_answers(survey, expected_version=survey.row_version, scores=scores, channel="phone", by=staff())
    before = list(survey.answers.values_list("question__code", "question__text", "score", "points"))

    data = edit_data(
        v1,
        change={"delivery": {"text": "交车满意吗？", "must_ask": False}},
        drop=("showroom",),
        add={"code": "test_drive", "text": "试驾", "script": "试驾了吗？", "must_ask": True, "area": "", "scale": 5},
    )
    response = client_of(head).post(reverse("surveys:questionnaire_edit", args=[v1.pk]), data)
    assert response.status_code == 302
    v2 = current_questionnaire(store, SurveyKind.SSI)
    assert v2.version == 2 and v2.created_by == head and v2.note == "Reworded the delivery item"
    codes = list(v2.questions.values_list("code", flat=True))
    assert "showroom" not in codes and codes[-1] == "test_drive"
    assert v2.questions.get(code="delivery").text == "交车满意吗？" and not v2.questions.get(code="delivery").must_ask
    # The earlier version and the answers given to it are as they were.
    assert v1.questions.get(code="delivery").text != "交车满意吗？" and v1.questions.filter(code="showroom").exists()
    survey.refresh_from_db()
    assert survey.questionnaire == v1
    assert list(survey.answers.values_list("question__code", "question__text", "score", "points")) == before


def test_reordering_items(store, head, client_of):
    v1 = current_questionnaire(store, SurveyKind.CSI)
    data = edit_data(v1)
    data["items-0-ORDER"] = "99"  # the first item moves to the end
    assert client_of(head).post(reverse("surveys:questionnaire_edit", args=[v1.pk]), data).status_code == 302
    v2 = current_questionnaire(store, SurveyKind.CSI)
    assert v2.questions.last().code == v1.questions.first().code


def test_an_edit_from_an_older_version_is_refused(store, head, client_of):
    v1 = current_questionnaire(store, SurveyKind.CSI)
    client = client_of(head)
    assert client.post(reverse("surveys:questionnaire_edit", args=[v1.pk]), edit_data(v1)).status_code == 302
    stale = client.post(reverse("surveys:questionnaire_edit", args=[v1.pk]), edit_data(v1))
    assert stale.status_code == 422
    message = gettext("Version %(version)s was saved while you were editing. Open it and make your changes there.")
    assert escape(message % {"version": 2}) in stale.content.decode()
    assert Questionnaire.objects.filter(store=store, kind=SurveyKind.CSI).count() == 2


def test_a_questionnaire_without_items_or_with_a_code_twice_is_refused(store, head, client_of):
    v1 = current_questionnaire(store, SurveyKind.CSI)
    codes = list(v1.questions.values_list("code", flat=True))
    client = client_of(head)
    empty = client.post(reverse("surveys:questionnaire_edit", args=[v1.pk]), edit_data(v1, drop=codes))
    assert empty.status_code == 422
    assert escape(gettext("A questionnaire needs at least one item.")) in empty.content.decode()
    twice = edit_data(v1, change={"overall": {"code": "attitude"}})
    response = client.post(reverse("surveys:questionnaire_edit", args=[v1.pk]), twice)
    assert response.status_code == 422
    assert escape(gettext("Each item needs its own code.")) in response.content.decode()
    assert Questionnaire.objects.filter(store=store).count() == 2  # version 1 of each kind only


def test_only_the_customer_service_head_edits(store, staff, client_of):
    v1 = current_questionnaire(store, SurveyKind.SSI)
    sales_head = staff(Role.DEPARTMENT_HEAD)
    Department.objects.update_or_create(store=store, kind=Department.Kind.SALES, defaults={"head": sales_head})
    assert client_of(sales_head).get(reverse("surveys:questionnaire_edit", args=[v1.pk])).status_code == 403
    for role in (Role.CUSTOMER_SERVICE, Role.GENERAL_MANAGER):
        assert client_of(staff(role)).get(reverse("surveys:questionnaire_edit", args=[v1.pk])).status_code == 403


def test_the_gm_and_the_group_user_read_the_versions(store, staff, client_of):
    v1 = current_questionnaire(store, SurveyKind.SSI)
    gm = staff(Role.GENERAL_MANAGER)
    page = client_of(gm).get(reverse("surveys:questionnaires")).content.decode()
    assert reverse("surveys:questionnaire", args=[v1.pk]) in page
    detail = client_of(gm).get(reverse("surveys:questionnaire", args=[v1.pk]))
    assert detail.status_code == 200 and v1.questions.get(code="delivery").text in detail.content.decode()
    group = UserFactory(store=None, roles=[Role.GROUP_MANAGEMENT])
    assert client_of(group).get(reverse("surveys:questionnaire", args=[v1.pk])).status_code == 200


def test_another_stores_questionnaire_is_404(other_store, head, client_of):
    theirs = current_questionnaire(other_store, SurveyKind.SSI)
    client = client_of(head)
    assert client.get(reverse("surveys:questionnaire", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("surveys:questionnaire_edit", args=[theirs.pk])).status_code == 404


def test_the_versions_page_keeps_its_query_count(store, staff, head, client_of, django_assert_max_num_queries):
    client = client_of(staff(Role.GENERAL_MANAGER))
    with django_assert_max_num_queries(15) as one:
        client.get(reverse("surveys:questionnaires"))
    for n in range(14):  # 2 + 28 = 30 versions
        for kind in SurveyKind.values:
            Questionnaire.objects.create(store=store, kind=kind, version=n + 2, created_by=head)
    with django_assert_max_num_queries(len(one)):
        page = client.get(reverse("surveys:questionnaires"))
    assert page.content.decode().count(">v") == 30
