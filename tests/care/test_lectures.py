"""Owner lectures (seed 000): attendees of the store, one evaluation each, feedback or a question announced once."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from care.events import OWNER_LECTURE_FEEDBACK
from care.lectures import record_attendance, record_evaluation
from care.models import LectureEvaluation
from customers.models import Customer
from organization.events import business_event
from organization.roles import Role
from tests.factories import CustomerFactory, LectureAttendanceFactory, OwnerLectureFactory

AFTER = datetime(2026, 12, 1, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
SCORES = {"content_score": 5, "speaker_score": 4, "usefulness_score": 3}


@pytest.fixture
def announced():
    events = []

    def receiver(sender, event, **kwargs):
        events.append(event)

    business_event.connect(receiver, sender=OWNER_LECTURE_FEEDBACK, dispatch_uid="test_lectures")
    yield events
    business_event.disconnect(sender=OWNER_LECTURE_FEEDBACK, dispatch_uid="test_lectures")


@pytest.fixture
def attendance(store):
    return LectureAttendanceFactory(lecture__store=store, lecture__held_on=date(2026, 12, 1))


@pytest.fixture
def specialist(staff):
    return staff(Role.CUSTOMER_SERVICE)


def evaluate(attendance, by, feedback="", question="", now=AFTER):
    return record_evaluation(attendance=attendance, **SCORES, feedback=feedback, question=question, by=by, now=now)


def test_it_announces_a_question_for_a_callback(attendance, specialist, announced):
    evaluation = evaluate(attendance, specialist, question="电瓶要拆吗？")
    [event] = announced
    assert event.record == evaluation
    assert event.source == f"lecture-evaluation:{evaluation.pk}"
    assert event.customer == attendance.customer
    assert event.store == attendance.lecture.store
    assert event.occurred_at == AFTER


def test_it_announces_feedback_too(attendance, specialist, announced):
    evaluate(attendance, specialist, feedback="讲得很实用")
    assert len(announced) == 1


def test_scores_alone_announce_nothing(attendance, specialist, announced):
    evaluation = evaluate(attendance, specialist)
    assert (evaluation.content_score, evaluation.speaker_score, evaluation.usefulness_score) == (5, 4, 3)
    assert announced == []


def test_an_attendee_is_evaluated_once(attendance, specialist, announced):
    evaluate(attendance, specialist, question="电瓶要拆吗？")
    with pytest.raises(ValidationError) as refused:
        evaluate(attendance, specialist, question="再问一次")
    assert refused.value.code == "already_evaluated"
    assert LectureEvaluation.objects.count() == 1
    assert len(announced) == 1


def test_a_lecture_ahead_takes_no_evaluation(attendance, specialist):
    with pytest.raises(ValidationError) as refused:
        evaluate(attendance, specialist, now=datetime(2026, 11, 30, 23, 59, tzinfo=ZoneInfo("Asia/Shanghai")))
    assert refused.value.code == "lecture_ahead"


def test_attendees_are_customers_of_the_store_once_each(store, other_store):
    lecture = OwnerLectureFactory(store=store)
    customer = CustomerFactory(store=store)
    record_attendance(lecture=lecture, customer=customer)
    with pytest.raises(ValidationError) as again:
        record_attendance(lecture=lecture, customer=customer)
    assert again.value.code == "already_attending"
    with pytest.raises(ValidationError) as other:
        record_attendance(lecture=lecture, customer=CustomerFactory(store=other_store))
    assert other.value.code == "other_store"
    anonymized = CustomerFactory(store=store)
    Customer.objects.filter(pk=anonymized.pk).update(anonymized_at=AFTER)
    anonymized.refresh_from_db()
    with pytest.raises(ValidationError):
        record_attendance(lecture=lecture, customer=anonymized)
    assert lecture.attendances.count() == 1
