"""The complaint's page: the tracking form, its milestones and timeline, the form of each step the person may take
now (posted one URL per step: the step is taken, or the person's input comes back with the reason, 422), and the
printable form (《客户投诉处理跟踪表》)."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from complaints import deadlines, findings, fines, handling, routes, step_forms
from complaints.fine_forms import ExplicitLossForm, explicit_loss_payers
from complaints.models import OPEN_STAGES, Complaint, Fine, Milestone, Route, Stage
from complaints.roles import (
    ANSWER_FOR_DEPARTMENT,
    CONTACT_CUSTOMER,
    CUSTOMER_SERVICE_STEPS,
    FIRST_HANDLING_STEPS,
    GM_STEPS,
    MANAGER_STEPS,
    NAME_STAFF_AT_FAULT,
    READ_COMPLAINT,
    RECLASSIFY,
    RECORD_FINDINGS,
    RECORD_FINES,
)
from complaints.visibility import complaints_visible_to
from organization.roles import role_required

Owner = routes.Owner
Kind = Milestone.Kind

# The timeline's words for the actions complaints/handling.py records.
ACTIONS = {
    "log": _("Logged"),
    "hand_over": _("Handed over"),
    "first_handling": _("First handling"),
    "dispatch": _("Dispatched to the departments"),
    "assign_responsible": _("Responsible person assigned"),
    "contact": _("Customer contacted"),
    "contact_unreached": _("Customer not reached"),
    "handled": _("Handled, result back to customer service"),
    "agreement": _("Agreement with the customer"),
    "finished": _("Handling finished"),
    "handling_done": _("Departments' handling done"),
    "department_result": _("Department's result"),
    "sign_plan": _("Plan signed"),
    "department_reply": _("Department's reply"),
    "summary": _("Summary"),
    "callback_unreached": _("Satisfaction callback: not reached"),
    "callback_accepted": _("Satisfaction callback: accepted"),
    "callback_objected": _("Satisfaction callback: objected"),
    "new_round": _("New round"),
    "gm_instruction": _("GM's instruction"),
    "gm_final": _("GM's final instruction"),
    "archive": _("Archived"),
    "reclassify": _("Reclassified"),
    "name_at_fault": _("Staff at fault named"),
    "findings": _("Findings corrected"),
}


@dataclass
class Step:
    """One step's form on the page: its URL name (complaints:<name>), title and form class."""

    name: str
    title: str
    form: type


# In the order of the tracking form.
STEPS = [
    Step("hand_over", _("Hand over"), step_forms.HandOverForm),
    Step("first_handling", _("First handling"), step_forms.FirstHandlingForm),
    Step("dispatch", _("Review and dispatch"), step_forms.DispatchForm),
    Step("assign_responsible", _("Assign the responsible person"), step_forms.AssignResponsibleForm),
    Step("contact", _("Log a contact with the customer"), step_forms.ContactForm),
    Step("record_handling", _("Record a handling milestone"), step_forms.RecordHandlingForm),
    Step("department_result", _("Department's result"), step_forms.DepartmentResultForm),
    Step("sign_plan", _("Sign the handling plan"), step_forms.SignPlanForm),
    Step("department_reply", _("Reply to customer service"), step_forms.DepartmentReplyForm),
    Step("summarize", _("Summary"), step_forms.SummaryForm),
    Step("satisfaction_callback", _("Satisfaction callback"), step_forms.CallbackForm),
    Step("gm_instruction", _("GM's instruction"), step_forms.GmInstructionForm),
    Step("gm_final", _("GM's final instruction"), step_forms.GmFinalForm),
    Step("archive", _("Archive"), step_forms.ArchiveForm),
    Step("reclassify", _("Reclassify"), step_forms.ReclassifyForm),
    Step("name_at_fault", _("Name the staff at fault"), step_forms.AtFaultForm),
    Step("findings", _("Findings"), step_forms.FindingsForm),
]
STEP_BY_NAME = {step.name: step for step in STEPS}
DEPARTMENT_STAGES = [s for s in OPEN_STAGES if s not in (Stage.LOGGED, Stage.FIRST_HANDLING, Stage.DISPATCH)]


def _complaints(user):
    return complaints_visible_to(user).select_related(
        "store",
        "customer",
        "vehicle",
        "repair_order",
        "sale",
        "logged_by",
        "customer_service",
        "responsible",
        "policy",
        "first_round",
        "previous_round",
        "next_round",
    )


def _complaint(request, pk) -> Complaint:
    return get_object_or_404(_complaints(request.user), pk=pk)


def steps_open_to(complaint: Complaint, user, involved, open_kinds) -> list[str]:
    """The steps `user` may take on `complaint` now (complaints/handling.py decides again when one is posted)."""
    stage, route = complaint.stage, complaint.route

    def takes(owner, stages, department=None):
        return stage in stages and handling.may_take(complaint, user, owner, department)

    def heads(pending):
        return any(handling.is_head_of(user, entry.department) and pending(entry) for entry in involved)

    primary = involved[0].department if involved else None
    offered = {
        "hand_over": takes(Owner.CUSTOMER_SERVICE, [Stage.LOGGED]),
        "first_handling": takes(Owner.FRONT_DESK_SUPERVISOR, [Stage.FIRST_HANDLING]),
        "dispatch": takes(Owner.AFTER_SALES_MANAGER, [Stage.DISPATCH]),
        "assign_responsible": takes(Owner.DEPARTMENT_HEAD, [Stage.HANDLING], primary),
        "contact": takes(Owner.FRONT_DESK_SUPERVISOR, [Stage.FIRST_HANDLING])
        if route == Route.FRONT_DESK
        else takes(Owner.HANDLER, [Stage.HANDLING], primary),
        "record_handling": route == Route.CALLBACK
        and bool(open_kinds & set(step_forms.HANDLING_KINDS))
        and takes(Owner.HANDLER, [Stage.HANDLING], primary),  # the handler, or the head who owns the agreement
        "department_result": route == Route.FRONT_DESK
        and stage == Stage.HANDLING
        and heads(lambda entry: entry.result_at is None),
        "sign_plan": stage in (Stage.HANDLING, Stage.SUMMARY) and heads(lambda entry: entry.signed_at is None),
        "department_reply": stage in DEPARTMENT_STAGES and heads(lambda entry: entry.replied_at is None),
        "summarize": takes(Owner.AFTER_SALES_MANAGER, [Stage.SUMMARY]),
        "satisfaction_callback": takes(Owner.CUSTOMER_SERVICE, [Stage.CALLBACK]),
        "gm_instruction": Kind.GM_INSTRUCTION in open_kinds and takes(Owner.GENERAL_MANAGER, OPEN_STAGES),
        "gm_final": takes(Owner.GENERAL_MANAGER, [Stage.GM_FINAL]),
        "archive": takes(Owner.CUSTOMER_SERVICE, [Stage.ARCHIVING]),
        "reclassify": complaint.is_open and user.store_id == complaint.store_id and user.may_write(RECLASSIFY),
        "name_at_fault": user.store_id == complaint.store_id
        and (
            user.may_write(NAME_STAFF_AT_FAULT - ANSWER_FOR_DEPARTMENT)
            or any(handling.is_head_of(user, entry.department) for entry in involved)
        ),
        "findings": user.store_id == complaint.store_id and user.may_write(RECORD_FINDINGS),
    }
    return [name for name, allowed in offered.items() if allowed]


def milestone_state(milestone: Milestone, now) -> str:
    """The badge a milestone wears: met, breached, overdue, open (with a due time), waiting (no due time yet)."""
    if milestone.cancelled_at:
        return "cancelled"
    if milestone.met_at:
        return "met_late" if milestone.breached_at else "met"
    if milestone.breached_at:
        return "breached"
    if milestone.due_at is None:
        return "waiting"
    return "overdue" if milestone.due_at <= now else "open"


def step_form(name: str, *args, **kwargs):
    """The step's form, its field ids prefixed by the step: several forms on the page have the same fields."""
    return STEP_BY_NAME[name].form(*args, auto_id=f"id_{name}_%s", **kwargs)


def _initial(complaint: Complaint, name: str) -> dict:
    initial = {"row_version": complaint.row_version}
    if name == "reclassify":
        initial.update(severity=complaint.severity, category=complaint.category)
    elif name in ("findings", "summarize"):
        initial.update({field: getattr(complaint, field) for field in findings.FINDINGS})
    return initial


def _explicit_loss(complaint: Complaint, user, form=None) -> dict | None:
    """The explicit loss (显性) part of the page: the fines recorded for it (the store's GM and after-sales manager,
    the group user), and while the complaint names staff at fault, the form for the amounts of those not yet fined."""
    if complaint.loss != Complaint.Loss.EXPLICIT and form is None:
        return None
    records = user.may_write(RECORD_FINES) and user.store_id == complaint.store_id
    if not (records or user.is_group_manager):
        return None
    first = complaint.first_round or complaint
    recorded = list(
        Fine.objects.filter(kind=Fine.Kind.EXPLICIT_LOSS)
        .filter(Q(complaint=first) | Q(complaint__first_round=first))
        .select_related("person", "recorded_by")
        .order_by("recorded_at", "pk")
    )
    if form is None and records:
        fined = {fine.person_id for fine in recorded}
        payers = [(person, why) for person, why in explicit_loss_payers(complaint) if person.pk not in fined]
        if payers:
            form = ExplicitLossForm(payers=payers)
    return {"recorded": recorded, "form": form, "action": reverse("complaints:explicit_loss", args=[complaint.pk])}


def _page_context(
    request, complaint: Complaint, refused: tuple[str, object] | None = None, explicit_loss_form=None
) -> dict:
    user, now = request.user, timezone.now()
    involved = list(complaint.involved.select_related("department__head", "signed_by").order_by("pk"))
    milestones = list(complaint.milestones.select_related("owner", "department", "met_by").order_by("sequence", "pk"))
    open_kinds = {m.kind for m in milestones if m.is_open}
    forms = {
        name: step_form(name, initial=_initial(complaint, name), complaint=complaint)
        for name in steps_open_to(complaint, user, involved, open_kinds)
    }
    if refused is not None:
        forms[refused[0]] = refused[1]
    at_fault = list(complaint.at_fault.all())
    timeline = [(t.at, t.by, ACTIONS.get(t.action, t.action), t) for t in complaint.transitions.select_related("by")]
    timeline += [
        (c.at, c.by, gettext("Contact: reached") if c.reached else gettext("Contact: not reached"), c)
        for c in complaint.contacts.select_related("by")
    ]
    return {
        "complaint": complaint,
        "involved": involved,
        "milestones": [
            (m, milestone_state(m, now), deadlines.describe_due(m, now) if m.is_open else "") for m in milestones
        ],
        "timeline": sorted(timeline, key=lambda row: row[0]),
        "timer_events": complaint.timer_events.select_related("milestone__department").order_by("recorded_at", "pk"),
        "appeals": complaint.appeals.select_related("appellant", "head"),
        "at_fault": at_fault,
        "steps": [
            (step, forms[step.name], reverse(f"complaints:{step.name}", args=[complaint.pk]))
            for step in STEPS
            if step.name in forms
        ],
        "appeal_url": _appeal_url(complaint, user, at_fault),
        "explicit_loss": _explicit_loss(complaint, user, explicit_loss_form),
    }


def _appeal_url(complaint, user, at_fault) -> str:
    """The appeal form's URL for a person named at fault, once the appeal pages exist."""
    if user not in at_fault:
        return ""
    try:
        return reverse("complaints:appeal_file", args=[complaint.pk])
    except NoReverseMatch:
        return ""


def _render(request, complaint, *, status=200, refused=None, explicit_loss_form=None):
    """The whole page, or for htmx only the complaint's part, which the step forms swap."""
    template = "complaints/_complaint.html" if request.htmx else "complaints/detail.html"
    context = _page_context(request, complaint, refused, explicit_loss_form)
    return render(request, template, context, status=status)


@require_GET
@role_required(*READ_COMPLAINT)
def detail(request, pk):
    return _render(request, _complaint(request, pk))


@require_GET
@role_required(*READ_COMPLAINT)
def print_form(request, pk):
    """《客户投诉处理跟踪表》 on one A4 page."""
    complaint = _complaint(request, pk)
    context = {
        "complaint": complaint,
        "involved": complaint.involved.select_related("department", "signed_by").order_by("pk"),
        "milestones": complaint.milestones.filter(cancelled_at=None)
        .select_related("department")
        .order_by("sequence", "pk"),
        "at_fault": complaint.at_fault.all(),
    }
    return render(request, "complaints/print.html", context)


def _act(request, pk, name, act):
    """Take the step with the posted form and come back to the page; a refusal (wrong stage, a form read before
    someone else's step, bad input) shows the person's input again with the reason (422). A person who does not
    own the step gets 403 from complaints/handling.py."""
    complaint = _complaint(request, pk)
    form = step_form(name, request.POST, complaint=complaint)
    if form.is_valid():
        try:
            act(complaint, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.htmx:
                return _render(request, _complaint(request, pk))
            messages.success(request, gettext("Recorded: %(step)s.") % {"step": STEP_BY_NAME[name].title})
            return redirect("complaints:detail", pk)
    return _render(request, _complaint(request, pk), status=422, refused=(name, form))


def _version(data) -> dict:
    return {"expected_version": data["row_version"]}


@require_POST
@role_required(*CUSTOMER_SERVICE_STEPS, write=True)
def hand_over(request, pk):
    def act(complaint, data):
        handling.hand_over(complaint, by=request.user, note=data["note"], **_version(data))

    return _act(request, pk, "hand_over", act)


@require_POST
@role_required(*FIRST_HANDLING_STEPS, write=True)
def first_handling(request, pk):
    def act(complaint, data):
        handling.first_handling(complaint, by=request.user, analysis=data["analysis"], **_version(data))

    return _act(request, pk, "first_handling", act)


@require_POST
@role_required(*MANAGER_STEPS, write=True)
def dispatch(request, pk):
    def act(complaint, data):
        handling.dispatch(
            complaint, by=request.user, departments=data["departments"], analysis=data["analysis"], **_version(data)
        )

    return _act(request, pk, "dispatch", act)


@require_POST
@role_required(*ANSWER_FOR_DEPARTMENT, write=True)
def assign_responsible(request, pk):
    def act(complaint, data):
        handling.assign_responsible(complaint, by=request.user, person=data["person"], **_version(data))

    return _act(request, pk, "assign_responsible", act)


@require_POST
@role_required(*CONTACT_CUSTOMER, write=True)
def contact(request, pk):
    def act(complaint, data):
        reached = step_forms.ANSWERS[data["reached"]]
        handling.log_contact(complaint, by=request.user, reached=reached, note=data["note"])

    return _act(request, pk, "contact", act)


@require_POST
@role_required(*CONTACT_CUSTOMER, write=True)
def record_handling(request, pk):
    def act(complaint, data):
        handling.record_handling(complaint, by=request.user, kind=data["kind"], result=data["result"], **_version(data))

    return _act(request, pk, "record_handling", act)


@require_POST
@role_required(*ANSWER_FOR_DEPARTMENT, write=True)
def department_result(request, pk):
    def act(complaint, data):
        handling.department_result(
            complaint, by=request.user, department=data["department"], result=data["result"], **_version(data)
        )

    return _act(request, pk, "department_result", act)


@require_POST
@role_required(*ANSWER_FOR_DEPARTMENT, write=True)
def sign_plan(request, pk):
    def act(complaint, data):
        handling.sign_plan(
            complaint, by=request.user, department=data["department"], note=data["note"], **_version(data)
        )

    return _act(request, pk, "sign_plan", act)


@require_POST
@role_required(*ANSWER_FOR_DEPARTMENT, write=True)
def department_reply(request, pk):
    def act(complaint, data):
        handling.department_reply(
            complaint, by=request.user, department=data["department"], reply=data["reply"], **_version(data)
        )

    return _act(request, pk, "department_reply", act)


@require_POST
@role_required(*MANAGER_STEPS, write=True)
def summarize(request, pk):
    def act(complaint, data):
        found = {name: data[name] for name in (*findings.FINDINGS, "plan")}
        handling.summarize(complaint, by=request.user, summary=data["summary"], **found, **_version(data))

    return _act(request, pk, "summarize", act)


@require_POST
@role_required(*CUSTOMER_SERVICE_STEPS, write=True)
def satisfaction_callback(request, pk):
    def act(complaint, data):
        handling.satisfaction_callback(
            complaint,
            by=request.user,
            reached=step_forms.ANSWERS[data["reached"]],
            accepted=step_forms.ANSWERS[data["accepted"]],
            result=data["result"],
            **_version(data),
        )

    return _act(request, pk, "satisfaction_callback", act)


@require_POST
@role_required(*GM_STEPS, write=True)
def gm_instruction(request, pk):
    def act(complaint, data):
        handling.gm_instruction(complaint, by=request.user, instruction=data["instruction"], **_version(data))

    return _act(request, pk, "gm_instruction", act)


@require_POST
@role_required(*GM_STEPS, write=True)
def gm_final(request, pk):
    def act(complaint, data):
        handling.gm_final(
            complaint,
            by=request.user,
            instruction=data["instruction"],
            reported_to_oem_on=data["reported_to_oem_on"],
            **_version(data),
        )

    return _act(request, pk, "gm_final", act)


@require_POST
@role_required(*CUSTOMER_SERVICE_STEPS, write=True)
def archive(request, pk):
    def act(complaint, data):
        handling.archive(complaint, by=request.user, **_version(data))

    return _act(request, pk, "archive", act)


@require_POST
@role_required(*RECLASSIFY, write=True)
def reclassify(request, pk):
    def act(complaint, data):
        handling.reclassify(
            complaint,
            by=request.user,
            severity=data["severity"],
            category=data["category"],
            note=data["note"],
            **_version(data),
        )

    return _act(request, pk, "reclassify", act)


@require_POST
@role_required(*NAME_STAFF_AT_FAULT, write=True)
def name_at_fault(request, pk):
    def act(complaint, data):
        handling.name_staff_at_fault(complaint, by=request.user, people=data["people"], **_version(data))

    return _act(request, pk, "name_at_fault", act)


@require_POST
@role_required(*RECORD_FINDINGS, write=True)
def record_findings(request, pk):
    def act(complaint, data):
        found = {name: data[name] for name in findings.FINDINGS}
        findings.record_findings(complaint, by=request.user, **found, **_version(data))

    return _act(request, pk, "findings", act)


@require_POST
@role_required(*RECORD_FINES, write=True)
def explicit_loss(request, pk):
    """The GM or the after-sales manager enters what each payer owes for the complaint's explicit loss (seed 000);
    a person already fined for it, a complaint without an explicit loss or without staff at fault: 422."""
    complaint = _complaint(request, pk)
    payers = explicit_loss_payers(complaint)
    form = ExplicitLossForm(request.POST, payers=payers)
    if complaint.loss != Complaint.Loss.EXPLICIT:
        form.add_error(None, ValidationError(_("The complaint's loss is not explicit (显性)."), code="not_explicit"))
    elif not payers:
        form.add_error(None, ValidationError(_("Name the staff at fault first."), code="nobody_at_fault"))
    elif form.is_valid():
        try:
            fines.record_explicit_loss(complaint, form.amounts(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("The explicit loss is recorded."))
            return redirect("complaints:detail", pk)
    return _render(request, complaint, status=422, explicit_loss_form=form)
