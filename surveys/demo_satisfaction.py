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
from surveys.answering import points_for
from surveys.models import Answer, Callback, Question, Questionnaire, Survey, SurveyKind
from surveys.questionnaires import add_first_versions, current_questionnaire

WEEKS = 12
CENT = Decimal("0.01")
# Kind, department scored, the demo users scored, surveys a week, the item scores (out of 10) drawn from.
PLAN = [
    (SurveyKind.CSI, Department.Kind.AFTER_SALES, ["advisor", "advisor2"], 6, [9, 10, 10, 10]),
    (SurveyKind.SSI, Department.Kind.SALES, ["sales"], 4, [8, 9, 9, 10, 10]),
]
SOURCE_PREFIX = {SurveyKind.CSI: "repair_order:demo-", SurveyKind.SSI: "sale:demo-"}


def demo_questionnaire(store, kind) -> Questionnaire:
    """The store's current questionnaire (seed 004's version 1 unless the head revised it)."""
    add_first_versions(Questionnaire, Question, store.pk)
    return current_questionnaire(store, kind)


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
                points = [points_for(s, q.scale) for s, q in zip(scores, questions, strict=True)]
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
                    Answer(survey=survey, question=q, score=s, points=p)
                    for q, s, p in zip(questions, scores, points, strict=True)
                )
