"""Demo satisfaction for `seed_demo`: twelve weeks of CSI and SSI answers in the demo store, then the rollup.

CSI scores the service advisors and after-sales (about 97, on target); SSI scores the sales consultant and sales
(about 92: the department under its 95 target, so the report and the improvement plans have one to show). Each
survey follows a satisfaction callback (most reached), so the callback and completion rates show too; the demo's
callbacks name demo sources (`sale:demo-…`, `repair_order:demo-…`) rather than real deliveries.

The questionnaires are a minimal version 1 made only when the store has none (the default questionnaires are another
loader's). Idempotent: a store that already has the demo surveys only gets its rollup recomputed.
"""

import random
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from customers.models import Customer
from organization.models import Department
from organization.policies import current_policy
from surveys import rollup
from surveys.models import Answer, Callback, Question, Questionnaire, Survey, SurveyKind

WEEKS = 12
CENT = Decimal("0.01")
# Kind, department scored, the demo users scored, surveys a week, the item scores (out of 10) drawn from.
PLAN = [
    (SurveyKind.CSI, Department.Kind.AFTER_SALES, ["advisor", "advisor2"], 6, [9, 10, 10, 10]),
    (SurveyKind.SSI, Department.Kind.SALES, ["sales"], 4, [8, 9, 9, 10, 10]),
]
SOURCE_PREFIX = {SurveyKind.CSI: "repair_order:demo-", SurveyKind.SSI: "sale:demo-"}
QUESTIONS = {
    SurveyKind.CSI: [
        ("reception", "接待服务是否满意", ""),
        ("repair_mechanical", "机电维修质量是否满意", Question.Area.MECHANICAL),
        ("repair_body_paint", "钣喷维修质量是否满意", Question.Area.BODY_PAINT),
        ("overall", "对本店的总体满意度", ""),
    ],
    SurveyKind.SSI: [
        ("consultant_service", "销售顾问的服务是否满意", ""),
        ("vehicle_presentation", "车辆介绍是否满意", ""),
        ("delivery", "交车服务是否满意", ""),
    ],
}


def demo_questionnaire(store, kind) -> Questionnaire:
    questionnaire, created = Questionnaire.objects.get_or_create(
        store=store, kind=kind, version=1, defaults={"note": "demo"}
    )
    if created:
        Question.objects.bulk_create(
            Question(questionnaire=questionnaire, position=i, code=code, text=text, area=area, must_ask=not area)
            for i, (code, text, area) in enumerate(QUESTIONS[kind], start=1)
        )
    return questionnaire


def load_demo_satisfaction(store, users: dict) -> None:
    now = timezone.now()
    if not Survey.objects.filter(store=store, source__startswith="demo-").exists():
        make_surveys(store, users, now)
    today = timezone.localdate(now)
    days = [today - timedelta(days=7 * week) for week in range(WEEKS, -1, -1)]
    windows = [
        rollup.Window(period, rollup.period_start(period, day)) for period in rollup.Period.values for day in days
    ]
    rollup.roll_up_windows(list(dict.fromkeys(windows)), now=now)


def make_surveys(store, users, now) -> None:
    rng = random.Random(store.pk)
    customers = list(Customer.objects.filter(store=store, anonymized_at=None).order_by("pk")[:40])
    if not customers:
        return
    policy = current_policy(store)
    for kind, department_kind, scored, per_week, item_scores in PLAN:
        questionnaire = demo_questionnaire(store, kind)
        questions = list(questionnaire.questions.all())
        department = Department.objects.get(store=store, kind=department_kind)
        for week in range(WEEKS):
            for n in range(per_week):
                answered_at = now - timedelta(days=7 * week + rng.uniform(0.1, 6.9))
                customer = customers[(week * per_week + n) % len(customers)]
                key = f"{kind}-{week}-{n}"
                reached = rng.random() < 0.85
                callback = Callback.objects.create(
                    store=store,
                    customer=customer,
                    owner=users["cs"],
                    kind=Callback.Kind.SATISFACTION_SURVEY,
                    source=f"{SOURCE_PREFIX[kind]}{key}",
                    policy=policy,
                    created_at=answered_at - timedelta(days=7),
                    due_at=answered_at - timedelta(hours=2),
                    attempts=1,
                    last_attempt_at=answered_at,
                    completed_at=answered_at,
                    reached=reached,
                    satisfied=reached or None,
                )
                if not reached:
                    continue
                scores = [rng.choice(item_scores) for _ in questions]
                points = [Decimal(s * 100) / q.scale for s, q in zip(scores, questions, strict=True)]
                survey = Survey.objects.create(
                    store=store,
                    kind=kind,
                    questionnaire=questionnaire,
                    source=f"demo-{key}",
                    callback=callback,
                    customer=customer,
                    staff=users[rng.choice(scored)],
                    department=department,
                    visited_on=(answered_at - timedelta(days=7)).date(),
                    channel=Survey.Channel.PHONE,
                    answered_at=answered_at,
                    answered_by=users["cs"],
                    score=(sum(points) / len(points)).quantize(CENT, ROUND_HALF_UP),
                )
                Answer.objects.bulk_create(
                    Answer(survey=survey, question=q, score=s, points=p.quantize(CENT))
                    for q, s, p in zip(questions, scores, points, strict=True)
                )
