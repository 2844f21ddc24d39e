"""Hypothesis drives the lecture, attendee and evaluation forms: never a 500, bad input a 4xx, nothing half-saved."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from hypothesis import given

from care.models import LectureAttendance, LectureEvaluation, OwnerLecture
from customers.models import Customer
from organization.roles import Role
from tests.customers.test_bad_input import BAD_DATES, BAD_NUMBERS, FUZZ, field, form, split, text
from tests.factories import CustomerFactory, LectureAttendanceFactory

SCORE = field(["1", "3", "5"], ["0", "6", "", *BAD_NUMBERS])


@pytest.fixture(autouse=True)
def afternoon(time_machine):
    time_machine.move_to(datetime(2026, 12, 1, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)


@pytest.fixture
def specialist(staff):
    return staff(Role.CUSTOMER_SERVICE)


@FUZZ
@given(
    drawn=form(
        held_on=field(["2026-11-15", "2026-12-20"], ["", "2028-01-01", *BAD_DATES]),
        topic=text(100, ok=("冬季用车保养",)),
        speaker=text(50, ok=("黄磊",)),
        submission=field(["0f0c0d7e-3c55-4f0e-a9a8-3b1f0f3c8a01"], ["", "not-a-token"]),
    )
)
def test_lecture_form(drawn, specialist, client_of):
    values, is_bad = split(drawn)
    status = client_of(specialist).post(reverse("care:lectures"), values).status_code
    if is_bad:
        assert status == 422, status
    assert status in (302, 422), status
    if status == 422:
        assert not OwnerLecture.objects.exists()
    OwnerLecture.objects.all().delete()


@FUZZ
@given(drawn=form(mobile=field(["13800138000", "+86 138-0013-8000"], ["", "12345", "138001380001", "电话"])))
def test_attendee_form(drawn, specialist, store, client_of):
    values, is_bad = split(drawn)
    if not Customer.objects.filter(store=store, mobile="13800138000").exists():
        CustomerFactory(store=store, mobile="13800138000")
    lecture = LectureAttendanceFactory(lecture__store=store).lecture
    status = client_of(specialist).post(reverse("care:lecture_attend", args=[lecture.pk]), values).status_code
    if is_bad:
        assert status == 422, status
    assert status in (302, 422), status
    assert lecture.attendances.count() == (2 if status == 302 else 1)
    LectureAttendance.objects.all().delete()


@FUZZ
@given(
    drawn=form(
        content_score=SCORE,
        speaker_score=SCORE,
        usefulness_score=SCORE,
        feedback=text(500, required=False),
        question=text(500, ok=("电瓶要拆吗？",), required=False),
    )
)
def test_evaluation_form(drawn, specialist, store, client_of):
    values, is_bad = split(drawn)
    attendance = LectureAttendanceFactory(lecture__store=store)
    status = client_of(specialist).post(reverse("care:lecture_evaluate", args=[attendance.pk]), values).status_code
    if is_bad:
        assert status == 422, status
    assert status in (302, 422), status
    assert LectureEvaluation.objects.filter(attendance=attendance).exists() == (status == 302)
    LectureEvaluation.objects.all().delete()
