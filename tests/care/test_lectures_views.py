"""The owner-lecture pages: plan a lecture, add attendees by mobile, record each attendee's evaluation form."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from care.events import OWNER_LECTURE_FEEDBACK
from care.models import LectureAttendance, LectureEvaluation, OwnerLecture
from organization.events import business_event
from organization.roles import Role
from tests.factories import CustomerFactory, LectureAttendanceFactory, OwnerLectureFactory

NOW = datetime(2026, 12, 1, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def afternoon(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def specialist(staff):
    return staff(Role.CUSTOMER_SERVICE)


@pytest.fixture
def announced():
    events = []
    business_event.connect(
        lambda sender, event, **kw: events.append(event),
        sender=OWNER_LECTURE_FEEDBACK,
        weak=False,
        dispatch_uid="test_lectures_views",
    )
    yield events
    business_event.disconnect(sender=OWNER_LECTURE_FEEDBACK, dispatch_uid="test_lectures_views")


def test_customer_service_plans_a_lecture_adds_an_attendee_and_records_a_question(
    client_of, specialist, store, announced
):
    client = client_of(specialist)
    form = client.get(reverse("care:lectures")).context["form"]
    data = {
        "held_on": "2026-12-01",
        "topic": "冬季用车保养",
        "speaker": "黄磊",
        "submission": form.initial["submission"],
    }
    planned = client.post(reverse("care:lectures"), data)
    lecture = OwnerLecture.objects.get()
    assert planned.status_code == 302 and planned.url == lecture.get_absolute_url()
    assert (lecture.store, lecture.held_on, lecture.created_by) == (store, date(2026, 12, 1), specialist)
    assert client.post(reverse("care:lectures"), data).status_code == 302  # a double click
    assert OwnerLecture.objects.count() == 1

    customer = CustomerFactory(store=store, mobile="13800138000")
    added = client.post(reverse("care:lecture_attend", args=[lecture.pk]), {"mobile": "138-0013-8000"})
    assert added.status_code == 302
    attendance = LectureAttendance.objects.get(lecture=lecture, customer=customer)

    scores = {"content_score": "5", "speaker_score": "4", "usefulness_score": "5", "feedback": ""}
    url = reverse("care:lecture_evaluate", args=[attendance.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {**scores, "question": "电瓶要拆吗？"})
    assert response.status_code == 302
    evaluation = LectureEvaluation.objects.get()
    assert evaluation.question == "电瓶要拆吗？" and evaluation.recorded_by == specialist
    [event] = announced
    assert event.source == f"lecture-evaluation:{evaluation.pk}"

    again = client.post(url, {**scores, "question": "再问一次"})
    assert again.status_code == 422
    assert escape(gettext("This attendee's evaluation is already recorded.")) in again.content.decode()
    assert len(announced) == 1

    page = client.get(lecture.get_absolute_url())
    assert "电瓶要拆吗？" in page.content.decode()


def test_an_unknown_mobile_is_refused(client_of, specialist, store, other_store):
    lecture = OwnerLectureFactory(store=store)
    CustomerFactory(store=other_store, mobile="13800138000")
    response = client_of(specialist).post(reverse("care:lecture_attend", args=[lecture.pk]), {"mobile": "13800138000"})
    assert response.status_code == 422
    assert gettext("No customer of the store has this mobile.") in response.content.decode()
    assert not LectureAttendance.objects.exists()


def test_a_score_out_of_range_is_refused(client_of, specialist, store, announced):
    attendance = LectureAttendanceFactory(lecture__store=store)
    data = {"content_score": "6", "speaker_score": "4", "usefulness_score": "5", "question": "问题"}
    response = client_of(specialist).post(reverse("care:lecture_evaluate", args=[attendance.pk]), data)
    assert response.status_code == 422
    assert not LectureEvaluation.objects.exists() and announced == []


def test_another_stores_lecture_and_attendee_answer_404(client_of, specialist, other_store):
    attendance = LectureAttendanceFactory(lecture__store=other_store)
    client = client_of(specialist)
    assert client.get(attendance.lecture.get_absolute_url()).status_code == 404
    assert client.get(reverse("care:lecture_evaluate", args=[attendance.pk])).status_code == 404
    customer = CustomerFactory(store=other_store)
    attend = client.post(reverse("care:lecture_attend", args=[attendance.lecture.pk]), {"mobile": customer.mobile})
    assert attend.status_code == 404


def test_wrong_roles_and_the_group_user_cannot_write(client_of, staff, group_user, store):
    lecture = OwnerLectureFactory(store=store)
    customer = CustomerFactory(store=store)
    for user in (staff(Role.SERVICE_ADVISOR), staff(Role.LOUNGE_STAFF), group_user):
        client = client_of(user)
        assert (
            client.post(reverse("care:lecture_attend", args=[lecture.pk]), {"mobile": customer.mobile}).status_code
            == 403
        )
        assert client.post(reverse("care:lectures"), {"topic": "x"}).status_code == 403
    assert client_of(group_user).get(lecture.get_absolute_url()).status_code == 200
    assert not LectureAttendance.objects.exists()


def test_the_wrong_method_answers_405(client_of, specialist, store):
    lecture = OwnerLectureFactory(store=store)
    assert client_of(specialist).get(reverse("care:lecture_attend", args=[lecture.pk])).status_code == 405
    assert client_of(specialist).post(lecture.get_absolute_url()).status_code == 405


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_pages_cost_the_same_at_1_and_30_rows(client_of, specialist, store, django_assert_max_num_queries):
    client = client_of(specialist)
    lecture = OwnerLectureFactory(store=store)
    LectureAttendanceFactory(lecture=lecture)
    list_one, detail_one = (
        queries_for(client, reverse("care:lectures")),
        queries_for(client, lecture.get_absolute_url()),
    )
    OwnerLectureFactory.create_batch(29, store=store)
    for attendance in LectureAttendanceFactory.create_batch(29, lecture=lecture):
        LectureEvaluation.objects.create(
            attendance=attendance, content_score=5, speaker_score=5, usefulness_score=5, recorded_by=specialist
        )
    with django_assert_max_num_queries(list_one):
        assert client.get(reverse("care:lectures")).status_code == 200
    with django_assert_max_num_queries(detail_one):
        response = client.get(lecture.get_absolute_url())
    assert response.content.decode().count('data-testid="attendee-row"') == 30
