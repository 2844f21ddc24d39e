"""Owner lectures (车主讲堂, seed 000: twice a month): attendees and their evaluation forms (讲堂测评表).

An evaluation with feedback or a question announces OWNER_LECTURE_FEEDBACK; surveys turns it into a callback
answered within 48 h (its CALLBACK_PLAN), keyed on the evaluation's source, so it is called back once.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from care.events import OWNER_LECTURE_FEEDBACK
from care.models import LectureAttendance, LectureEvaluation, OwnerLecture
from customers.models import Customer
from organization.events import BusinessEvent, announce
from organization.models import Store


@transaction.atomic
def plan_lecture(*, store: Store, held_on: date, topic: str, speaker: str, by) -> OwnerLecture:
    return OwnerLecture.objects.create(store=store, held_on=held_on, topic=topic, speaker=speaker, created_by=by)


@transaction.atomic
def record_attendance(*, lecture: OwnerLecture, customer: Customer) -> LectureAttendance:
    """A customer of the lecture's store attended it; once per lecture."""
    if customer.store_id != lecture.store_id:
        raise ValidationError(_("This customer is not a customer of the store."), code="other_store")
    customer.refuse_if_anonymized()
    attendance, created = LectureAttendance.objects.get_or_create(lecture=lecture, customer=customer)
    if not created:
        raise ValidationError(_("This customer is already on the list of attendees."), code="already_attending")
    return attendance


@transaction.atomic
def record_evaluation(
    *,
    attendance: LectureAttendance,
    content_score: int,
    speaker_score: int,
    usefulness_score: int,
    feedback: str,
    question: str,
    by,
    now: datetime | None = None,
) -> LectureEvaluation:
    """Record an attendee's evaluation form; feedback or a question is announced to be answered by a callback."""
    now = now or timezone.now()
    lecture = attendance.lecture
    if lecture.held_on > timezone.localdate(now):
        raise ValidationError(_("The lecture has not taken place yet."), code="lecture_ahead")
    # Lock the attendance so two people entering the same form at once cannot both record it.
    LectureAttendance.objects.select_for_update().filter(pk=attendance.pk).get()
    if LectureEvaluation.objects.filter(attendance=attendance).exists():
        raise ValidationError(_("This attendee's evaluation is already recorded."), code="already_evaluated")
    evaluation = LectureEvaluation.objects.create(
        attendance=attendance,
        content_score=content_score,
        speaker_score=speaker_score,
        usefulness_score=usefulness_score,
        feedback=feedback,
        question=question,
        recorded_by=by,
        recorded_at=now,
    )
    if evaluation.needs_answer:
        customer = attendance.customer
        announce(BusinessEvent(OWNER_LECTURE_FEEDBACK, evaluation, lecture.store, customer, None, None, now))
    return evaluation
