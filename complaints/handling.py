"""The complaint's state machine: one function per step (SPEC section 5).

Each step checks that the complaint is at the right stage (ValidationError → 422) and that the person owns the step
(PermissionDenied → 403), takes the row version the person's form was read at (two people on the same step: one wins,
the other gets the concurrent-edit message), meets its milestone and records a Transition — who, when, from which
stage to which, a note — which the complaint's page shows as its timeline.

    logged ──hand over──▶ A: first handling ─▶ dispatch ─▶ handling ─▶ summary ─┐
                          B: handling ───────────────────────────────────────────┤
    callback ◀───────────────────────────────────────────────────────────────────┘
    callback ──accepted──▶ GM final ─▶ archiving ─▶ archived
    callback ──objected──▶ objected, and a new round at handling (A: first handling)
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.models.catalog import JobType
from complaints import deadlines, routes
from complaints.models import (
    OPEN_STAGES,
    Appeal,
    Complaint,
    ComplaintDepartment,
    ContactAttempt,
    Milestone,
    Route,
    Severity,
    Stage,
    Transition,
)
from organization.concurrency import save_if_unchanged
from organization.messaging import notify, send_sms
from organization.models import OutboundMessage, User
from organization.policies import current_policy
from organization.roles import Role

Kind = Milestone.Kind


# Who may act ----------------------------------------------------------------------------------------------------


def heads(department) -> bool:
    return department is not None and department.head_id is not None


def is_head_of(user: User, department) -> bool:
    return department is not None and department.head_id == user.pk


def may_take(complaint: Complaint, user: User, owner: str, department=None) -> bool:
    """Whether `user` owns a step of `complaint` (`department`: the department it belongs to)."""
    if user.store_id != complaint.store_id or user.is_group_manager:
        return False
    if owner == routes.Owner.CUSTOMER_SERVICE:
        return Role.CUSTOMER_SERVICE in user.roles
    if owner == routes.Owner.HANDLER:
        department = department or deadlines.primary_department(complaint)
        return complaint.responsible_id == user.pk or is_head_of(user, department)
    if owner == routes.Owner.DEPARTMENT_HEAD:
        return is_head_of(user, department or deadlines.primary_department(complaint))
    return deadlines.OWNER_ROLES[owner] in user.roles


def require(complaint: Complaint, user: User, owner: str, *, stages, department=None) -> None:
    if not may_take(complaint, user, owner, department):
        raise PermissionDenied
    if complaint.stage not in stages:
        raise ValidationError(
            _("This step cannot be taken now: the complaint is at “%(stage)s”.")
            % {"stage": complaint.get_stage_display()},
            code="wrong_stage",
        )


def _step(complaint, *, by, expected_version, action, to_stage=None, changes=None, note="", now) -> Transition:
    """Save the complaint's changes if nobody wrote it since the form was read, and record the step."""
    from_stage = complaint.stage
    changes = dict(changes or {})
    if to_stage is not None:
        changes["stage"] = to_stage
    save_if_unchanged(complaint, expected_version, changes)
    return Transition.objects.create(
        complaint=complaint, action=action, from_stage=from_stage, to_stage=complaint.stage, by=by, at=now, note=note
    )


# Logging and hand-over ------------------------------------------------------------------------------------------


def least_busy_specialist(store) -> User | None:
    """The store's customer-service specialist following the fewest open complaints."""
    return (
        User.objects.filter(store=store)
        .with_role(Role.CUSTOMER_SERVICE)
        .annotate(following=Count("complaints_followed", filter=Q(complaints_followed__stage__in=OPEN_STAGES)))
        .order_by("following", "pk")
        .first()
    )


@transaction.atomic
def log_complaint(
    *,
    store,
    by: User,
    customer,
    source: str,
    category: str,
    severity: str,
    route: str,
    description: str,
    raised_at: datetime,
    channel: str = Complaint.Channel.FACE_TO_FACE,
    department=None,
    vehicle=None,
    repair_order=None,
    sale=None,
    technique: str = "",
    now: datetime | None = None,
) -> Complaint:
    """Start the tracking form. Customer service owns the hand-over; when an advisor or consultant found the
    complaint on their call, the least busy specialist does. Route B names the department it goes to."""
    now = now or timezone.now()
    if raised_at > now:
        raise ValidationError(_("A complaint cannot be raised in the future."), code="raised_in_future")
    if route == Route.CALLBACK and department is None:
        raise ValidationError(_("Choose the department the complaint goes to."), code="department_required")
    specialist = by if Role.CUSTOMER_SERVICE in by.roles else least_busy_specialist(store)
    if specialist is None:
        raise ValidationError(_("The store has no customer-service specialist to follow the complaint."))
    if not technique and repair_order is not None:
        technique = technique_of(repair_order)
    complaint = Complaint.objects.create(
        store=store,
        customer=customer,
        vehicle=vehicle or (repair_order.vehicle if repair_order else None),
        repair_order=repair_order,
        sale=sale,
        source=source,
        category=category,
        severity=severity,
        channel=channel,
        route=route,
        description=description,
        technique=technique,
        raised_at=raised_at,
        logged_at=now,
        logged_by=by,
        customer_service=specialist,
        policy=current_policy(store),
    )
    if department is not None:
        ComplaintDepartment.objects.create(complaint=complaint, department=department)
    deadlines.plan_milestones(complaint, now=now)
    Transition.objects.create(
        complaint=complaint, action="log", from_stage=Stage.LOGGED, to_stage=Stage.LOGGED, by=by, at=now
    )
    if severity == Severity.MAJOR:
        transaction.on_commit(lambda: tell_gm_of_major(complaint))
    return complaint


def technique_of(repair_order) -> str:
    """机电 or 钣喷 for the statistics, from the repair order's job type."""
    body = {JobType.BODY_AND_PAINT, JobType.INSURANCE_CLAIM}
    return Complaint.Technique.BODY_PAINT if repair_order.job_type in body else Complaint.Technique.MECHANICAL


def tell_gm_of_major(complaint: Complaint) -> None:
    """A major complaint reaches the GM as soon as it is logged: a notice and an SMS."""
    url = complaint.get_absolute_url()
    title = _("Major complaint %(number)s needs your instruction") % {"number": complaint.number}
    for gm in User.objects.filter(store=complaint.store).with_role(Role.GENERAL_MANAGER):
        notify([gm], title, body=complaint.description[:200], url=url)
        if gm.mobile:
            send_sms(
                store=complaint.store,
                to=gm.mobile,
                category=OutboundMessage.Category.STAFF_ALERT,
                template="staff_alert",
                params={"text": title},
            )


@transaction.atomic
def hand_over(complaint, *, by, expected_version, note="", now=None) -> Complaint:
    """Customer service hands the form on: route A to the front-desk supervisor, route B to the department manager."""
    now = now or timezone.now()
    require(complaint, by, routes.Owner.CUSTOMER_SERVICE, stages=[Stage.LOGGED])
    to_stage = Stage.FIRST_HANDLING if complaint.route == Route.FRONT_DESK else Stage.HANDLING
    _step(
        complaint,
        by=by,
        expected_version=expected_version,
        action="hand_over",
        to_stage=to_stage,
        changes={"handed_over_at": now},
        note=note,
        now=now,
    )
    deadlines.meet(complaint, Kind.HAND_OVER, by=by, now=now)
    return complaint


# Route A: first handling and dispatch ---------------------------------------------------------------------------


@transaction.atomic
def first_handling(complaint, *, by, expected_version, analysis, now=None) -> Complaint:
    """The front-desk supervisor confirms, analyzes and contacts the customer, then passes the form on."""
    now = now or timezone.now()
    require(complaint, by, routes.Owner.FRONT_DESK_SUPERVISOR, stages=[Stage.FIRST_HANDLING])
    _step(
        complaint,
        by=by,
        expected_version=expected_version,
        action="first_handling",
        to_stage=Stage.DISPATCH,
        changes={"supervisor_analysis": analysis},
        note=analysis,
        now=now,
    )
    deadlines.meet(complaint, Kind.FIRST_HANDLING, by=by, now=now)
    return complaint


@transaction.atomic
def dispatch(complaint, *, by, expected_version, departments, analysis, now=None) -> Complaint:
    """The after-sales manager reviews and sends the form to the departments involved."""
    now = now or timezone.now()
    require(complaint, by, routes.Owner.AFTER_SALES_MANAGER, stages=[Stage.DISPATCH])
    departments = list(departments)
    if not departments:
        raise ValidationError(_("Choose at least one department."), code="no_department")
    if any(d.store_id != complaint.store_id for d in departments):
        raise PermissionDenied
    _step(
        complaint,
        by=by,
        expected_version=expected_version,
        action="dispatch",
        to_stage=Stage.HANDLING,
        changes={"manager_analysis": analysis},
        note=", ".join(str(d.get_kind_display()) for d in departments),
        now=now,
    )
    ComplaintDepartment.objects.bulk_create(
        [ComplaintDepartment(complaint=complaint, department=d) for d in departments], ignore_conflicts=True
    )
    deadlines.plan_milestones(complaint, now=now, departments=departments)
    deadlines.meet(complaint, Kind.DISPATCH, by=by, now=now)
    return complaint


# Handling by the departments ------------------------------------------------------------------------------------


def _after_handling_step(complaint: Complaint, *, by, now) -> None:
    """Once every department's handling is done the form moves on: route A to the summary, B to the callback."""
    if complaint.stage == Stage.HANDLING and deadlines.handling_done(complaint):
        to_stage = Stage.SUMMARY if complaint.route == Route.FRONT_DESK else Stage.CALLBACK
        Complaint.objects.filter(pk=complaint.pk, stage=Stage.HANDLING).update(stage=to_stage)
        complaint.refresh_from_db(fields=["stage", "row_version"])
        Transition.objects.create(
            complaint=complaint, action="handling_done", from_stage=Stage.HANDLING, to_stage=to_stage, by=by, at=now
        )


@transaction.atomic
def assign_responsible(complaint, *, by, expected_version, person, now=None) -> Complaint:
    """The department manager names the responsible person (负责人), who then owns the contact and handling steps."""
    now = now or timezone.now()
    department = deadlines.primary_department(complaint)
    require(complaint, by, routes.Owner.DEPARTMENT_HEAD, stages=[Stage.HANDLING], department=department)
    if person.store_id != complaint.store_id or not person.is_active:
        raise ValidationError(_("Choose a staff member of this store."), code="wrong_person")
    _step(
        complaint,
        by=by,
        expected_version=expected_version,
        action="assign_responsible",
        changes={"responsible": person},
        note=str(person),
        now=now,
    )
    deadlines.hand_to(complaint, person)
    return complaint


@transaction.atomic
def log_contact(complaint, *, by, reached: bool, note="", now=None) -> ContactAttempt:
    """A call or visit to the customer. Only one that reached them meets the first-contact milestone."""
    now = now or timezone.now()
    first_handling = complaint.route == Route.FRONT_DESK and complaint.stage == Stage.FIRST_HANDLING
    owner = routes.Owner.FRONT_DESK_SUPERVISOR if first_handling else routes.Owner.HANDLER
    require(complaint, by, owner, stages=[Stage.FIRST_HANDLING, Stage.HANDLING])
    attempt = ContactAttempt.objects.create(complaint=complaint, by=by, at=now, reached=reached, note=note)
    if reached:
        if complaint.first_contact_at is None:
            Complaint.objects.filter(pk=complaint.pk, first_contact_at=None).update(first_contact_at=now)
            complaint.refresh_from_db(fields=["first_contact_at", "row_version"])
        deadlines.meet(complaint, Kind.FIRST_CONTACT, by=by, now=now)
        _after_handling_step(complaint, by=by, now=now)
    Transition.objects.create(
        complaint=complaint,
        action="contact" if reached else "contact_unreached",
        from_stage=complaint.stage,
        to_stage=complaint.stage,
        by=by,
        at=now,
        note=note,
    )
    return attempt


@transaction.atomic
def record_handling(complaint, *, by, expected_version, kind: str, result: str, now=None) -> Complaint:
    """Route B: the handler records a handling milestone — handled (result back to customer service), the
    agreement with the customer (the department manager), or handling finished (letter or SMS)."""
    now = now or timezone.now()
    if kind not in (Kind.HANDLED, Kind.AGREEMENT, Kind.FINISHED) or complaint.route != Route.CALLBACK:
        raise ValidationError(_("This complaint has no such step."), code="no_such_step")
    owner = routes.Owner.DEPARTMENT_HEAD if kind == Kind.AGREEMENT else routes.Owner.HANDLER
    require(complaint, by, owner, stages=[Stage.HANDLING])
    if not complaint.milestones.filter(kind=kind, cancelled_at=None).exists():
        raise ValidationError(_("This complaint has no such step."), code="no_such_step")
    changes = {"agreed_at": now, "plan": result} if kind == Kind.AGREEMENT else {}
    _step(complaint, by=by, expected_version=expected_version, action=kind, changes=changes, note=result, now=now)
    ComplaintDepartment.objects.filter(complaint=complaint, result_at=None).update(result=result, result_at=now)
    deadlines.meet(complaint, kind, by=by, now=now)
    _after_handling_step(complaint, by=by, now=now)
    return complaint


def _entry(complaint, department) -> ComplaintDepartment:
    entry = complaint.involved.filter(department=department).first()
    if entry is None:
        raise PermissionDenied
    return entry


@transaction.atomic
def department_result(complaint, *, by, expected_version, department, result, now=None) -> Complaint:
    """Route A: a department returns its result to the after-sales manager."""
    now = now or timezone.now()
    require(complaint, by, routes.Owner.DEPARTMENT_HEAD, stages=[Stage.HANDLING], department=department)
    entry = _entry(complaint, department)
    if entry.result_at is not None:
        raise ValidationError(_("This department's result is already recorded."), code="already_done")
    _step(complaint, by=by, expected_version=expected_version, action="department_result", note=result, now=now)
    ComplaintDepartment.objects.filter(pk=entry.pk).update(result=result, result_at=now)
    deadlines.meet(complaint, Kind.DEPARTMENT_RESULT, by=by, now=now, department=department)
    _after_handling_step(complaint, by=by, now=now)
    return complaint


@transaction.atomic
def sign_plan(complaint, *, by, expected_version, department, note="", now=None) -> Complaint:
    """The department head signs the handling plan (签字确认处理方案)."""
    now = now or timezone.now()
    require(complaint, by, routes.Owner.DEPARTMENT_HEAD, stages=[Stage.HANDLING, Stage.SUMMARY], department=department)
    entry = _entry(complaint, department)
    if entry.signed_at is not None:
        raise ValidationError(_("The plan is already signed for this department."), code="already_done")
    _step(complaint, by=by, expected_version=expected_version, action="sign_plan", note=note, now=now)
    ComplaintDepartment.objects.filter(pk=entry.pk).update(signed_by=by, signed_at=now)
    deadlines.meet(complaint, Kind.PLAN_SIGN_OFF, by=by, now=now, department=department)
    _after_handling_step(complaint, by=by, now=now)
    return complaint


@transaction.atomic
def department_reply(complaint, *, by, expected_version, department, reply, now=None) -> Complaint:
    """The department replies to customer service with its result and improvement measures (seed 004's 1 day)."""
    now = now or timezone.now()
    stages = [s for s in OPEN_STAGES if s not in (Stage.LOGGED, Stage.FIRST_HANDLING, Stage.DISPATCH)]
    require(complaint, by, routes.Owner.DEPARTMENT_HEAD, stages=stages, department=department)
    entry = _entry(complaint, department)
    if entry.replied_at is not None:
        raise ValidationError(_("This department has already replied."), code="already_done")
    _step(complaint, by=by, expected_version=expected_version, action="department_reply", note=reply, now=now)
    ComplaintDepartment.objects.filter(pk=entry.pk).update(reply=reply, replied_at=now)
    milestones = complaint.milestones.filter(kind=Kind.DEPARTMENT_REPLY)
    own = department if milestones.filter(department=department).exists() else None
    deadlines.meet(complaint, Kind.DEPARTMENT_REPLY, by=by, now=now, department=own)
    return complaint


# Summary and the closing steps -----------------------------------------------------------------------------------


@transaction.atomic
def summarize(complaint, *, by, expected_version, summary, now=None, **findings) -> Complaint:
    """Route A: the after-sales manager's summary, with the findings the statistics read
    (loss, root cause, improvement measures, training action)."""
    now = now or timezone.now()
    require(complaint, by, routes.Owner.AFTER_SALES_MANAGER, stages=[Stage.SUMMARY])
    allowed = {"loss", "root_cause", "improvement", "training_action", "plan"}
    _step(
        complaint,
        by=by,
        expected_version=expected_version,
        action="summary",
        to_stage=Stage.CALLBACK,
        changes={"summary": summary, **{k: v for k, v in findings.items() if k in allowed}},
        note=summary,
        now=now,
    )
    deadlines.meet(complaint, Kind.SUMMARY, by=by, now=now)
    return complaint


@transaction.atomic
def satisfaction_callback(
    complaint, *, by, expected_version, reached: bool, accepted: bool | None, result: str, now=None
) -> Complaint:
    """Customer service's closing call. Unreached: logged, not met. Accepted: on to the GM. Objected: this round
    closes and a new linked round goes back to the department manager (route A: the front-desk supervisor)."""
    now = now or timezone.now()
    require(complaint, by, routes.Owner.CUSTOMER_SERVICE, stages=[Stage.CALLBACK])
    if not reached:
        if accepted is not None:
            raise ValidationError(_("A verdict needs a customer who was reached."), code="verdict_needs_reached")
        ContactAttempt.objects.create(complaint=complaint, by=by, at=now, reached=False, note=result)
        _step(complaint, by=by, expected_version=expected_version, action="callback_unreached", note=result, now=now)
        return complaint
    if accepted is None:
        raise ValidationError(_("Record whether the customer accepts the result."), code="verdict_required")
    verdict = Complaint.Verdict.ACCEPTED if accepted else Complaint.Verdict.OBJECTED
    _step(
        complaint,
        by=by,
        expected_version=expected_version,
        action="callback_accepted" if accepted else "callback_objected",
        to_stage=Stage.GM_FINAL if accepted else Stage.OBJECTED,
        changes={"verdict": verdict, "callback_result": result},
        note=result,
        now=now,
    )
    deadlines.meet(complaint, Kind.SATISFACTION_CALLBACK, by=by, now=now)
    if not accepted:
        complaint.milestones.filter(met_at=None, cancelled_at=None).update(cancelled_at=now)
        open_next_round(complaint, by=by, now=now)
    return complaint


def open_next_round(complaint: Complaint, *, by, now: datetime) -> Complaint:
    """A new linked form, same route and severity, raised at the callback, with fresh deadlines; it starts handed
    over (the department manager, route A the front-desk supervisor, has it at once)."""
    following = Complaint.objects.create(
        store=complaint.store,
        customer=complaint.customer,
        vehicle=complaint.vehicle,
        repair_order=complaint.repair_order,
        sale=complaint.sale,
        source=complaint.source,
        category=complaint.category,
        severity=complaint.severity,
        channel=complaint.channel,
        route=complaint.route,
        description=complaint.callback_result or complaint.description,
        technique=complaint.technique,
        raised_at=now,
        logged_at=now,
        logged_by=by,
        customer_service=complaint.customer_service,
        responsible=complaint.responsible,
        policy=complaint.policy,
        stage=Stage.FIRST_HANDLING if complaint.route == Route.FRONT_DESK else Stage.HANDLING,
        handed_over_at=now,
        round=complaint.round + 1,
        first_round=complaint.first_round or complaint,
        previous_round=complaint,
    )
    following.at_fault.set(complaint.at_fault.all())
    if complaint.route == Route.CALLBACK:
        ComplaintDepartment.objects.bulk_create(
            [
                ComplaintDepartment(complaint=following, department_id=d)
                for d in complaint.departments.values_list("pk", flat=True)
            ]
        )
    deadlines.plan_milestones(following, now=now)
    deadlines.meet(following, Kind.HAND_OVER, by=by, now=now)
    Transition.objects.create(
        complaint=following,
        action="new_round",
        from_stage=Stage.LOGGED,
        to_stage=following.stage,
        by=by,
        at=now,
        note=complaint.number,
    )
    return following


@transaction.atomic
def gm_instruction(complaint, *, by, expected_version, instruction, now=None) -> Complaint:
    """The GM's instruction (批示) on a major complaint; the departments' work does not wait for it."""
    now = now or timezone.now()
    require(complaint, by, routes.Owner.GENERAL_MANAGER, stages=OPEN_STAGES)
    if not complaint.milestones.filter(kind=Kind.GM_INSTRUCTION, cancelled_at=None).exists():
        raise ValidationError(_("Only a major complaint waits for the GM's instruction."), code="not_major")
    _step(
        complaint,
        by=by,
        expected_version=expected_version,
        action="gm_instruction",
        changes={"gm_instruction": instruction, "gm_instructed_at": now},
        note=instruction,
        now=now,
    )
    deadlines.meet(complaint, Kind.GM_INSTRUCTION, by=by, now=now)
    return complaint


@transaction.atomic
def gm_final(complaint, *, by, expected_version, instruction, reported_to_oem_on: date | None = None, now=None):
    """The GM's final instruction after the customer accepted; the form is then archived the same day."""
    now = now or timezone.now()
    require(complaint, by, routes.Owner.GENERAL_MANAGER, stages=[Stage.GM_FINAL])
    if (
        reported_to_oem_on is None
        and complaint.severity == Severity.MAJOR
        and complaint.policy.value(routes.REPORT_MAJOR_TO_OEM)
    ):
        raise ValidationError(
            _("A major complaint is reported to the OEM region: enter the date it was reported."),
            code="report_to_oem",
        )
    _step(
        complaint,
        by=by,
        expected_version=expected_version,
        action="gm_final",
        to_stage=Stage.ARCHIVING,
        changes={"gm_final_instruction": instruction, "gm_final_at": now, "reported_to_oem_on": reported_to_oem_on},
        note=instruction,
        now=now,
    )
    deadlines.meet(complaint, Kind.GM_FINAL, by=by, now=now)
    return complaint


@transaction.atomic
def archive(complaint, *, by, expected_version, now=None) -> Complaint:
    """Customer service archives the form (the paper copy beside the electronic one)."""
    now = now or timezone.now()
    require(complaint, by, routes.Owner.CUSTOMER_SERVICE, stages=[Stage.ARCHIVING])
    _step(
        complaint,
        by=by,
        expected_version=expected_version,
        action="archive",
        to_stage=Stage.ARCHIVED,
        changes={"archived_at": now},
        now=now,
    )
    deadlines.meet(complaint, Kind.ARCHIVE, by=by, now=now)
    return complaint


@transaction.atomic
def reclassify(complaint, *, by, expected_version, severity: str, category: str, note: str, now=None) -> Complaint:
    """Change severity or category; open milestones are recomputed from their anchors and the reason recorded."""
    now = now or timezone.now()
    allowed = {Role.CUSTOMER_SERVICE, Role.AFTER_SALES_MANAGER, Role.GENERAL_MANAGER}
    if complaint.store_id != by.store_id or not allowed & by.roles:
        raise PermissionDenied
    if not complaint.is_open:
        raise ValidationError(_("A closed complaint cannot be reclassified."), code="closed")
    if not note.strip():
        raise ValidationError(_("Say why the complaint is reclassified."), code="reason_required")
    before = f"{complaint.get_severity_display()} / {complaint.get_category_display()}"
    _step(
        complaint,
        by=by,
        expected_version=expected_version,
        action="reclassify",
        changes={"severity": severity, "category": category},
        note=f"{before} → {complaint.get_severity_display()} / {complaint.get_category_display()}: {note}",
        now=now,
    )
    deadlines.reclassify(complaint, now=now, note=note[:200])
    if severity == Severity.MAJOR:
        transaction.on_commit(lambda: tell_gm_of_major(complaint))
    return complaint


@transaction.atomic
def name_staff_at_fault(complaint, *, by, expected_version, people, now=None) -> Complaint:
    """The managers handling the complaint name the staff at fault (责任人); named staff see it on their page."""
    now = now or timezone.now()
    involved_head = complaint.involved.filter(department__head=by).exists()
    managers = {Role.FRONT_DESK_SUPERVISOR, Role.AFTER_SALES_MANAGER, Role.GENERAL_MANAGER}
    if complaint.store_id != by.store_id or not (managers & by.roles or involved_head):
        raise PermissionDenied
    people = list(people)
    if any(p.store_id != complaint.store_id for p in people):
        raise ValidationError(_("Choose staff of this store."), code="wrong_person")
    _step(
        complaint,
        by=by,
        expected_version=expected_version,
        action="name_at_fault",
        note=", ".join(str(p) for p in people),
        now=now,
    )
    complaint.at_fault.set(people)
    return complaint


# Appeals -------------------------------------------------------------------------------------------------------


@transaction.atomic
def file_appeal(complaint, *, by, reason, now=None) -> Appeal:
    """The staff member at fault appeals to their own department head. Customer-facing deadlines do not pause."""
    now = now or timezone.now()
    if not complaint.at_fault.filter(pk=by.pk).exists():
        raise PermissionDenied
    head = by.department.head if by.department_id and by.department.head_id not in (None, by.pk) else by.superior
    if head is None:
        raise ValidationError(_("You have no department head to appeal to."), code="no_head")
    if Appeal.objects.filter(complaint=complaint, appellant=by, status__in=["filed", "with_gm"]).exists():
        raise ValidationError(_("Your appeal on this complaint is already waiting."), code="appeal_pending")
    appeal = Appeal.objects.create(
        store=complaint.store, complaint=complaint, appellant=by, head=head, reason=reason, filed_at=now
    )
    transaction.on_commit(
        lambda: notify(
            [head],
            _("Appeal on complaint %(number)s") % {"number": complaint.number},
            url=reverse("complaints:detail", args=[complaint.pk]),
        )
    )
    return appeal


@transaction.atomic
def forward_appeal(appeal: Appeal, *, by, expected_version, note, now=None) -> Appeal:
    """The department head takes the appeal to the GM with their note."""
    now = now or timezone.now()
    if appeal.head_id != by.pk:
        raise PermissionDenied
    if appeal.status != Appeal.Status.FILED:
        raise ValidationError(_("This appeal has already been taken on."), code="wrong_status")
    save_if_unchanged(
        appeal, expected_version, {"status": Appeal.Status.WITH_GM, "head_note": note, "forwarded_at": now}
    )
    transaction.on_commit(
        lambda: notify(
            User.objects.filter(store=appeal.store).with_role(Role.GENERAL_MANAGER),
            _("Appeal on complaint %(number)s waits for your ruling") % {"number": appeal.complaint.number},
            url=reverse("complaints:detail", args=[appeal.complaint_id]),
        )
    )
    return appeal


@transaction.atomic
def rule_appeal(appeal: Appeal, *, by, expected_version, upheld: bool, ruling: str, signature: str, now=None):
    """The GM rules, signing it. Upheld: the complaint (all its rounds) no longer counts in penalty statistics."""
    now = now or timezone.now()
    if Role.GENERAL_MANAGER not in by.roles or by.store_id != appeal.store_id:
        raise PermissionDenied
    if appeal.status != Appeal.Status.WITH_GM:
        raise ValidationError(_("Only an appeal taken to the GM can be ruled on."), code="wrong_status")
    if not signature.strip():
        raise ValidationError(_("Sign the ruling."), code="signature_required")
    status = Appeal.Status.UPHELD if upheld else Appeal.Status.REJECTED
    changes = {"status": status, "ruling": ruling, "ruled_by": by, "ruled_at": now, "signature": signature}
    save_if_unchanged(appeal, expected_version, changes)
    if upheld:
        first = appeal.complaint.first_round or appeal.complaint
        Complaint.objects.filter(Q(pk=first.pk) | Q(first_round=first), voided_at=None).update(voided_at=now)
    return appeal
