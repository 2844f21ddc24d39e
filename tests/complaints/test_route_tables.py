"""Every cell of both route tables (SPEC section 5), driven through the steps as people take them, on a stopped clock.

The expected due times are literal timestamps, never read back from the policy defaults: if a default changes, these
tests say so.
"""

from datetime import datetime

import pytest

from complaints import handling
from complaints.models import Complaint, Milestone, Route, Severity, Stage
from tests.complaints.clock import SH, at

Kind = Milestone.Kind
WRITTEN = Complaint.Channel.WRITTEN
FACE = Complaint.Channel.FACE_TO_FACE


@pytest.fixture
def clock(time_machine):
    """clock("2026-11-27 17:40"): the server's time from now on (stopped)."""

    def move(text: str) -> datetime:
        time_machine.move_to(at(text), tick=False)
        return at(text)

    return move


def dues(complaint, department=None) -> dict:
    """{kind: local due time or None} of the complaint's live milestones (`department`'s for per-department ones)."""
    milestones = complaint.milestones.filter(cancelled_at=None)
    return {
        m.kind: m.due_at and m.due_at.astimezone(SH)
        for m in milestones
        if m.department_id is None or department is None or m.department_id == department.pk
    }


def milestone(complaint, kind, department=None):
    return complaint.milestones.get(kind=kind, department=department, cancelled_at=None)


# Route B: one column per severity, and the letter/SMS column taking the shorter limit -------------------------

FRIDAY_1740 = "2026-11-27 17:40"
ROUTE_B_AT_LOGGING = {
    (Severity.GRUMBLE, FACE): {
        Kind.HAND_OVER: at("2026-11-27 18:10"),
        Kind.FIRST_CONTACT: at("2026-11-27 19:40"),
        Kind.HANDLED: at("2026-11-28 17:40"),
        Kind.PLAN_SIGN_OFF: at("2026-11-28 17:40"),
        Kind.DEPARTMENT_REPLY: None,
        Kind.SATISFACTION_CALLBACK: at("2026-11-29 17:40"),
        Kind.GM_FINAL: None,
        Kind.ARCHIVE: None,
    },
    (Severity.GENERAL, FACE): {
        Kind.HAND_OVER: at("2026-11-27 18:10"),
        Kind.FIRST_CONTACT: at("2026-11-27 19:40"),
        Kind.AGREEMENT: at("2026-11-28 17:40"),
        Kind.PLAN_SIGN_OFF: at("2026-11-28 17:40"),
        Kind.DEPARTMENT_REPLY: None,
        Kind.SATISFACTION_CALLBACK: at("2026-11-29 17:40"),
        Kind.GM_FINAL: None,
        Kind.ARCHIVE: None,
    },
    (Severity.MAJOR, FACE): {
        Kind.HAND_OVER: at("2026-11-27 18:10"),
        Kind.GM_INSTRUCTION: None,  # counts from the hand-over
        Kind.FIRST_CONTACT: at("2026-11-28 17:40"),
        Kind.AGREEMENT: at("2026-11-29 17:40"),
        Kind.PLAN_SIGN_OFF: at("2026-11-29 17:40"),
        Kind.DEPARTMENT_REPLY: None,
        Kind.SATISFACTION_CALLBACK: at("2026-11-30 17:40"),
        Kind.GM_FINAL: None,
        Kind.ARCHIVE: None,
    },
    (Severity.GRUMBLE, WRITTEN): {
        Kind.HAND_OVER: at("2026-11-27 18:10"),
        Kind.FIRST_CONTACT: at("2026-11-27 19:40"),
        Kind.HANDLED: at("2026-11-28 17:40"),
        Kind.FINISHED: at("2026-11-29 17:40"),
        Kind.PLAN_SIGN_OFF: at("2026-11-28 17:40"),
        Kind.DEPARTMENT_REPLY: None,
        Kind.SATISFACTION_CALLBACK: at("2026-11-29 17:40"),
        Kind.GM_FINAL: None,
        Kind.ARCHIVE: None,
    },
    # A general letter: handled 24 h from the written column, the agreement 24 h from the severity's, finished 48 h.
    (Severity.GENERAL, WRITTEN): {
        Kind.HAND_OVER: at("2026-11-27 18:10"),
        Kind.FIRST_CONTACT: at("2026-11-27 19:40"),
        Kind.HANDLED: at("2026-11-28 17:40"),
        Kind.AGREEMENT: at("2026-11-28 17:40"),
        Kind.FINISHED: at("2026-11-29 17:40"),
        Kind.PLAN_SIGN_OFF: at("2026-11-28 17:40"),
        Kind.DEPARTMENT_REPLY: None,
        Kind.SATISFACTION_CALLBACK: at("2026-11-29 17:40"),
        Kind.GM_FINAL: None,
        Kind.ARCHIVE: None,
    },
    # A major letter: the shorter limit wins (first contact 2 h, not 24 h); the callback is the severity's 72 h.
    (Severity.MAJOR, WRITTEN): {
        Kind.HAND_OVER: at("2026-11-27 18:10"),
        Kind.GM_INSTRUCTION: None,
        Kind.FIRST_CONTACT: at("2026-11-27 19:40"),
        Kind.HANDLED: at("2026-11-28 17:40"),
        Kind.AGREEMENT: at("2026-11-29 17:40"),
        Kind.FINISHED: at("2026-11-29 17:40"),
        Kind.PLAN_SIGN_OFF: at("2026-11-29 17:40"),
        Kind.DEPARTMENT_REPLY: None,
        Kind.SATISFACTION_CALLBACK: at("2026-11-30 17:40"),
        Kind.GM_FINAL: None,
        Kind.ARCHIVE: None,
    },
}


@pytest.mark.parametrize(("severity", "channel"), list(ROUTE_B_AT_LOGGING), ids=lambda v: str(v))
def test_route_b_cells_at_logging_a_friday_evening(cast, log, clock, severity, channel):
    clock(FRIDAY_1740)
    complaint = log(severity=severity, channel=channel)
    assert dues(complaint) == ROUTE_B_AT_LOGGING[severity, channel]


def test_a_grumble_raised_friday_1740_runs_to_its_archive(cast, log, clock):
    clock("2026-11-27 17:50")
    complaint = log(severity=Severity.GRUMBLE, raised_at=at(FRIDAY_1740))
    assert dues(complaint)[Kind.FIRST_CONTACT] == at("2026-11-27 19:40")
    assert dues(complaint)[Kind.HANDLED] == at("2026-11-28 17:40")

    clock("2026-11-27 18:05")
    handling.hand_over(complaint, by=cast.customer_service, expected_version=complaint.row_version)
    assert milestone(complaint, Kind.HAND_OVER).met_at == at("2026-11-27 18:05")
    handling.assign_responsible(
        complaint, by=cast.workshop_head, expected_version=complaint.row_version, person=cast.technician
    )
    clock("2026-11-27 19:30")
    handling.log_contact(complaint, by=cast.technician, reached=False)
    assert milestone(complaint, Kind.FIRST_CONTACT).met_at is None  # an unreached attempt is logged, not counted
    clock("2026-11-27 19:55")
    handling.log_contact(complaint, by=cast.technician, reached=True)
    contact = milestone(complaint, Kind.FIRST_CONTACT)
    assert (contact.met_at, contact.due_at) == (at("2026-11-27 19:55"), at("2026-11-27 19:40"))  # met, late

    clock("2026-11-28 19:00")  # handled late: the reply still counts 24 h from when it was actually done
    handling.record_handling(
        complaint, by=cast.technician, expected_version=complaint.row_version, kind=Kind.HANDLED, result="重新洗车"
    )
    assert dues(complaint)[Kind.DEPARTMENT_REPLY] == at("2026-11-29 19:00")
    handling.sign_plan(
        complaint, by=cast.workshop_head, expected_version=complaint.row_version, department=cast.workshop
    )
    assert complaint.stage == Stage.CALLBACK

    clock("2026-11-29 10:00")
    handling.department_reply(
        complaint, by=cast.workshop_head, expected_version=complaint.row_version, department=cast.workshop, reply="整改"
    )
    handling.satisfaction_callback(
        complaint,
        by=cast.customer_service,
        expected_version=complaint.row_version,
        reached=True,
        accepted=True,
        result="满意",
    )
    assert dues(complaint)[Kind.GM_FINAL] == at("2026-11-30 10:00")
    clock("2026-11-30 08:15")
    handling.gm_final(complaint, by=cast.gm, expected_version=complaint.row_version, instruction="继续跟进")
    assert dues(complaint)[Kind.ARCHIVE] == at("2026-11-30 23:59:59")  # the end of the GM's day


def test_a_general_complaint_replies_24_hours_after_its_agreement_done_early(cast, log, clock):
    clock(FRIDAY_1740)
    complaint = log(severity=Severity.GENERAL)
    handling.hand_over(complaint, by=cast.customer_service, expected_version=complaint.row_version)
    clock("2026-11-27 18:30")
    handling.log_contact(complaint, by=cast.workshop_head, reached=True)
    clock("2026-11-28 09:15")  # agreed well before its 17:40 deadline
    handling.record_handling(
        complaint, by=cast.workshop_head, expected_version=complaint.row_version, kind=Kind.AGREEMENT, result="退款"
    )
    assert dues(complaint)[Kind.DEPARTMENT_REPLY] == at("2026-11-29 09:15")
    assert dues(complaint)[Kind.PLAN_SIGN_OFF] == at("2026-11-28 17:40")  # due with the agreement, still open
    assert complaint.stage == Stage.HANDLING


def test_a_general_letter_complaint_waits_for_handled_agreement_and_finished(cast, log, clock):
    clock(FRIDAY_1740)
    complaint = log(severity=Severity.GENERAL, channel=WRITTEN)
    handling.hand_over(complaint, by=cast.customer_service, expected_version=complaint.row_version)
    clock("2026-11-27 19:00")
    handling.log_contact(complaint, by=cast.workshop_head, reached=True)
    for kind, moment in ((Kind.HANDLED, "2026-11-28 10:00"), (Kind.AGREEMENT, "2026-11-28 12:00")):
        clock(moment)
        handling.record_handling(
            complaint, by=cast.workshop_head, expected_version=complaint.row_version, kind=kind, result="处理"
        )
    handling.sign_plan(
        complaint, by=cast.workshop_head, expected_version=complaint.row_version, department=cast.workshop
    )
    assert complaint.stage == Stage.HANDLING  # handling is not finished yet
    assert dues(complaint)[Kind.DEPARTMENT_REPLY] == at("2026-11-29 12:00")  # from the agreement
    clock("2026-11-29 16:00")
    handling.record_handling(
        complaint, by=cast.workshop_head, expected_version=complaint.row_version, kind=Kind.FINISHED, result="完结"
    )
    assert complaint.stage == Stage.CALLBACK


@pytest.mark.parametrize("route", [Route.CALLBACK, Route.FRONT_DESK])
def test_a_major_complaint_wants_the_gm_instruction_two_hours_after_the_hand_over(cast, log, clock, route):
    clock("2026-11-27 17:40")
    complaint = log(route=route, severity=Severity.MAJOR)
    assert dues(complaint)[Kind.GM_INSTRUCTION] is None
    clock("2026-11-27 18:25")
    handling.hand_over(complaint, by=cast.customer_service, expected_version=complaint.row_version)
    assert dues(complaint)[Kind.GM_INSTRUCTION] == at("2026-11-27 20:25")
    clock("2026-11-27 19:00")
    handling.gm_instruction(complaint, by=cast.gm, expected_version=complaint.row_version, instruction="立即处理")
    assert milestone(complaint, Kind.GM_INSTRUCTION).met_at == at("2026-11-27 19:00")


# Route A: each step counts from the one before -------------------------------------------------------------


def test_route_a_logged_late_on_a_friday_night(cast, log, clock):
    clock("2026-11-27 22:55")
    complaint = log(route=Route.FRONT_DESK, raised_at=at("2026-11-27 22:50"))
    assert dues(complaint) == {
        Kind.HAND_OVER: at("2026-11-28 00:50"),
        Kind.FIRST_HANDLING: None,
        Kind.DISPATCH: None,
        Kind.SUMMARY: None,
        Kind.SATISFACTION_CALLBACK: None,
        Kind.GM_FINAL: None,
        Kind.ARCHIVE: None,
    }
    clock("2026-11-27 23:30")
    handling.hand_over(complaint, by=cast.customer_service, expected_version=complaint.row_version)
    assert dues(complaint)[Kind.FIRST_HANDLING] == at("2026-11-28 11:30")

    clock("2026-11-28 09:00")
    handling.first_handling(complaint, by=cast.supervisor, expected_version=complaint.row_version, analysis="确认")
    assert dues(complaint)[Kind.DISPATCH] == at("2026-11-28 21:00")

    clock("2026-11-28 10:00")
    handling.dispatch(
        complaint,
        by=cast.manager,
        expected_version=complaint.row_version,
        departments=[cast.workshop, cast.sales],
        analysis="车间与销售",
    )
    for department in (cast.workshop, cast.sales):
        assert dues(complaint, department)[Kind.DEPARTMENT_RESULT] == at("2026-11-28 22:00")
        assert dues(complaint, department)[Kind.PLAN_SIGN_OFF] == at("2026-11-28 22:00")  # with the result
        assert dues(complaint, department)[Kind.DEPARTMENT_REPLY] is None

    clock("2026-11-28 20:00")  # the workshop on time
    handling.department_result(
        complaint,
        by=cast.workshop_head,
        expected_version=complaint.row_version,
        department=cast.workshop,
        result="返修",
    )
    handling.sign_plan(
        complaint, by=cast.workshop_head, expected_version=complaint.row_version, department=cast.workshop
    )
    assert dues(complaint, cast.workshop)[Kind.DEPARTMENT_REPLY] == at("2026-11-29 20:00")
    assert dues(complaint)[Kind.SUMMARY] is None  # waits for every department
    clock("2026-11-29 01:00")  # sales late
    handling.department_result(
        complaint, by=cast.sales_head, expected_version=complaint.row_version, department=cast.sales, result="补偿"
    )
    handling.sign_plan(complaint, by=cast.sales_head, expected_version=complaint.row_version, department=cast.sales)
    assert milestone(complaint, Kind.DEPARTMENT_RESULT, cast.sales).met_at == at("2026-11-29 01:00")
    assert dues(complaint, cast.sales)[Kind.DEPARTMENT_REPLY] == at("2026-11-30 01:00")  # 24 h after it was done
    assert dues(complaint)[Kind.SUMMARY] == at("2026-11-30 01:00")
    assert complaint.stage == Stage.SUMMARY

    clock("2026-11-29 09:00")
    handling.summarize(complaint, by=cast.manager, expected_version=complaint.row_version, summary="流程问题")
    assert dues(complaint)[Kind.SATISFACTION_CALLBACK] == at("2026-11-30 09:00")
    clock("2026-11-29 14:00")
    handling.satisfaction_callback(
        complaint,
        by=cast.customer_service,
        expected_version=complaint.row_version,
        reached=True,
        accepted=True,
        result="满意",
    )
    assert dues(complaint)[Kind.GM_FINAL] == at("2026-11-30 14:00")
    clock("2026-11-30 00:20")  # the GM signs after midnight: archive by the end of Monday
    handling.gm_final(complaint, by=cast.gm, expected_version=complaint.row_version, instruction="加强沟通")
    assert dues(complaint)[Kind.ARCHIVE] == at("2026-11-30 23:59:59")
    clock("2026-11-30 09:00")
    handling.archive(complaint, by=cast.customer_service, expected_version=complaint.row_version)
    assert milestone(complaint, Kind.ARCHIVE).met_at == at("2026-11-30 09:00")


def test_an_unreached_callback_does_not_meet_the_callback(cast, log, clock):
    clock("2026-11-27 10:00")
    complaint = log(severity=Severity.GRUMBLE)
    handling.hand_over(complaint, by=cast.customer_service, expected_version=complaint.row_version)
    handling.log_contact(complaint, by=cast.workshop_head, reached=True)
    handling.record_handling(
        complaint, by=cast.workshop_head, expected_version=complaint.row_version, kind=Kind.HANDLED, result="处理"
    )
    handling.sign_plan(
        complaint, by=cast.workshop_head, expected_version=complaint.row_version, department=cast.workshop
    )
    clock("2026-11-28 09:00")
    handling.satisfaction_callback(
        complaint,
        by=cast.customer_service,
        expected_version=complaint.row_version,
        reached=False,
        accepted=None,
        result="未接",
    )
    callback = milestone(complaint, Kind.SATISFACTION_CALLBACK)
    assert (callback.met_at, callback.due_at) == (None, at("2026-11-29 10:00"))
    assert complaint.stage == Stage.CALLBACK


# New rounds: an objection at the callback -------------------------------------------------------------------


def test_an_objection_in_route_b_opens_a_round_due_from_the_callback(cast, log, clock):
    clock("2026-11-27 10:00")
    complaint = log(severity=Severity.GENERAL)
    handling.hand_over(complaint, by=cast.customer_service, expected_version=complaint.row_version)
    handling.log_contact(complaint, by=cast.workshop_head, reached=True)
    handling.record_handling(
        complaint, by=cast.workshop_head, expected_version=complaint.row_version, kind=Kind.AGREEMENT, result="方案"
    )
    handling.sign_plan(
        complaint, by=cast.workshop_head, expected_version=complaint.row_version, department=cast.workshop
    )
    clock("2026-11-28 16:20")
    handling.satisfaction_callback(
        complaint,
        by=cast.customer_service,
        expected_version=complaint.row_version,
        reached=True,
        accepted=False,
        result="不满意",
    )
    following = complaint.next_round
    assert (following.round, following.stage, following.severity) == (2, Stage.HANDLING, Severity.GENERAL)
    assert dues(following) == {
        Kind.HAND_OVER: at("2026-11-28 16:50"),
        Kind.FIRST_CONTACT: at("2026-11-28 18:20"),
        Kind.AGREEMENT: at("2026-11-29 16:20"),
        Kind.PLAN_SIGN_OFF: at("2026-11-29 16:20"),
        Kind.DEPARTMENT_REPLY: None,
        Kind.SATISFACTION_CALLBACK: at("2026-11-30 16:20"),
        Kind.GM_FINAL: None,
        Kind.ARCHIVE: None,
    }
    assert milestone(following, Kind.HAND_OVER).met_at == at("2026-11-28 16:20")


def test_an_objection_in_route_a_goes_back_to_the_front_desk_supervisor(cast, log, clock):
    clock("2026-11-27 10:00")
    complaint = log(route=Route.FRONT_DESK)
    handling.hand_over(complaint, by=cast.customer_service, expected_version=complaint.row_version)
    handling.first_handling(complaint, by=cast.supervisor, expected_version=complaint.row_version, analysis="确认")
    handling.dispatch(
        complaint, by=cast.manager, expected_version=complaint.row_version, departments=[cast.workshop], analysis="车间"
    )
    handling.department_result(
        complaint,
        by=cast.workshop_head,
        expected_version=complaint.row_version,
        department=cast.workshop,
        result="返修",
    )
    handling.sign_plan(
        complaint, by=cast.workshop_head, expected_version=complaint.row_version, department=cast.workshop
    )
    handling.summarize(complaint, by=cast.manager, expected_version=complaint.row_version, summary="总结")
    clock("2026-11-28 11:45")
    handling.satisfaction_callback(
        complaint,
        by=cast.customer_service,
        expected_version=complaint.row_version,
        reached=True,
        accepted=False,
        result="仍不满",
    )
    following = complaint.next_round
    assert (following.round, following.stage) == (2, Stage.FIRST_HANDLING)
    assert dues(following) == {
        Kind.HAND_OVER: at("2026-11-28 13:45"),
        Kind.FIRST_HANDLING: at("2026-11-28 23:45"),
        Kind.DISPATCH: None,
        Kind.SUMMARY: None,
        Kind.SATISFACTION_CALLBACK: None,
        Kind.GM_FINAL: None,
        Kind.ARCHIVE: None,
    }
    clock("2026-11-28 14:00")
    handling.first_handling(following, by=cast.supervisor, expected_version=following.row_version, analysis="再次确认")
    assert dues(following)[Kind.DISPATCH] == at("2026-11-29 02:00")
