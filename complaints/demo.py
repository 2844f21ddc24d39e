"""Demo complaints for `seed_demo`: both routes in every stage in the demo store, so each role's queue shows work
after `make run` — customer service has hand-overs, callbacks and archives; the front-desk supervisor a first
handling; the after-sales manager a dispatch and a summary; the workshop, sales and after-sales heads results,
sign-offs and a responsible person to name; the GM a final instruction and a major complaint waiting for the
instruction (批示); every other department head (parts, accessories, customer service) a complaint of their
department. Some steps were taken in time, some late, some are overdue now (the next sweep breaches them);
one complaint was appealed by the advisor named at fault, one continues in its second round after an objection.

Everything goes through complaints.handling with `now=` moments in the past, so the milestones' due and met times
are real. Idempotent: a store that already has complaints is left alone.
"""

from datetime import timedelta

from django.core.management import call_command, get_commands
from django.utils import timezone

from complaints import handling
from complaints.models import Complaint, Milestone, Route, Severity, Stage
from customers.models import Customer
from organization.models import Department

Kind = Milestone.Kind
ROUTE_A_STEPS = [Stage.LOGGED, Stage.FIRST_HANDLING, Stage.DISPATCH, Stage.HANDLING, Stage.SUMMARY, Stage.CALLBACK]
ROUTE_A_STEPS += [Stage.GM_FINAL, Stage.ARCHIVING, Stage.ARCHIVED]
ROUTE_B_STEPS = [Stage.LOGGED, Stage.HANDLING, Stage.CALLBACK, Stage.GM_FINAL, Stage.ARCHIVING, Stage.ARCHIVED]

# Route, stage to reach, severity, hours ago raised, hours between steps, department, what the customer said.
# Steps an hour or two apart stay in time; the ones marked "late" leave the open step overdue (or met late).
DEMO = [
    (Route.FRONT_DESK, Stage.LOGGED, Severity.GENERAL, 0.5, 1, "workshop", "保养后发动机仍有异响，要求解释"),
    (Route.FRONT_DESK, Stage.LOGGED, Severity.GRUMBLE, 3, 1, "workshop", "洗车不干净（late: hand-over overdue）"),
    (Route.FRONT_DESK, Stage.FIRST_HANDLING, Severity.GENERAL, 4, 0.5, "after_sales", "等待时间过长，未按承诺时间交车"),
    (Route.FRONT_DESK, Stage.DISPATCH, Severity.GENERAL, 22, 1, "workshop", "维修后故障灯再次点亮（late: dispatch）"),
    (Route.FRONT_DESK, Stage.HANDLING, Severity.MAJOR, 8, 1, "workshop", "刹车异响反复维修未解决，要求赔偿"),
    (Route.FRONT_DESK, Stage.HANDLING, Severity.GRUMBLE, 10, 1, "parts", "配件到货后没有及时通知客户"),
    (Route.FRONT_DESK, Stage.SUMMARY, Severity.GENERAL, 30, 3, "parts", "配件缺货，等待一周"),
    (Route.FRONT_DESK, Stage.CALLBACK, Severity.GRUMBLE, 50, 5, "after_sales", "结算金额与报价不符"),
    (Route.FRONT_DESK, Stage.GM_FINAL, Severity.GENERAL, 72, 8, "workshop", "钣喷色差明显"),
    (Route.FRONT_DESK, Stage.ARCHIVING, Severity.GRUMBLE, 96, 10, "after_sales", "服务顾问态度冷淡"),
    (Route.FRONT_DESK, Stage.ARCHIVED, Severity.GENERAL, 240, 6, "workshop", "更换轮胎后方向盘抖动"),
    (Route.FRONT_DESK, Stage.ARCHIVED, Severity.GRUMBLE, 400, 14, "after_sales", "预约后到店仍需排队（late steps）"),
    (Route.CALLBACK, Stage.LOGGED, Severity.GENERAL, 0.2, 1, "workshop", "回访时反映空调仍不制冷"),
    (Route.CALLBACK, Stage.HANDLING, Severity.GRUMBLE, 1, 0.2, "workshop", "回访时抱怨交车时车内有烟味"),
    (Route.CALLBACK, Stage.HANDLING, Severity.GENERAL, 5, 0.5, "sales", "新车交付时间一再推迟（late: first contact）"),
    (Route.CALLBACK, Stage.HANDLING, Severity.MAJOR, 1.5, 0.5, "workshop", "车辆维修后高速行驶中熄火，要求退车"),
    (Route.CALLBACK, Stage.HANDLING, Severity.GRUMBLE, 1, 0.3, "accessories", "加装的脚垫尺寸不合适"),
    (Route.CALLBACK, Stage.HANDLING, Severity.GRUMBLE, 0.8, 0.2, "customer_service", "回访电话过于频繁"),
    (Route.CALLBACK, Stage.CALLBACK, Severity.GENERAL, 30, 4, "workshop", "回访电话中表示更换的配件不是原厂件"),
    (Route.CALLBACK, Stage.GM_FINAL, Severity.GRUMBLE, 50, 8, "sales", "销售顾问承诺的赠品未兑现"),
    (Route.CALLBACK, Stage.ARCHIVING, Severity.GENERAL, 80, 8, "after_sales", "回访时反映保险理赔手续办理缓慢"),
    (Route.CALLBACK, Stage.ARCHIVED, Severity.GENERAL, 300, 10, "workshop", "保养项目多收费"),
    (Route.CALLBACK, Stage.ARCHIVED, Severity.GRUMBLE, 500, 30, "sales", "提车手续繁琐（late steps）"),
]
DEPARTMENTS = {"workshop": Department.Kind.WORKSHOP, "after_sales": Department.Kind.AFTER_SALES}
DEPARTMENTS |= {"parts": Department.Kind.PARTS, "sales": Department.Kind.SALES}
DEPARTMENTS |= {"accessories": Department.Kind.ACCESSORIES, "customer_service": Department.Kind.CUSTOMER_SERVICE}


def load_demo_complaints(store, users: dict) -> None:
    if Complaint.objects.filter(store=store).exists():
        return
    customers = list(Customer.objects.filter(store=store, anonymized_at=None).order_by("pk")[: len(DEMO) + 2])
    departments = {key: Department.objects.get(store=store, kind=kind) for key, kind in DEPARTMENTS.items()}
    now = timezone.now()
    made = []
    for index, (route, stage, severity, hours_ago, step_hours, department, words) in enumerate(DEMO):
        customer = customers[index % len(customers)]
        raised = now - timedelta(hours=hours_ago)
        complaint = handling.log_complaint(
            store=store,
            by=users["cs"],
            customer=customer,
            source=Complaint.Source.CALLBACK if route == Route.CALLBACK else Complaint.Source.WALK_IN,
            category=Complaint.Category.VAGUE if severity == Severity.GRUMBLE else Complaint.Category.VALID,
            severity=severity,
            route=route,
            description=words,
            raised_at=raised,
            department=departments[department] if route == Route.CALLBACK else None,
            vehicle=customer.vehicles.first(),
            now=raised + timedelta(minutes=5),
        )
        clock = _Clock(raised + timedelta(minutes=10), timedelta(hours=step_hours), now)
        advance(complaint, users, departments[department], stage, clock)
        made.append(complaint)
    _named_cases(store, users, departments, customers[-2:], now, made)
    if "enforce_deadlines" in get_commands():
        call_command("enforce_deadlines")


class _Clock:
    """The moments the demo's steps are taken: `step` apart, never later than a minute before now."""

    def __init__(self, start, step, now):
        self.at, self.step, self.now = start, step, now

    def next(self):
        moment = min(self.at, self.now - timedelta(minutes=1))
        self.at += self.step
        return moment


def advance(complaint: Complaint, users: dict, department, stage: str, clock: _Clock) -> Complaint:
    """Take the complaint's steps, as the people who own them, until it is at `stage`."""
    steps = ROUTE_A_STEPS if complaint.route == Route.FRONT_DESK else ROUTE_B_STEPS
    head = users_by_pk(users, department.head_id)
    while steps.index(complaint.stage) < steps.index(stage):
        take_next_step(complaint, users, department, head, clock)
        # The department replies with its improvement measures once its handling step is done.
        reply = complaint.milestones.filter(kind=Kind.DEPARTMENT_REPLY, met_at=None, cancelled_at=None)
        if complaint.stage != Stage.ARCHIVED and reply.exclude(due_at=None).exists():
            handling.department_reply(
                complaint,
                by=head,
                expected_version=complaint.row_version,
                department=department,
                reply="已组织班组学习，加强交车前检查",
                now=clock.next(),
            )
    return complaint


def users_by_pk(users: dict, pk):
    return next(user for user in users.values() if user.pk == pk)


def take_next_step(complaint: Complaint, users: dict, department, head, clock: _Clock) -> None:
    version = complaint.row_version
    stage = complaint.stage
    if stage == Stage.LOGGED:
        handling.hand_over(complaint, by=users["cs"], expected_version=version, now=clock.next())
        if complaint.severity == Severity.MAJOR and complaint.route == Route.FRONT_DESK:
            handling.gm_instruction(
                complaint,
                by=users["gm"],
                expected_version=complaint.row_version,
                instruction="售后经理牵头处理，每日汇报进展",
                now=clock.next(),
            )
    elif stage == Stage.FIRST_HANDLING:
        handling.first_handling(
            complaint,
            by=users["supervisor"],
            expected_version=version,
            analysis="已电话联系客户，问题属实",
            now=clock.next(),
        )
    elif stage == Stage.DISPATCH:
        handling.dispatch(
            complaint,
            by=users["asm"],
            expected_version=version,
            departments=[department],
            analysis="转责任部门处理",
            now=clock.next(),
        )
    elif stage == Stage.HANDLING and complaint.route == Route.FRONT_DESK:
        if complaint.milestones.filter(kind=Kind.DEPARTMENT_RESULT, met_at=None).exists():
            handling.department_result(
                complaint, by=head, expected_version=version, department=department, result="已返修", now=clock.next()
            )
        else:
            handling.sign_plan(complaint, by=head, expected_version=version, department=department, now=clock.next())
    elif stage == Stage.HANDLING:
        _route_b_handling(complaint, head, department, clock)
    elif stage == Stage.SUMMARY:
        handling.summarize(
            complaint,
            by=users["asm"],
            expected_version=version,
            summary="问题已解决，客户认可处理方案",
            loss=Complaint.Loss.IMPLICIT,
            root_cause=Complaint.RootCause.PROCESS,
            improvement="交车前增加复检环节",
            now=clock.next(),
        )
    elif stage == Stage.CALLBACK:
        handling.satisfaction_callback(
            complaint,
            by=users["cs"],
            expected_version=version,
            reached=True,
            accepted=True,
            result="客户对处理结果满意",
            now=clock.next(),
        )
    elif stage == Stage.GM_FINAL:
        moment = clock.next()
        handling.gm_final(
            complaint,
            by=users["gm"],
            expected_version=version,
            instruction="同意，归档",
            reported_to_oem_on=timezone.localdate(moment) if complaint.severity == Severity.MAJOR else None,
            now=moment,
        )
    elif stage == Stage.ARCHIVING:
        handling.archive(complaint, by=users["cs"], expected_version=version, now=clock.next())


def _route_b_handling(complaint: Complaint, head, department, clock: _Clock) -> None:
    """The department's steps: first contact, the handling milestones of its column, the plan signed."""
    if complaint.milestones.filter(kind=Kind.FIRST_CONTACT, met_at=None).exists():
        handling.log_contact(complaint, by=head, reached=True, note="已电话联系客户", now=clock.next())
        return
    for kind in (Kind.HANDLED, Kind.AGREEMENT, Kind.FINISHED):
        if complaint.milestones.filter(kind=kind, met_at=None, cancelled_at=None).exists():
            handling.record_handling(
                complaint,
                by=head,
                expected_version=complaint.row_version,
                kind=kind,
                result="与客户达成一致：免费返修并赠送保养一次",
                now=clock.next(),
            )
            return
    handling.sign_plan(
        complaint, by=head, expected_version=complaint.row_version, department=department, now=clock.next()
    )


def _named_cases(store, users, departments, customers, now, made) -> None:
    """A grumble with a responsible person, the advisor named at fault and appealing, a second round."""
    grumble = next(c for c in made if c.route == Route.CALLBACK and c.severity == Severity.GRUMBLE and c.is_open)
    handling.assign_responsible(
        grumble,
        by=users["workshop_head"],
        expected_version=grumble.row_version,
        person=users["tech"],
        now=now - timedelta(minutes=40),
    )
    appealed = next(c for c in made if c.route == Route.FRONT_DESK and c.stage == Stage.CALLBACK)
    handling.name_staff_at_fault(
        appealed,
        by=users["asm"],
        expected_version=appealed.row_version,
        people=[users["advisor"]],
        now=now - timedelta(hours=3),
    )
    handling.file_appeal(
        appealed,
        by=users["advisor"],
        reason="结算金额按系统报价执行，差额由客户临时加项产生，有签字的增项单为证",
        now=now - timedelta(hours=2),
    )
    # Objected at the callback: the first round closes, the second is with the workshop again.
    raised = now - timedelta(hours=60)
    objected = handling.log_complaint(
        store=store,
        by=users["cs"],
        customer=customers[0],
        source=Complaint.Source.CALLBACK,
        category=Complaint.Category.VALID,
        severity=Severity.GENERAL,
        route=Route.CALLBACK,
        description="维修后变速箱换挡顿挫",
        raised_at=raised,
        department=departments["workshop"],
        now=raised + timedelta(minutes=5),
    )
    clock = _Clock(raised + timedelta(minutes=10), timedelta(hours=4), now)
    advance(objected, users, departments["workshop"], Stage.CALLBACK, clock)
    handling.satisfaction_callback(
        objected,
        by=users["cs"],
        expected_version=objected.row_version,
        reached=True,
        accepted=False,
        result="客户表示换挡顿挫依旧，不接受处理结果",
        now=now - timedelta(hours=20),
    )
