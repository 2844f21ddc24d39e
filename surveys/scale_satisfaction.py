"""`seed_demo --scale N`, satisfaction: 1.5 N survey answers (3,000,000 at the issue's 2 M customers;
`SCALE_SURVEY_ANSWERS` in the environment sets the number directly) over the stores customers.scale generated and
the last two years, with the surveys they belong to and a satisfaction callback for each survey.

Per store: the demo's minimal CSI (4 items) and SSI (3 items) questionnaires, four advisors and two consultants
scored, the after-sales and sales departments. Two surveys in three are CSI. 10% of the callbacks did not reach the
customer (no survey answered), 5% of the surveys reached stay unanswered. Loads in rounds (COPY on PostgreSQL, one
transaction per round; a re-run loads only the slots still missing). Then the rollup of the last complete week, so
the report shows figures; the bench times it.
"""

import os
import random
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from customers.models import Customer
from customers.scale import STAFF_PASSWORD, STORE_CODE, insert_rows, person_name
from organization.models import Department, PolicySet, Store, User
from organization.roles import Role
from surveys import rollup
from surveys.answering import points_for
from surveys.demo_satisfaction import demo_questionnaire
from surveys.models import Answer, Callback, Survey, SurveyKind

ANSWERS_PER_CUSTOMER = 1.5
ROUND = 400  # surveys per store in one load transaction
DAYS = 730
CSI_SHARE = 2 / 3
REACHED_SHARE = 0.9
ANSWERED_SHARE = 0.95
CENT = Decimal("0.01")
# The callbacks' sources name the delivery kind the rollup reads their survey kind from, e.g. sale:scale-scale-001-7.
SOURCE_PREFIX = {kind: prefix for prefix, kind in rollup.SURVEY_KIND_OF_SOURCE.items()}
# Kind, department scored, role of those scored, username prefix, how many per store.
SCORED = [
    (SurveyKind.CSI, Department.Kind.AFTER_SALES, Role.SERVICE_ADVISOR, "csi-advisor", 4),
    (SurveyKind.SSI, Department.Kind.SALES, Role.SALES_CONSULTANT, "consultant", 2),
]
# Item scores out of 10 drawn per store "quality": most stores score in the 90s, some below.
ITEM_SCORES = [[10, 10, 9, 9, 8], [10, 10, 10, 9], [10, 9, 8, 7, 10]]


def answers_wanted(total_customers: int) -> int:
    return int(os.environ.get("SCALE_SURVEY_ANSWERS") or round(total_customers * ANSWERS_PER_CUSTOMER))


def load_satisfaction_scale(
    total_customers: int, *, stores: int, report: Callable[[str], None] = print, now: datetime | None = None
) -> dict:
    """Surveys, their answers and their callbacks (see the module), then the last complete week's rollup."""
    started = time.monotonic()
    now = now or timezone.now()
    password = make_password(STAFF_PASSWORD)
    groups = {g.name: g for g in Group.objects.filter(name__in=[role for _k, _d, role, _p, _n in SCORED])}
    plan = []
    for index in range(stores):
        with transaction.atomic():
            plan.append(_StorePlan(Store.objects.get(code=STORE_CODE.format(index + 1)), index, password, groups))
    items = {kind: len(questions) for kind, (_d, _p, _q, questions) in plan[0].kinds.items()}
    items_per_survey = CSI_SHARE * items[SurveyKind.CSI] + (1 - CSI_SHARE) * items[SurveyKind.SSI]
    surveys_per_store = round(
        answers_wanted(total_customers) / items_per_survey / REACHED_SHARE / ANSWERED_SHARE / stores
    )
    rounds = -(-surveys_per_store // ROUND)
    # Every store gets the same survey slots, one callback each: the first store's callbacks say which slots are
    # there, also after a partial last round, a larger target or callbacks deleted since.
    runs = missing_runs(_slots_loaded(plan[0].store), surveys_per_store)
    done = rounds - len(runs)
    totals = {"surveys": 0, "answers": 0, "callbacks": 0}
    for start, size in runs:
        round_started = time.monotonic()
        with transaction.atomic():
            counts = _load_round(plan, start, size, now)
        for key in totals:
            totals[key] += counts[key]
        report(
            f"satisfaction slots {start}–{start + size - 1} of {surveys_per_store}: {counts['surveys']} surveys, "
            f"{counts['answers']} answers, {counts['callbacks']} callbacks in {time.monotonic() - round_started:.1f} s"
        )
    if connection.vendor == "postgresql":
        tables = [m._meta.db_table for m in (Callback, Survey, Answer)]
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
    rolled = rollup.roll_up_windows(rollup.periods_just_ended(_this_monday(now)), now=now)
    result = {"rounds_loaded": len(runs), "rounds_skipped": max(done, 0), **totals, "rollup_rows": rolled}
    result["seconds"] = time.monotonic() - started
    report(
        f"Satisfaction scale data: {result['rounds_loaded']} rounds loaded, {result['rounds_skipped']} already there "
        f"({totals['surveys']} surveys, {totals['answers']} answers), {rolled} rollup rows, {result['seconds']:.1f} s"
    )
    return result


def missing_runs(loaded: set[int], wanted: int) -> list[tuple[int, int]]:
    """The slots below `wanted` not loaded yet, as (first, size) runs of consecutive slots, at most ROUND each."""
    runs = []
    for slot in range(wanted):
        if slot in loaded:
            continue
        if runs and runs[-1][0] + runs[-1][1] == slot and runs[-1][1] < ROUND:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((slot, 1))
    return runs


def _slots_loaded(store: Store) -> set[int]:
    sources = Callback.objects.filter(store=store, source__contains=":scale-").values_list("source", flat=True)
    return {int(source.rsplit("-", 1)[1]) for source in sources}


def _this_monday(now: datetime):
    """Monday of this week, as the Monday morning run sees it: the week before it is the last complete one."""
    today = timezone.localdate(now)
    return rollup.period_start(rollup.Period.WEEK, today)


class _StorePlan:
    """What a store's surveys are drawn from: its questionnaires, people scored, departments, customers and policy."""

    def __init__(self, store: Store, index: int, password: str, groups: dict):
        self.store, self.index = store, index
        self.policy = PolicySet.objects.filter(store=store).order_by("-version").first()
        self.customers = list(Customer.objects.filter(store=store).order_by("pk").values_list("pk", flat=True)[:5000])
        self.kinds = {}
        for kind, department_kind, role, prefix, count in SCORED:
            department, _ = Department.objects.get_or_create(store=store, kind=department_kind)
            people = []
            for n in range(count):
                user, created = User.objects.get_or_create(
                    username=f"{prefix}{n + 1}-{store.code}",
                    defaults={"name": person_name(random.Random(f"{store.code}/{prefix}/{n}")), "store": store,
                              "department": department, "password": password},
                )  # fmt: skip
                if created:
                    user.groups.add(groups[role])
                people.append(user.pk)
            questionnaire = demo_questionnaire(store, kind)
            self.kinds[kind] = (department.pk, people, questionnaire.pk, list(questionnaire.questions.all()))


def _load_round(plan: list[_StorePlan], first: int, size: int, now: datetime) -> dict:
    """Survey slots first … first + size − 1 of every store."""
    callbacks, surveys, answers = [], [], []
    for store_plan in plan:
        store = store_plan.store
        rng = random.Random(f"{store.code}/satisfaction/{first}")
        item_scores = ITEM_SCORES[store_plan.index % len(ITEM_SCORES)]
        for k in range(first, first + size):
            kind = SurveyKind.CSI if rng.random() < CSI_SHARE else SurveyKind.SSI
            department, people, questionnaire, questions = store_plan.kinds[kind]
            moment = now - timedelta(minutes=rng.randrange(DAYS * 24 * 60))
            reached = rng.random() < REACHED_SHARE
            customer = rng.choice(store_plan.customers)
            callbacks.append(
                {
                    "store_id": store.pk,
                    "customer_id": customer,
                    "kind": Callback.Kind.SATISFACTION_SURVEY,
                    "source": f"{SOURCE_PREFIX[kind]}scale-{store.code}-{k}",
                    "policy_id": store_plan.policy.pk,
                    "created_at": moment - timedelta(days=7),
                    "due_at": moment - timedelta(hours=rng.randrange(1, 48)),
                    "attempts": 1,
                    "last_attempt_at": moment,
                    "completed_at": moment,
                    "reached": reached,
                    "row_version": 0,
                }
            )
            if not reached:
                surveys.append(None)
                continue
            answered = rng.random() < ANSWERED_SHARE
            scores = [rng.choice(item_scores) for _ in questions] if answered else []
            points = [points_for(s, q.scale) for s, q in zip(scores, questions, strict=False)]
            surveys.append(
                {
                    "store_id": store.pk,
                    "kind": kind,
                    "questionnaire_id": questionnaire,
                    "source": f"scale:{store.code}:{k}",
                    "customer_id": customer,
                    "staff_id": rng.choice(people),
                    "department_id": department,
                    "visited_on": timezone.localdate(moment - timedelta(days=7)),
                    "created_at": moment - timedelta(days=7),
                    "channel": Survey.Channel.PHONE if answered else "",
                    "answered_at": moment if answered else None,
                    "score": (sum(points) / len(points)).quantize(CENT, ROUND_HALF_UP) if answered else None,
                    "row_version": 0,
                    "_answers": list(zip(questions, scores, points, strict=True)) if answered else [],
                }
            )
    callback_ids = insert_rows(Callback, callbacks)
    linked = []
    for callback_id, survey in zip(callback_ids, surveys, strict=True):
        if survey is not None:
            survey["callback_id"] = callback_id
            linked.append(survey)
    items = [survey.pop("_answers") for survey in linked]
    survey_ids = insert_rows(Survey, linked)
    for survey_id, survey_items in zip(survey_ids, items, strict=True):
        answers += [{"survey_id": survey_id, "question_id": q.pk, "score": s, "points": p} for q, s, p in survey_items]
    if answers:
        insert_rows(Answer, answers, ids=False)
    return {"surveys": len(linked), "answers": len(answers), "callbacks": len(callbacks)}
