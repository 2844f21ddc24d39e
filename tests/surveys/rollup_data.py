"""A generated quarter of answered surveys and satisfaction callbacks, and its figures computed in plain Python.

Shared by the rollup tests; the expected figures never go through surveys.rollup.
"""

import random
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from organization.models import Department
from organization.roles import Role
from surveys.models import Answer, Callback, Question, Survey, SurveyKind
from tests.factories import CallbackFactory, CustomerFactory, DepartmentFactory, QuestionnaireFactory, UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
CENT = Decimal("0.01")
KIND_DEPARTMENT = {SurveyKind.CSI: Department.Kind.AFTER_SALES, SurveyKind.SSI: Department.Kind.SALES}
KIND_SOURCE = {SurveyKind.CSI: "repair_order", SurveyKind.SSI: "sale"}


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def generate(stores, *, first: date, days: int, per_store: int, seed: int = 4) -> list[dict]:
    """Surveys with three answered items each (some unanswered), and a satisfaction callback for most of them.

    Returns the plain facts of each survey for the independent computation.
    """
    rng = random.Random(seed)
    facts = []
    for store in stores:
        customer = CustomerFactory(store=store)
        staff = {
            SurveyKind.CSI: [UserFactory(store=store, roles=[Role.SERVICE_ADVISOR]) for _ in range(2)],
            SurveyKind.SSI: [UserFactory(store=store, roles=[Role.SALES_CONSULTANT]) for _ in range(2)],
        }
        for kind, department_kind in KIND_DEPARTMENT.items():
            department = DepartmentFactory(store=store, kind=department_kind)
            questionnaire = QuestionnaireFactory(store=store, kind=kind)
            questions = [
                Question.objects.create(questionnaire=questionnaire, position=i, code=f"q{i}", text=f"Q{i}", scale=10)
                for i in range(3)
            ]
            for n in range(per_store):
                moment = at(first.year, first.month, first.day) + timedelta(minutes=rng.randrange(days * 24 * 60))
                answered = rng.random() < 0.85
                scores = [rng.randint(6, 10) for _ in questions]
                points = [(Decimal(s) * 100 / 10).quantize(CENT) for s in scores]
                score = (sum(points) / len(points)).quantize(CENT, ROUND_HALF_UP)
                source = f"{KIND_SOURCE[kind]}:{store.pk}{n}"
                callback = None
                reached = rng.random() < 0.7
                if rng.random() < 0.9:
                    callback = CallbackFactory(
                        customer=customer,
                        kind=Callback.Kind.SATISFACTION_SURVEY,
                        source=source,
                        due_at=moment - timedelta(hours=rng.randrange(0, 48)),
                        reached=reached,
                        completed_at=moment,
                    )
                survey = Survey.objects.create(
                    store=store,
                    kind=kind,
                    questionnaire=questionnaire,
                    source=source,
                    customer=customer,
                    staff=rng.choice(staff[kind] + [None]),
                    department=department,
                    visited_on=first,
                    callback=callback if (callback and reached) else None,
                    channel=Survey.Channel.PHONE if answered else "",
                    answered_at=moment if answered else None,
                    score=score if answered else None,
                )
                if answered:
                    Answer.objects.bulk_create(
                        Answer(survey=survey, question=q, score=s, points=p)
                        for q, s, p in zip(questions, scores, points, strict=True)
                    )
                facts.append(
                    {
                        "store": store.pk,
                        "kind": kind,
                        "department": department.pk,
                        "staff": survey.staff_id,
                        "answered_at": survey.answered_at,
                        "callback_due_at": callback.due_at if callback else None,
                        "reached": bool(callback and reached),
                        "completed": bool(callback and reached and answered),
                        "survey": survey.pk,
                    }
                )
    return facts


def expected(facts: list[dict], since: datetime, until: datetime) -> dict:
    """The figures of one period from the raw answers: per (level, store, kind, department, staff)."""
    inside = [f for f in facts if f["answered_at"] and since <= f["answered_at"] < until]
    items = defaultdict(list)
    for answer in Answer.objects.filter(survey__in=[f["survey"] for f in inside]).values("survey", "points"):
        items[answer["survey"]].append(answer["points"])
    score = {s: (sum(p) / len(p)).quantize(CENT, ROUND_HALF_UP) for s, p in items.items()}
    groups = defaultdict(list)
    for f in inside:
        groups[("store", f["store"], f["kind"], None, None)].append(score[f["survey"]])
        groups[("department", f["store"], f["kind"], f["department"], None)].append(score[f["survey"]])
        if f["staff"]:
            groups[("staff", f["store"], f["kind"], f["department"], f["staff"])].append(score[f["survey"]])
    figures = {
        key: {"responses": len(scores), "mean_score": (sum(scores) / len(scores)).quantize(CENT, ROUND_HALF_UP)}
        for key, scores in groups.items()
    }
    calls = [f for f in facts if f["callback_due_at"] and since <= f["callback_due_at"] < until]
    for f in calls:
        row = figures.setdefault(("store", f["store"], f["kind"], None, None), {"responses": 0, "mean_score": None})
        row["callbacks_due"] = row.get("callbacks_due", 0) + 1
        row["callbacks_reached"] = row.get("callbacks_reached", 0) + f["reached"]
        row["surveys_completed"] = row.get("surveys_completed", 0) + f["completed"]
    return figures
