"""Every step of the complaint through its view: the owner takes it (and the timeline shows it), another role gets
403, the wrong stage 422, and a refusal saves nothing."""

from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from complaints import handling
from complaints.detail_views import ACTIONS
from complaints.models import Complaint, ContactAttempt, Milestone, Route, Severity, Stage, Transition

Kind = Milestone.Kind


# The complaint at each stage, taken there through complaints/handling.py.
def logged_a(cast, log):
    return log(route=Route.FRONT_DESK)


def logged_b(cast, log):
    return log(severity=Severity.GRUMBLE)


def handling_b(cast, log):
    complaint = logged_b(cast, log)
    handling.hand_over(complaint, by=cast.customer_service, expected_version=complaint.row_version)
    return complaint


def first_handling_a(cast, log):
    complaint = logged_a(cast, log)
    handling.hand_over(complaint, by=cast.customer_service, expected_version=complaint.row_version)
    return complaint


def dispatch_a(cast, log):
    complaint = first_handling_a(cast, log)
    handling.first_handling(complaint, by=cast.supervisor, expected_version=complaint.row_version, analysis="确认")
    return complaint


def handling_a(cast, log):
    complaint = dispatch_a(cast, log)
    handling.dispatch(
        complaint,
        by=cast.manager,
        expected_version=complaint.row_version,
        departments=[cast.workshop],
        analysis="车间处理",
    )
    return complaint


def summary_a(cast, log):
    complaint = handling_a(cast, log)
    head, workshop = cast.workshop_head, cast.workshop
    handling.department_result(
        complaint, by=head, expected_version=complaint.row_version, department=workshop, result="已返修"
    )
    handling.sign_plan(complaint, by=head, expected_version=complaint.row_version, department=workshop)
    return complaint


def callback_a(cast, log):
    complaint = summary_a(cast, log)
    handling.summarize(complaint, by=cast.manager, expected_version=complaint.row_version, summary="返修完成")
    return complaint


def gm_final_a(cast, log):
    complaint = callback_a(cast, log)
    handling.satisfaction_callback(
        complaint,
        by=cast.customer_service,
        expected_version=complaint.row_version,
        reached=True,
        accepted=True,
        result="满意",
    )
    return complaint


def archiving_a(cast, log):
    complaint = gm_final_a(cast, log)
    handling.gm_final(complaint, by=cast.gm, expected_version=complaint.row_version, instruction="归档")
    return complaint


def archived_a(cast, log):
    complaint = archiving_a(cast, log)
    handling.archive(complaint, by=cast.customer_service, expected_version=complaint.row_version)
    return complaint


def major_a(cast, log):
    return log(route=Route.FRONT_DESK, severity=Severity.MAJOR)


@dataclass
class Case:
    step: str  # the URL name
    ready: object  # builds the complaint at the step's stage
    who: str  # the owner (an attribute of the cast)
    wrong: str  # a person whose role does not own the step
    data: object  # the form, given the cast
    action: str  # the Transition it records
    done: object  # what the step changed, checked on the reloaded complaint
    not_now: object = None  # the complaint at a stage where the step cannot be taken
    extra: dict = field(default_factory=dict)


def dept(cast):
    return cast.workshop.pk


CASES = [
    Case(
        "hand_over",
        logged_a,
        "customer_service",
        "supervisor",
        lambda c: {"note": "交前台主管"},
        "hand_over",
        lambda complaint, c: complaint.stage == Stage.FIRST_HANDLING,
        first_handling_a,
    ),
    Case(
        "first_handling",
        first_handling_a,
        "supervisor",
        "manager",
        lambda c: {"analysis": "确认异响"},
        "first_handling",
        lambda complaint, c: complaint.stage == Stage.DISPATCH and complaint.supervisor_analysis == "确认异响",
        logged_a,
    ),
    Case(
        "dispatch",
        dispatch_a,
        "manager",
        "supervisor",
        lambda c: {"departments": [c.workshop.pk, c.after_sales.pk], "analysis": "两部门处理"},
        "dispatch",
        lambda complaint, c: complaint.stage == Stage.HANDLING and complaint.involved.count() == 2,
        logged_a,
    ),
    Case(
        "assign_responsible",
        handling_b,
        "workshop_head",
        "customer_service",
        lambda c: {"person": c.technician.pk},
        "assign_responsible",
        lambda complaint, c: complaint.responsible == c.technician,
        logged_b,
    ),
    Case(
        "contact",
        handling_b,
        "workshop_head",
        "customer_service",  # passes the role check (a responsible person may hold any role), not the step's owner
        lambda c: {"reached": "yes", "note": "已电话联系"},
        "contact",
        lambda complaint, c: complaint.first_contact_at is not None,
        logged_b,
    ),
    Case(
        "record_handling",
        handling_b,
        "workshop_head",
        "customer_service",
        lambda c: {"kind": Kind.HANDLED, "result": "已重新洗车"},
        "handled",
        lambda complaint, c: complaint.milestones.get(kind=Kind.HANDLED).met_at is not None,
        logged_b,
    ),
    Case(
        "department_result",
        handling_a,
        "workshop_head",
        "manager",
        lambda c: {"department": dept(c), "result": "已返修"},
        "department_result",
        lambda complaint, c: complaint.involved.get().result == "已返修",
        logged_b,
    ),
    Case(
        "sign_plan",
        handling_a,
        "workshop_head",
        "manager",
        lambda c: {"department": dept(c), "note": ""},
        "sign_plan",
        lambda complaint, c: complaint.involved.get().signed_by == c.workshop_head,
        logged_b,
    ),
    Case(
        "department_reply",
        handling_a,
        "workshop_head",
        "customer_service",
        lambda c: {"department": dept(c), "reply": "加强质检"},
        "department_reply",
        lambda complaint, c: complaint.involved.get().reply == "加强质检",
        logged_b,
    ),
    Case(
        "summarize",
        summary_a,
        "manager",
        "supervisor",
        lambda c: {
            "summary": "返修完成",
            "plan": "免费返修",
            "loss": "implicit",
            "root_cause": "process",
            "improvement": "复检",
            "training_action": "培训",
        },
        "summary",
        lambda complaint, c: complaint.stage == Stage.CALLBACK and complaint.loss == "implicit",
        logged_a,
    ),
    Case(
        "satisfaction_callback",
        callback_a,
        "customer_service",
        "manager",
        lambda c: {"reached": "yes", "accepted": "yes", "result": "满意"},
        "callback_accepted",
        lambda complaint, c: complaint.stage == Stage.GM_FINAL and complaint.verdict == "accepted",
        logged_a,
    ),
    Case(
        "gm_instruction",
        major_a,
        "gm",
        "manager",
        lambda c: {"instruction": "三天内解决"},
        "gm_instruction",
        lambda complaint, c: complaint.gm_instruction == "三天内解决",
        logged_a,  # a general complaint waits for no instruction
    ),
    Case(
        "gm_final",
        gm_final_a,
        "gm",
        "manager",
        lambda c: {"instruction": "同意归档", "reported_to_oem_on": ""},
        "gm_final",
        lambda complaint, c: complaint.stage == Stage.ARCHIVING,
        logged_a,
    ),
    Case(
        "archive",
        archiving_a,
        "customer_service",
        "gm",
        lambda c: {},
        "archive",
        lambda complaint, c: complaint.stage == Stage.ARCHIVED,
        logged_a,
    ),
    Case(
        "reclassify",
        logged_a,
        "customer_service",
        "supervisor",
        lambda c: {"severity": "major", "category": "valid", "note": "客户要求媒体曝光"},
        "reclassify",
        lambda complaint, c: complaint.severity == Severity.MAJOR,
        archived_a,
    ),
    Case(
        "name_at_fault",
        handling_a,
        "manager",
        "customer_service",
        lambda c: {"people": [c.technician.pk]},
        "name_at_fault",
        lambda complaint, c: list(complaint.at_fault.all()) == [c.technician],
    ),
    Case(
        "findings",
        logged_a,
        "manager",
        "supervisor",
        lambda c: {"loss": "explicit", "root_cause": "personal_ability", "improvement": "", "training_action": ""},
        "findings",
        lambda complaint, c: complaint.loss == "explicit",
    ),
]
IDS = [case.step for case in CASES]


def post(client, case, complaint, data, **headers):
    url = reverse(f"complaints:{case.step}", args=[complaint.pk])
    return client.post(url, {"row_version": complaint.row_version, **data}, **headers)


def snapshot(complaint):
    complaint = Complaint.objects.get(pk=complaint.pk)
    return (
        complaint.row_version,
        complaint.stage,
        Transition.objects.count(),
        ContactAttempt.objects.count(),
        Milestone.objects.exclude(met_at=None).count(),
    )


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_owner_takes_the_step_and_the_timeline_shows_it(case, cast, log, client_of):
    complaint = case.ready(cast, log)
    response = post(client_of(getattr(cast, case.who)), case, complaint, case.data(cast))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url == reverse("complaints:detail", args=[complaint.pk])
    reloaded = Complaint.objects.get(pk=complaint.pk)
    assert case.done(reloaded, cast)
    assert reloaded.transitions.filter(action=case.action, by=getattr(cast, case.who)).exists()
    page = client_of(getattr(cast, case.who)).get(response.url).content.decode()
    timeline = page[page.index('id="timeline"') :]
    assert escape(str(ACTIONS[case.action])) in timeline


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_another_role_gets_403_and_nothing_is_saved(case, cast, log, client_of):
    complaint = case.ready(cast, log)
    before = snapshot(complaint)
    response = post(client_of(getattr(cast, case.wrong)), case, complaint, case.data(cast))
    assert response.status_code == 403
    assert snapshot(complaint) == before


@pytest.mark.parametrize("case", [case for case in CASES if case.not_now], ids=lambda case: case.step)
def test_at_the_wrong_stage_the_input_comes_back_with_the_reason(case, cast, log, client_of):
    complaint = case.not_now(cast, log)
    before = snapshot(complaint)
    response = post(client_of(getattr(cast, case.who)), case, complaint, case.data(cast))
    assert response.status_code == 422
    assert 'class="alert alert-danger"' in response.content.decode()
    assert snapshot(complaint) == before


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_another_store_s_complaint_is_404(case, cast, log, client_of, staff, other_store):
    complaint = case.ready(cast, log)
    outsider = staff(*getattr(cast, case.who).roles, store=other_store)
    before = snapshot(complaint)
    assert post(client_of(outsider), case, complaint, case.data(cast)).status_code == 404
    assert snapshot(complaint) == before


@pytest.mark.parametrize("step", ["department_result", "sign_plan", "department_reply", "assign_responsible"])
def test_the_head_of_another_department_gets_404(step, cast, log, client_of):
    case = next(case for case in CASES if case.step == step)
    complaint = case.ready(cast, log)
    before = snapshot(complaint)
    assert post(client_of(cast.sales_head), case, complaint, case.data(cast)).status_code == 404
    assert snapshot(complaint) == before


def test_with_htmx_the_complaint_s_part_comes_back_in_place(cast, log, client_of):
    complaint = first_handling_a(cast, log)
    case = next(case for case in CASES if case.step == "first_handling")
    response = post(client_of(cast.supervisor), case, complaint, case.data(cast), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<div id="complaint">') and "<html" not in body
    refused = post(client_of(cast.supervisor), case, complaint, case.data(cast), HTTP_HX_REQUEST="true")
    assert refused.status_code == 422 and 'id="step-first_handling"' in refused.content.decode()


def test_two_people_on_the_same_step_one_wins_the_other_gets_the_message(cast, log, client_of):
    complaint = logged_a(cast, log)
    case = next(case for case in CASES if case.step == "reclassify")
    first = post(client_of(cast.customer_service), case, complaint, case.data(cast))
    other = {"severity": "grumble", "category": "vague", "note": "只是抱怨"}
    second = post(client_of(cast.manager), case, complaint, other)
    assert first.status_code == 302
    assert second.status_code == 422
    message = gettext("Someone else changed this record while you were editing it. Reload the page and try again.")
    body = second.content.decode()
    assert escape(message) in body and "只是抱怨" in body  # the reason, and the person's input
    reloaded = Complaint.objects.get(pk=complaint.pk)
    assert reloaded.severity == Severity.MAJOR and reloaded.transitions.filter(action="reclassify").count() == 1


def test_a_step_someone_took_meanwhile_is_refused_with_the_person_s_input(cast, log, client_of, staff):
    complaint = callback_a(cast, log)
    colleague = staff(*cast.customer_service.roles)
    case = next(case for case in CASES if case.step == "satisfaction_callback")
    first = post(client_of(cast.customer_service), case, complaint, case.data(cast))
    second = post(client_of(colleague), case, complaint, {"reached": "yes", "accepted": "no", "result": "不满意"})
    assert (first.status_code, second.status_code) == (302, 422)
    assert "不满意" in second.content.decode()
    reloaded = Complaint.objects.get(pk=complaint.pk)
    assert reloaded.verdict == "accepted" and not Complaint.objects.filter(previous_round=complaint).exists()
