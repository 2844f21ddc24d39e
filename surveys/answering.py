"""Surveys (满意度调查): the survey of a delivery, its answers and their normalization to 0–100.

A survey belongs to the delivery it asks about (`sale:<pk>` → SSI of the consultant and the sales department,
`repair_order:<pk>` → CSI of the advisor and the after-sales department) and is created, once per delivery and kind,
with the store's current questionnaire version when customer service first works its 7-day callback. It is answered
once: by staff on the phone, on paper or face to face, or by the customer on the public page.
"""

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.models import RepairOrder
from customers.models import VehicleSale
from organization.concurrency import save_if_unchanged
from organization.models import Department, User
from surveys.models import Answer, Callback, Question, Survey, SurveyKind
from surveys.questionnaires import current_questionnaire

CENT = Decimal("0.01")


class AlreadyAnswered(ValidationError):
    """A second answer to a survey: refused, the first stays."""


def points_for(score: int, scale: int) -> Decimal:
    """A score of 1..scale as 0–100 points: the lowest score is 0, the highest 100, evenly spaced between."""
    return (Decimal(100) * (score - 1) / (scale - 1)).quantize(CENT, ROUND_HALF_UP)


def mean_points(points: list[Decimal]) -> Decimal:
    return (sum(points, Decimal(0)) / len(points)).quantize(CENT, ROUND_HALF_UP)


def what_it_scores(source: str):
    """(kind, staff, department kind, visit date) of the delivery `source` names, or None for any other source."""
    prefix, _colon, pk = source.partition(":")
    if prefix == "sale":
        sale = VehicleSale.objects.select_related("consultant").filter(pk=pk).first()
        if sale is not None:
            return SurveyKind.SSI, sale.consultant, Department.Kind.SALES, timezone.localdate(sale.delivered_at)
    if prefix == "repair_order":
        order = RepairOrder.objects.select_related("advisor").filter(pk=pk).first()
        if order is not None:
            delivered = order.delivered_at or order.opened_at
            return SurveyKind.CSI, order.advisor, Department.Kind.AFTER_SALES, timezone.localdate(delivered)
    return None


def carries_survey(callback: Callback) -> bool:
    """Customer service's 7-day callback after a delivery carries that delivery's survey."""
    return (
        callback.kind == Callback.Kind.SATISFACTION_SURVEY
        and callback.customer_id is not None
        and callback.source.partition(":")[0] in ("sale", "repair_order")
    )


def survey_for_callback(callback: Callback) -> Survey | None:
    """The survey the callback carries, created with the store's current questionnaire on first use."""
    existing = Survey.objects.filter(callback=callback).first()
    if existing is not None or not carries_survey(callback):
        return existing
    scored = what_it_scores(callback.source)
    if scored is None:
        return None
    kind, staff, department_kind, visited_on = scored
    department, _created = Department.objects.get_or_create(store=callback.store, kind=department_kind)
    try:
        with transaction.atomic():
            survey, _created = Survey.objects.get_or_create(
                source=callback.source,
                kind=kind,
                defaults={
                    "store": callback.store,
                    "questionnaire": current_questionnaire(callback.store, kind),
                    "callback": callback,
                    "customer": callback.customer,
                    "vehicle": callback.vehicle,
                    "staff": staff,
                    "department": department,
                    "visited_on": visited_on,
                },
            )
    except IntegrityError:  # created at the same moment by another request
        survey = Survey.objects.get(source=callback.source, kind=kind)
    return survey


def check_scores(questions: list[Question], scores: dict[str, int | None]) -> None:
    """Every must-ask item answered; every score within 1..the item's scale."""
    errors = []
    for question in questions:
        score = scores.get(question.code)
        if score is None:
            if question.must_ask:
                errors.append(
                    ValidationError(
                        _("“%(question)s” must be asked: enter the customer's score."),
                        code="must_ask",
                        params={"question": question.text},
                    )
                )
        elif not 1 <= score <= question.scale:
            errors.append(
                ValidationError(
                    _("The score for “%(question)s” must be between 1 and %(scale)s."),
                    code="score_out_of_scale",
                    params={"question": question.text, "scale": question.scale},
                )
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_answers(
    survey: Survey,
    *,
    expected_version: int,
    scores: dict[str, int | None],
    channel: str,
    comment: str = "",
    by: User | None,
    now: datetime | None = None,
) -> Survey:
    """Record the survey's answers once (by staff, or `by=None` for the customer); the score is their mean."""
    if survey.answered_at is not None:
        raise AlreadyAnswered(_("This survey was already answered."), code="already_answered")
    questions = list(survey.questionnaire.questions.all())
    check_scores(questions, scores)
    answers = [
        Answer(survey=survey, question=question, score=score, points=points_for(score, question.scale))
        for question in questions
        if (score := scores.get(question.code)) is not None
    ]
    if not answers:
        raise ValidationError(_("Enter at least one score."), code="no_answers")
    changes = {
        "answered_at": now or timezone.now(),
        "answered_by": by,
        "channel": channel,
        "comment": comment,
        "score": mean_points([answer.points for answer in answers]),
    }
    # The conditional save refuses a second answer taken from a page read before the first.
    save_if_unchanged(survey, expected_version, changes)
    Answer.objects.bulk_create(answers)
    return survey
