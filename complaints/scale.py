"""`seed_demo --scale N`, complaints: 0.25 N complaints over the stores customers.scale generated (500,000 at the
issue's 2 M customers; `SCALE_COMPLAINTS` in the environment sets the number directly), with their milestones.

Every complaint gets the milestones of its route and severity exactly as complaints.routes.template gives them under
the store's policy (≈9 a complaint: route A 10, route B 8, one more for a major complaint), their anchors and due
times on the wall clock as complaints.deadlines computes them, and a stage consistent with the milestones met. The
mix over 24 months: route A 55% / B 45%; grumble 50%, general 40%, major 10%; one route-B complaint in seven by
letter or SMS. Most are archived with every milestone met; about 3% of the steps were late (a Breach, the warning
before it, an escalation when still unmet after the second interval); 1% were objected at the callback and continue
in an archived second round; 3.5% are open, in every open stage, raised over the last days, their overdue milestones
already breached as a running sweep would have left them — so at rest nothing is due and the sweep is idle.

History is lean: an archived complaint keeps the transitions "log" and "archive", and ledger rows only for its
breaches; open complaints carry every transition and their whole ledger. Each store also gets the people a
complaint passes through (two customer-service specialists, a front-desk supervisor, department heads; password
demo1234). Loads in rounds (COPY on PostgreSQL, one transaction per round; a re-run resumes at the first missing
round). `make_due(n)` / `restore_due()` let the bench make exactly n open milestones due and put everything back.
"""

import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from complaints import routes
from complaints.deadlines import OWNER_ROLES, SAME_DEPARTMENT
from complaints.models import (
    Breach,
    Complaint,
    ComplaintDepartment,
    Milestone,
    Route,
    Severity,
    Stage,
    SweepRun,
    TimerEvent,
    Transition,
)
from complaints.routes import RAISED, Owner
from customers.models import Customer
from customers.scale import SHANGHAI, STAFF_PASSWORD, STORE_CODE, insert_rows, person_name
from organization.models import Department, Notification, OutboundMessage, PolicySet, Store, User
from organization.roles import Role

COMPLAINTS_PER_CUSTOMER = 0.25
ROUND = 500  # complaints per store in one load transaction
MONTHS = 24
OPEN_SHARE = 0.035
OBJECTED_SHARE = 0.01
LATE_SHARE = 0.03
# The bench's export months: two months back holds 10% of the complaints (50,000 of 500,000), three months back 1%.
BIG_MONTH, SMALL_MONTH = 2, 3
K = Department.Kind
Kind = Milestone.Kind
# Role, username prefix, how many per store, department.
STAFF = [
    (Role.CUSTOMER_SERVICE, "cs", 2, K.CUSTOMER_SERVICE),
    (Role.FRONT_DESK_SUPERVISOR, "supervisor", 1, K.AFTER_SALES),
    (Role.AFTER_SALES_MANAGER, "asm", 1, K.AFTER_SALES),
    (Role.GENERAL_MANAGER, "gm", 1, K.MANAGEMENT),
]
# The departments complaints go to, each with a head (route A dispatches there; route B is logged to it).
HANDLING_DEPARTMENTS = [(K.WORKSHOP, 55), (K.AFTER_SALES, 30), (K.PARTS, 10), (K.SALES, 5)]
HEADED = [kind for kind, _weight in HANDLING_DEPARTMENTS] + [K.CUSTOMER_SERVICE, K.MANAGEMENT]
# What finishes each stage, in order: after the i-th group is met the complaint is at STAGES[route][i + 1].
GROUPS = {
    Route.FRONT_DESK: [
        [Kind.HAND_OVER],
        [Kind.FIRST_HANDLING],
        [Kind.DISPATCH],
        [Kind.DEPARTMENT_RESULT, Kind.PLAN_SIGN_OFF],
        [Kind.SUMMARY],
        [Kind.SATISFACTION_CALLBACK],
        [Kind.GM_FINAL],
        [Kind.ARCHIVE],
    ],
    Route.CALLBACK: [
        [Kind.HAND_OVER],
        [Kind.FIRST_CONTACT, Kind.HANDLED, Kind.AGREEMENT, Kind.FINISHED, Kind.PLAN_SIGN_OFF],
        [Kind.SATISFACTION_CALLBACK],
        [Kind.GM_FINAL],
        [Kind.ARCHIVE],
    ],
}
STAGES = {
    Route.FRONT_DESK: [
        Stage.LOGGED,
        Stage.FIRST_HANDLING,
        Stage.DISPATCH,
        Stage.HANDLING,
        Stage.SUMMARY,
        Stage.CALLBACK,
        Stage.GM_FINAL,
        Stage.ARCHIVING,
        Stage.ARCHIVED,
    ],
    Route.CALLBACK: [Stage.LOGGED, Stage.HANDLING, Stage.CALLBACK, Stage.GM_FINAL, Stage.ARCHIVING, Stage.ARCHIVED],
}
ACTIONS = {
    Kind.HAND_OVER: "hand_over",
    Kind.FIRST_HANDLING: "first_handling",
    Kind.DISPATCH: "dispatch",
    Kind.SUMMARY: "summary",
    Kind.SATISFACTION_CALLBACK: "callback_accepted",
    Kind.GM_FINAL: "gm_final",
    Kind.ARCHIVE: "archive",
}
WORDS = [
    "保养后发动机异响仍未解决",
    "交车时车内不干净",
    "等待时间过长，未按承诺时间交车",
    "维修后故障灯再次点亮",
    "服务顾问态度冷淡",
    "结算金额与报价不符",
    "钣喷色差明显",
    "预约后到店仍需排队",
    "配件缺货，等待一周",
    "回访电话过多",
]
CATEGORIES = [
    (Complaint.Category.VALID, 45),
    (Complaint.Category.VAGUE, 30),
    (Complaint.Category.RELATED_OTHER_FAULT, 10),
    (Complaint.Category.RELATED_VEHICLE, 10),
    (Complaint.Category.RELATED_OTHER, 5),
]
SOURCES = [("callback", 45), ("phone", 25), ("walk_in", 15), ("online", 8), ("letter", 3), ("sms", 4)]
LOSSES = [("none", 60), ("implicit", 32), ("explicit", 8)]


def complaints_wanted(total_customers: int) -> int:
    return int(os.environ.get("SCALE_COMPLAINTS") or round(total_customers * COMPLAINTS_PER_CUSTOMER))


def load_complaints_scale(
    total_customers: int, *, stores: int, report: Callable[[str], None] = print, now: datetime | None = None
) -> dict:
    """Complaints with their milestones, departments, breaches, ledger and transitions (see the module)."""
    started = time.monotonic()
    now = now or timezone.now()
    total = complaints_wanted(total_customers)
    password = make_password(STAFF_PASSWORD)
    groups = {g.name: g for g in Group.objects.filter(name__in=[Role.DEPARTMENT_HEAD, *[r for r, *_ in STAFF]])}
    plan = []
    for index in range(stores):
        with transaction.atomic():
            store = Store.objects.get(code=STORE_CODE.format(index + 1))
            size = total // stores + (1 if index < total % stores else 0)
            plan.append(_StorePlan(store, _staff(store, password, groups), size))
    report(f"complaints: staff of {stores} stores in {time.monotonic() - started:.1f} s")
    rounds = -(-plan[0].complaints // ROUND)
    done = -(-Complaint.objects.filter(store=plan[0].store).filter(round=1).count() // ROUND)
    totals = {"complaints": 0, "milestones": 0, "breaches": 0}
    for number in range(done, rounds):
        round_started = time.monotonic()
        with transaction.atomic():
            counts = _load_round(plan, number, now)
        for key in totals:
            totals[key] += counts[key]
        report(
            f"complaints round {number + 1}/{rounds}: {counts['complaints']} complaints, {counts['milestones']} "
            f"milestones, {counts['breaches']} breaches in {time.monotonic() - round_started:.1f} s"
        )
    if connection.vendor == "postgresql":
        tables = [m._meta.db_table for m in (Complaint, Milestone, Breach, TimerEvent, Transition)]
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
    result = {"rounds_loaded": rounds - done, "rounds_skipped": done, **totals}
    result["seconds"] = time.monotonic() - started
    report(
        f"Complaints scale data: {result['rounds_loaded']} rounds loaded, {done} already there "
        f"({totals['complaints']} complaints, {totals['milestones']} milestones), {result['seconds']:.1f} s"
    )
    return result


class _StorePlan:
    """What a store's complaints are drawn from: its people, departments, customers, policy and route templates."""

    def __init__(self, store: Store, staff: dict, complaints: int):
        self.store, self.staff, self.complaints = store, staff, complaints
        self.policy = PolicySet.objects.filter(store=store).order_by("-version").first()
        self.departments = {d.kind: d for d in Department.objects.filter(store=store)}
        self.customers = list(Customer.objects.filter(store=store).order_by("pk").values_list("pk", flat=True)[:20000])
        self.warn_before = self.policy.value(routes.WARN_BEFORE)
        self.escalate_after = self.policy.value(routes.ESCALATE_TO_GM_AFTER)
        self.templates = {}
        for route in Route.values:
            for severity in Severity.values:
                for channel in Complaint.Channel.values:
                    probe = Complaint(store=store, policy=self.policy, route=route, severity=severity, channel=channel)
                    self.templates[route, severity, channel] = routes.template(probe)

    def owner(self, owner: str, department: Department, complaint: dict) -> int | None:
        if owner == Owner.CUSTOMER_SERVICE:
            return complaint["customer_service_id"]
        if owner == Owner.HANDLER and complaint["responsible_id"]:
            return complaint["responsible_id"]
        if owner in (Owner.DEPARTMENT_HEAD, Owner.HANDLER):
            return department.head_id
        return self.staff[OWNER_ROLES[owner]][0]


def _staff(store: Store, password: str, groups: dict) -> dict[str, list[int]]:
    """The people of a store a complaint passes through, by role; every handling department gets a head."""
    rng = random.Random(f"complaint-staff/{store.code}")
    departments = {kind: Department.objects.get_or_create(store=store, kind=kind)[0] for kind in HEADED}
    staff = {}
    for role, prefix, count, kind in STAFF:
        ids = []
        for n in range(1, count + 1):
            user, _created = User.objects.get_or_create(
                username=f"{prefix}-{store.code}" if n == 1 else f"{prefix}{n}-{store.code}",
                defaults={
                    "name": person_name(rng),
                    "store": store,
                    "department": departments[kind],
                    "password": password,
                },
            )
            user.groups.add(groups[role])
            ids.append(user.pk)
        staff[role] = ids
    for kind, department in departments.items():
        if department.head_id is None:
            head = staff[Role.AFTER_SALES_MANAGER][0] if kind == K.AFTER_SALES else None
            if kind == K.MANAGEMENT:
                head = staff[Role.GENERAL_MANAGER][0]
            if head is None:
                user, _created = User.objects.get_or_create(
                    username=f"head-{kind}-{store.code}",
                    defaults={"name": person_name(rng), "store": store, "department": department, "password": password},
                )
                head = user.pk
            User.objects.get(pk=head).groups.add(groups[Role.DEPARTMENT_HEAD])
            Department.objects.filter(pk=department.pk).update(head_id=head)
    staff["members"] = {
        kind: list(User.objects.filter(store=store, department__kind=kind).order_by("pk").values_list("pk", flat=True))
        for kind, _weight in HANDLING_DEPARTMENTS
    }
    return staff


# One complaint ---------------------------------------------------------------------------------------------------


@dataclass
class _Generated:
    """One complaint's rows before insertion (ids filled in as the tables are written)."""

    complaint: dict
    department: Department
    milestones: list[dict]
    entry: dict
    at_fault: list[int]
    transitions: list[dict]
    next_round: "_Generated | None" = None


def _pick(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _end_of_day(moment: datetime) -> datetime:
    return moment.astimezone(SHANGHAI).replace(hour=23, minute=59, second=59, microsecond=0)


def generate(rng: random.Random, p: _StorePlan, k: int, now: datetime, fate: str) -> _Generated:
    """Complaint k of the store. `fate`: "archived", "objected" (and continued in an archived second round) or
    "open" (at a stage of its route drawn here)."""
    route = Route.FRONT_DESK if rng.random() < 0.55 else Route.CALLBACK
    severity = rng.choices(Severity.values, [50, 40, 10])[0]
    written = route == Route.CALLBACK and rng.random() < 1 / 7
    channel = Complaint.Channel.WRITTEN if written else Complaint.Channel.FACE_TO_FACE
    department = p.departments[_pick(rng, HANDLING_DEPARTMENTS)]
    members = p.staff["members"][department.kind]
    complaint = {
        "store_id": p.store.pk,
        "row_version": 0,
        "customer_id": p.customers[(k * 7_919) % len(p.customers)],
        "vehicle_id": None,
        "repair_order_id": None,
        "sale_id": None,
        "source": Complaint.Source.LETTER if written else _pick(rng, SOURCES),
        "category": _pick(rng, CATEGORIES),
        "severity": severity,
        "channel": channel,
        "route": route,
        "description": rng.choice(WORDS),
        "technique": rng.choice(["mechanical", "mechanical", "body_paint"]) if department.kind == K.WORKSHOP else "",
        "customer_service_id": rng.choice(p.staff[Role.CUSTOMER_SERVICE]),
        "responsible_id": rng.choice(members) if route == Route.CALLBACK and members and rng.random() < 0.5 else None,
        "policy_id": p.policy.pk,
        "round": 1,
        "first_round_id": None,
        "previous_round_id": None,
    }
    complaint["logged_by_id"] = complaint["customer_service_id"]
    template = p.templates[route, severity, channel]
    groups = GROUPS[route]
    stage = rng.choice(STAGES[route][:-1]) if fate == "open" else None
    stop = {"archived": len(groups), "objected": groups.index([Kind.SATISFACTION_CALLBACK]) + 1}.get(fate)
    stop = STAGES[route].index(stage) if stop is None else stop
    raised, waited = _history_moment(rng, now), timedelta(minutes=5 + rng.random() * 600)
    state = rng.getstate()
    generated = _simulate(rng, p, complaint, department, template, raised, stop, now, fate)
    if fate == "open":
        # Place the open complaint so its last step lies `waited` before now, and draw the same steps from there.
        last = max([m["met_at"] for m in generated.milestones if m["met_at"]] or [raised])
        rng.setstate(state)
        generated = _simulate(rng, p, complaint, department, template, now - waited - (last - raised), stop, now, fate)
    if members and complaint["category"] == Complaint.Category.VALID and stop >= 2:
        generated.at_fault = [rng.choice(members)]
    if fate == "objected":
        callback = next(m for m in generated.milestones if m["kind"] == Kind.SATISFACTION_CALLBACK)
        generated.next_round = _simulate(
            rng, p, dict(complaint, round=2), department, template, callback["met_at"], len(groups), now, "second"
        )
        generated.next_round.at_fault = list(generated.at_fault)
    return generated


def month_start(now: datetime, months_back: int) -> datetime:
    """The first moment of the local month `months_back` before now's."""
    local = timezone.localtime(now, SHANGHAI)
    index = local.year * 12 + local.month - 1 - months_back
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=SHANGHAI)


def _history_moment(rng: random.Random, now: datetime) -> datetime:
    """A moment of the last MONTHS months: BIG_MONTH holds 10% of the complaints, SMALL_MONTH 1%, the rest alike;
    never later than 12 days ago, so an archived complaint's chain ends before now."""
    draw = rng.random()
    if draw < 0.10:
        back = BIG_MONTH
    elif draw < 0.11:
        back = SMALL_MONTH
    else:
        back = rng.choice([m for m in range(1, MONTHS + 1) if m not in (BIG_MONTH, SMALL_MONTH)])
    start, end = month_start(now, back), month_start(now, back - 1)
    return min(start + (end - start) * rng.random(), now - timedelta(days=12))


def _simulate(rng, p, complaint, department, template, raised, stop, now, fate) -> _Generated:
    """Walk the complaint's chain from `raised`, meeting the first `stop` groups of milestones; due times as
    complaints.deadlines sets them, a step late now and then (a breach, its warning and escalation)."""
    complaint = dict(complaint)
    route = complaint["route"]
    groups = GROUPS[route]
    dispatched = route == Route.CALLBACK or stop > groups.index([Kind.DISPATCH])
    milestones = []
    for step in template:
        if step.per_department and not dispatched:
            continue
        owned_by = department
        milestones.append(
            {
                "store_id": complaint["store_id"],
                "kind": step.kind,
                "department_id": department.pk if step.per_department else None,
                "sequence": step.sequence,
                "blocking": step.blocking,
                "owner_id": p.owner(step.owner, owned_by, complaint),
                "owner_role": OWNER_ROLES[step.owner],
                "anchor": f"{SAME_DEPARTMENT}{step.anchor}" if step.anchor_each else step.anchor,
                "duration": step.duration,
                "anchored_at": None,
                "due_at": None,
                "warn_at": None,
                "escalate_at": None,
                "met_at": None,
                "met_by_id": None,
                "warned_at": None,
                "breached_at": None,
                "escalated_at": None,
                "cancelled_at": None,
            }
        )
    by_kind = {m["kind"]: m for m in milestones}
    second_round = fate == "second"
    logged = raised if second_round else raised + timedelta(minutes=2 + rng.random() * 20)
    clock = logged
    for index, group in enumerate(groups[:stop]):
        for kind in group:
            milestone = by_kind.get(kind)
            if milestone is None:
                continue
            if second_round and kind == Kind.HAND_OVER:
                # A new round starts handed over at the objection (handling.open_next_round).
                _anchor(p, milestone, raised)
                milestone["met_at"], milestone["met_by_id"] = raised, complaint["customer_service_id"]
                continue
            anchor = _anchor_time(milestone, by_kind, raised)
            _anchor(p, milestone, anchor)
            clock = _meet(rng, milestone, max(clock, anchor), complaint)
        _side_steps(rng, p, milestones, by_kind, raised, clock, final=index == len(groups) - 1)
    if fate == "open" and stop < len(groups):
        # Within a stage of several steps (the handling), some are done and at least one is not.
        current = [by_kind[kind] for kind in groups[stop] if kind in by_kind]
        for milestone in current[: rng.randrange(len(current))]:
            anchor = _anchor_time(milestone, by_kind, raised)
            _anchor(p, milestone, anchor)
            clock = _meet(rng, milestone, max(clock, anchor), complaint)
    # What is open now: anchored when its anchor happened, warned/breached/escalated as the sweep would have.
    for milestone in milestones:
        if milestone["met_at"] is None and milestone["anchored_at"] is None:
            anchor = _anchor_time(milestone, by_kind, raised)
            if anchor is not None:
                _anchor(p, milestone, anchor)
    stage = STAGES[route][stop]
    if fate == "objected":
        stage = Stage.OBJECTED
        callback = by_kind[Kind.SATISFACTION_CALLBACK]["met_at"]
        for milestone in milestones:
            if milestone["met_at"] is None:
                milestone["cancelled_at"] = callback
    elif stage != Stage.ARCHIVED:
        for milestone in milestones:
            if milestone["met_at"] is None and milestone["due_at"] is not None:
                _as_swept(milestone, now)
    complaint.update(_form_fields(rng, complaint, by_kind, logged, stage))
    entry = _entry(complaint, department, by_kind)
    return _Generated(complaint, department, milestones, entry, [], _transitions(complaint, milestones, stage))


def _anchor_time(milestone: dict, by_kind: dict, raised: datetime) -> datetime | None:
    anchor = milestone["anchor"]
    if anchor == RAISED:
        return raised
    kind = anchor.removeprefix(SAME_DEPARTMENT)
    other = by_kind.get(kind)
    return other["met_at"] if other is not None else None


def _anchor(p: _StorePlan, milestone: dict, at: datetime) -> None:
    due = _end_of_day(at) if milestone["duration"] is None else at + milestone["duration"]
    milestone.update(anchored_at=at, due_at=due, warn_at=due - p.warn_before, escalate_at=due + p.escalate_after)


def _meet(rng: random.Random, milestone: dict, earliest: datetime, complaint: dict) -> datetime:
    """Meet the milestone after `earliest`: mostly in time, now and then late (then the sweep breached it)."""
    due = milestone["due_at"]
    if due > earliest and rng.random() >= LATE_SHARE:
        met = earliest + (due - earliest) * (0.1 + 0.8 * rng.random())
    else:
        met = max(earliest, due) + timedelta(minutes=10 + rng.random() * 60 * 16)
    milestone["met_at"] = met
    milestone["met_by_id"] = milestone["owner_id"] or complaint["customer_service_id"]
    _as_swept(milestone, met)
    return met


def _as_swept(milestone: dict, until: datetime) -> None:
    """What a sweep running every minute recorded on the milestone while it stayed open until `until`."""
    if milestone["warn_at"] < until and milestone["warn_at"] >= milestone["anchored_at"]:
        milestone["warned_at"] = milestone["warn_at"] + timedelta(seconds=30)
    if milestone["due_at"] + timedelta(seconds=30) < until:
        milestone["breached_at"] = milestone["due_at"] + timedelta(seconds=30)
        if milestone["escalate_at"] + timedelta(seconds=30) < until:
            milestone["escalated_at"] = milestone["escalate_at"] + timedelta(seconds=30)


def _side_steps(rng, p, milestones, by_kind, raised, clock, *, final: bool) -> None:
    """The steps that hold nothing up: the GM's instruction and the department's reply, once their anchor happened
    (always by the archive, otherwise four times in five)."""
    for milestone in milestones:
        if milestone["blocking"] or milestone["met_at"] is not None:
            continue
        anchor = _anchor_time(milestone, by_kind, raised)
        if anchor is None or (not final and rng.random() < 0.2):
            continue
        _anchor(p, milestone, anchor)
        _meet(rng, milestone, anchor, {"customer_service_id": None})


def _form_fields(rng, complaint: dict, by_kind: dict, logged: datetime, stage: str) -> dict:
    def met(kind):
        milestone = by_kind.get(kind)
        return milestone["met_at"] if milestone else None

    major = complaint["severity"] == Severity.MAJOR
    callback = met(Kind.SATISFACTION_CALLBACK)
    summary_done = met(Kind.SUMMARY) or (complaint["route"] == Route.CALLBACK and callback)
    closing = met(Kind.GM_FINAL)
    return {
        "raised_at": by_kind[Kind.HAND_OVER]["anchored_at"],
        "logged_at": logged,
        "stage": stage,
        "handed_over_at": met(Kind.HAND_OVER),
        "first_contact_at": met(Kind.FIRST_CONTACT) or met(Kind.FIRST_HANDLING),
        "supervisor_analysis": "已联系客户，确认问题属实" if met(Kind.FIRST_HANDLING) else "",
        "manager_analysis": "转相关部门处理" if met(Kind.DISPATCH) else "",
        "summary": "问题已处理，客户认可" if met(Kind.SUMMARY) else "",
        "plan": "免费返修并赠送一次保养" if summary_done or met(Kind.AGREEMENT) else "",
        "agreed_at": met(Kind.AGREEMENT),
        "verdict": (Complaint.Verdict.OBJECTED if stage == Stage.OBJECTED else Complaint.Verdict.ACCEPTED)
        if callback
        else "",
        "callback_result": ("客户仍不满意" if stage == Stage.OBJECTED else "客户满意") if callback else "",
        "improvement": "加强交车前检查" if summary_done else "",
        "loss": _pick(rng, LOSSES) if summary_done else "none",
        "root_cause": rng.choice(Complaint.RootCause.values) if summary_done else "",
        "training_action": "",
        "gm_instruction": "尽快处理，每日汇报" if met(Kind.GM_INSTRUCTION) else "",
        "gm_instructed_at": met(Kind.GM_INSTRUCTION),
        "gm_final_instruction": "同意归档" if closing else "",
        "gm_final_at": closing,
        "reported_to_oem_on": timezone.localdate(closing) if closing and major else None,
        "archived_at": met(Kind.ARCHIVE),
        "voided_at": None,
    }


def _entry(complaint: dict, department: Department, by_kind: dict) -> dict:
    results = [by_kind.get(kind) for kind in (Kind.DEPARTMENT_RESULT, Kind.AGREEMENT, Kind.HANDLED)]
    result_at = next((m["met_at"] for m in results if m and m["met_at"]), None)
    signed = by_kind.get(Kind.PLAN_SIGN_OFF)
    reply = by_kind.get(Kind.DEPARTMENT_REPLY)
    return {
        "department_id": department.pk,
        "result": "已处理" if result_at else "",
        "result_at": result_at,
        "signed_by_id": department.head_id if signed and signed["met_at"] else None,
        "signed_at": signed["met_at"] if signed else None,
        "reply": "处理结果及改善措施已回复" if reply and reply["met_at"] else "",
        "replied_at": reply["met_at"] if reply else None,
    }


def _transitions(complaint: dict, milestones: list[dict], stage: str) -> list[dict]:
    """History keeps "log" and "archive"; an open complaint every step of its chain."""
    route = complaint["route"]
    rows = [("log", Stage.LOGGED, Stage.LOGGED, complaint["logged_by_id"], complaint["logged_at"])]
    if stage == Stage.ARCHIVED:
        archive = next(m for m in milestones if m["kind"] == Kind.ARCHIVE)
        rows.append(("archive", Stage.ARCHIVING, Stage.ARCHIVED, archive["met_by_id"], archive["met_at"]))
    else:
        stages = STAGES[route]
        for index, group in enumerate(GROUPS[route][: stages.index(stage) if stage in stages else 0]):
            done = [m for m in milestones if m["kind"] in group and m["met_at"]]
            if not done:
                continue
            last = max(done, key=lambda m: m["met_at"])
            action = ACTIONS.get(group[0], "handling_done")
            rows.append((action, stages[index], stages[index + 1], last["met_by_id"], last["met_at"]))
        if stage == Stage.OBJECTED:
            callback = next(m for m in milestones if m["kind"] == Kind.SATISFACTION_CALLBACK)
            rows.append(
                ("callback_objected", Stage.CALLBACK, Stage.OBJECTED, callback["met_by_id"], callback["met_at"])
            )
    return [
        {"action": action, "from_stage": a, "to_stage": b, "by_id": by, "at": at, "note": ""}
        for action, a, b, by, at in rows
    ]


# A round of the load ---------------------------------------------------------------------------------------------


def _load_round(plan: list[_StorePlan], number: int, now: datetime) -> dict:
    generated = []
    for p in plan:
        rng = random.Random(f"{p.store.code}/complaints/{number}")
        for k in range(number * ROUND, min((number + 1) * ROUND, p.complaints)):
            draw = rng.random()
            fate = "open" if draw < OPEN_SHARE else "objected" if draw < OPEN_SHARE + OBJECTED_SHARE else "archived"
            generated.append(generate(rng, p, k, now, fate))
    return write(generated)


def write(generated: list[_Generated]) -> dict:
    """Insert the complaints (first rounds, then the rounds that continue them) and everything hanging off them."""
    counts = {"complaints": 0, "milestones": 0, "breaches": 0}
    _write_level(generated, counts)
    following = [g.next_round for g in generated if g.next_round is not None]
    for g in generated:
        if g.next_round is not None:
            g.next_round.complaint.update(first_round_id=g.complaint["id"], previous_round_id=g.complaint["id"])
    if following:
        _write_level(following, counts)
    return counts


def _write_level(generated: list[_Generated], counts: dict) -> None:
    ids = insert_rows(Complaint, [g.complaint for g in generated])
    for g, pk in zip(generated, ids, strict=True):
        g.complaint["id"] = pk
    insert_rows(ComplaintDepartment, [{**g.entry, "complaint_id": g.complaint["id"]} for g in generated], ids=False)
    at_fault = [(g.complaint["id"], person) for g in generated for person in g.at_fault]
    if at_fault:
        through = Complaint.at_fault.through
        through.objects.bulk_create([through(complaint_id=c, user_id=u) for c, u in at_fault], batch_size=5000)
    insert_rows(
        Transition, [{**t, "complaint_id": g.complaint["id"]} for g in generated for t in g.transitions], ids=False
    )
    milestones = [{**m, "complaint_id": g.complaint["id"]} for g in generated for m in g.milestones]
    for row, pk in zip(milestones, insert_rows(Milestone, milestones), strict=True):
        row["id"] = pk
    breaches, events = [], []
    owners = {}
    for row in milestones:
        if row["breached_at"] is not None:
            breaches.append(_breach(row, milestones, owners))
    is_open = {g.complaint["id"]: g.complaint["stage"] not in (Stage.ARCHIVED, Stage.OBJECTED) for g in generated}
    for row in milestones:
        events += _events(row, full=is_open[row["complaint_id"]])
    if breaches:
        insert_rows(Breach, breaches, ids=False)
    if events:
        insert_rows(TimerEvent, events, ids=False)
    counts["complaints"] += len(generated)
    counts["milestones"] += len(milestones)
    counts["breaches"] += len(breaches)


def _breach(row: dict, milestones: list[dict], owners: dict) -> dict:
    """Charged to the owner of the step that was open (the milestone's own owner in a generated chain)."""
    return {
        "store_id": row["store_id"],
        "milestone_id": row["id"],
        "complaint_id": row["complaint_id"],
        "due_at": row["due_at"],
        "noticed_at": row["breached_at"],
        "charged_to_id": row["owner_id"],
        "charged_department_id": row["department_id"],
        "charged_role": row["owner_role"],
        "reached_gm_at": row["escalated_at"],
    }


def _events(row: dict, *, full: bool) -> list[dict]:
    moments = []
    if full and row["due_at"] is not None:
        moments.append((TimerEvent.Kind.DUE_SET, row["due_at"], row["anchored_at"]))
    if full and row["warned_at"] is not None:
        moments.append((TimerEvent.Kind.WARNED, row["warn_at"], row["warned_at"]))
    if row["breached_at"] is not None:
        moments.append((TimerEvent.Kind.BREACHED, row["due_at"], row["breached_at"]))
    if row["escalated_at"] is not None:
        moments.append((TimerEvent.Kind.ESCALATED, row["escalate_at"], row["escalated_at"]))
    if full and row["met_at"] is not None:
        moments.append((TimerEvent.Kind.MET, row["due_at"], row["met_at"]))
    return [
        {
            "store_id": row["store_id"],
            "milestone_id": row["id"],
            "complaint_id": row["complaint_id"],
            "kind": kind,
            "scheduled_for": scheduled,
            "recorded_at": recorded,
            "note": "",
        }
        for kind, scheduled, recorded in moments
    ]


# The bench's due set ---------------------------------------------------------------------------------------------

BACKUP = "complaints_bench_due"
MARKS = "complaints_bench_marks"
# Rows a sweep and its fan-out add; restore_due deletes those written after make_due.
ADDED_BY_SWEEP = [Breach, TimerEvent, SweepRun, Notification, OutboundMessage]
RESTORED = ["anchored_at", "due_at", "warn_at", "escalate_at", "warned_at", "breached_at", "escalated_at"]


def make_due(count: int, *, due_at: datetime | None = None) -> int:
    """Make exactly `count` open milestones due: never met, breached or cancelled, due at `due_at` (default a
    minute ago). Whatever else the sweep would find within the hour (time has passed since the load: a step fallen
    due, a warning or an escalation to send) moves a day later. The state of every milestone changed and the newest
    row of every table a sweep writes are kept, for restore_due."""
    restore_due()
    now = timezone.now()
    due_at = due_at or now - timedelta(minutes=1)
    candidates = (
        Milestone.objects.filter(met_at=None, breached_at=None, cancelled_at=None)
        .exclude(complaint__stage__in=[Stage.ARCHIVED, Stage.OBJECTED])
        .order_by("due_at", "pk")
    )
    # Anchored ones first (the nearest due), then, if the open chains have too few, steps not started yet.
    anchored = list(candidates.exclude(due_at=None).values_list("pk", flat=True)[:count])
    unanchored = list(candidates.filter(due_at=None).values_list("pk", flat=True)[: count - len(anchored)])
    chosen = anchored + unanchored
    horizon = now + timedelta(hours=1)
    pending = Milestone.objects.filter(met_at=None, cancelled_at=None).filter(
        Q(breached_at=None, due_at__lte=horizon)
        | Q(breached_at=None, warned_at=None, warn_at__lte=horizon)
        | Q(breached_at__isnull=False, escalated_at=None, escalate_at__lte=horizon)
    )
    later = sorted(set(pending.values_list("pk", flat=True)) - set(chosen))
    columns = ", ".join(RESTORED)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {BACKUP} AS SELECT id, {columns} FROM complaints_milestone WHERE 1 = 0")
        cursor.execute(f"CREATE INDEX {BACKUP}_id ON {BACKUP} (id)")
        cursor.execute(f"CREATE TABLE {MARKS} (name varchar(100), last_id bigint)")
        for start in range(0, len(chosen + later), 10000):
            part = (chosen + later)[start : start + 10000]
            cursor.execute(
                f"INSERT INTO {BACKUP} SELECT id, {columns} FROM complaints_milestone WHERE id IN "
                f"({', '.join(['%s'] * len(part))})",
                part,
            )
        for model in ADDED_BY_SWEEP:
            table = model._meta.db_table
            cursor.execute(f"INSERT INTO {MARKS} SELECT %s, COALESCE(MAX(id), 0) FROM {table}", [table])
    warn_before = timedelta(minutes=30)
    for start in range(0, len(chosen), 10000):
        Milestone.objects.filter(pk__in=chosen[start : start + 10000]).update(
            anchored_at=due_at - timedelta(hours=2),
            due_at=due_at,
            warn_at=due_at - warn_before,
            escalate_at=due_at + timedelta(hours=12),
            warned_at=due_at - warn_before,
        )
    day = timedelta(days=1)
    for start in range(0, len(later), 10000):
        Milestone.objects.filter(pk__in=later[start : start + 10000]).update(
            due_at=F("due_at") + day, warn_at=F("warn_at") + day, escalate_at=F("escalate_at") + day
        )
    return len(chosen)


def restore_due() -> bool:
    """Undo make_due and whatever a sweep recorded since: False when there was nothing to restore."""
    tables = connection.introspection.table_names()
    if BACKUP not in tables:
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name, last_id FROM {MARKS}")
        marks = dict(cursor.fetchall())
    columns = ", ".join(f"{c} = (SELECT b.{c} FROM {BACKUP} b WHERE b.id = complaints_milestone.id)" for c in RESTORED)
    with transaction.atomic():
        # Ledger and breach rows first: they point at the milestones.
        for model in ADDED_BY_SWEEP:
            table = model._meta.db_table
            if table in marks:
                model.objects.filter(pk__gt=marks[table]).delete()
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE complaints_milestone SET {columns} WHERE id IN (SELECT id FROM {BACKUP})")
            cursor.execute(f"DROP TABLE {BACKUP}")
            cursor.execute(f"DROP TABLE {MARKS}")
    return True
