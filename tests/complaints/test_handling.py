"""The complaint's state machine through both routes, with the due times each step sets (literal timestamps)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from complaints import handling
from complaints.models import Complaint, Milestone, Route, Severity, Stage, TimerEvent
from organization.concurrency import ConcurrentEditError
from tests.complaints.clock import SH, at

Kind = Milestone.Kind


def due(complaint, kind, department=None):
    milestone = complaint.milestones.get(kind=kind, department=department)
    return milestone.due_at and milestone.due_at.astimezone(SH)


def test_route_a_runs_from_logging_to_archive(cast, log):
    complaint = log(route=Route.FRONT_DESK, raised_at=at("2026-11-27 17:40"), now=at("2026-11-27 17:45"))
    assert due(complaint, Kind.HAND_OVER) == at("2026-11-27 19:40")
    assert due(complaint, Kind.FIRST_HANDLING) is None  # counts from the hand-over, not yet done

    handling.hand_over(
        complaint, by=cast.customer_service, expected_version=complaint.row_version, now=at("2026-11-27 18:00")
    )
    assert complaint.stage == Stage.FIRST_HANDLING
    assert due(complaint, Kind.FIRST_HANDLING) == at("2026-11-28 06:00")

    handling.first_handling(
        complaint,
        by=cast.supervisor,
        expected_version=complaint.row_version,
        analysis="确认异响",
        now=at("2026-11-27 20:00"),
    )
    assert due(complaint, Kind.DISPATCH) == at("2026-11-28 08:00")
    handling.dispatch(
        complaint,
        by=cast.manager,
        expected_version=complaint.row_version,
        departments=[cast.workshop, cast.after_sales],
        analysis="车间与前台共同处理",
        now=at("2026-11-28 09:00"),
    )
    assert complaint.stage == Stage.HANDLING
    assert due(complaint, Kind.DEPARTMENT_RESULT, cast.workshop) == at("2026-11-28 21:00")
    assert due(complaint, Kind.PLAN_SIGN_OFF, cast.after_sales) == at("2026-11-28 21:00")
    assert due(complaint, Kind.SUMMARY) is None

    for department, head, moment in (
        (cast.workshop, cast.workshop_head, "2026-11-28 15:00"),
        (cast.after_sales, cast.after_sales_head, "2026-11-28 16:00"),
    ):
        handling.department_result(
            complaint,
            by=head,
            expected_version=complaint.row_version,
            department=department,
            result="已返修",
            now=at(moment),
        )
        handling.sign_plan(
            complaint, by=head, expected_version=complaint.row_version, department=department, now=at(moment)
        )
    assert complaint.stage == Stage.SUMMARY
    # The summary counts from the last department's result; each reply from its own department's.
    assert due(complaint, Kind.SUMMARY) == at("2026-11-29 16:00")
    assert due(complaint, Kind.DEPARTMENT_REPLY, cast.workshop) == at("2026-11-29 15:00")

    handling.summarize(
        complaint,
        by=cast.manager,
        expected_version=complaint.row_version,
        summary="技师未做路试",
        loss=Complaint.Loss.IMPLICIT,
        root_cause=Complaint.RootCause.PROCESS,
        now=at("2026-11-29 10:00"),
    )
    assert due(complaint, Kind.SATISFACTION_CALLBACK) == at("2026-11-30 10:00")
    handling.satisfaction_callback(
        complaint,
        by=cast.customer_service,
        expected_version=complaint.row_version,
        reached=True,
        accepted=True,
        result="客户满意",
        now=at("2026-11-29 11:00"),
    )
    assert complaint.stage == Stage.GM_FINAL
    assert due(complaint, Kind.GM_FINAL) == at("2026-11-30 11:00")
    handling.gm_final(
        complaint,
        by=cast.gm,
        expected_version=complaint.row_version,
        instruction="加强路试",
        now=at("2026-11-29 20:00"),
    )
    assert due(complaint, Kind.ARCHIVE) == at("2026-11-29 23:59:59")
    handling.archive(
        complaint, by=cast.customer_service, expected_version=complaint.row_version, now=at("2026-11-29 21:00")
    )
    assert complaint.stage == Stage.ARCHIVED
    assert list(complaint.transitions.values_list("action", flat=True)) == [
        "log",
        "hand_over",
        "first_handling",
        "dispatch",
        "department_result",
        "sign_plan",
        "department_result",
        "sign_plan",
        "handling_done",
        "summary",
        "callback_accepted",
        "gm_final",
        "archive",
    ]
    assert not complaint.milestones.filter(met_at=None).exclude(kind=Kind.DEPARTMENT_REPLY).exists()


def test_route_b_grumble_goes_to_the_responsible_person(cast, log):
    complaint = log(severity=Severity.GRUMBLE, raised_at=at("2026-11-27 17:40"), now=at("2026-11-27 17:50"))
    assert due(complaint, Kind.HAND_OVER) == at("2026-11-27 18:10")
    assert due(complaint, Kind.FIRST_CONTACT) == at("2026-11-27 19:40")
    assert due(complaint, Kind.HANDLED) == at("2026-11-28 17:40")
    assert due(complaint, Kind.SATISFACTION_CALLBACK) == at("2026-11-29 17:40")
    assert not complaint.milestones.filter(kind=Kind.AGREEMENT).exists()

    handling.hand_over(
        complaint, by=cast.customer_service, expected_version=complaint.row_version, now=at("2026-11-27 18:00")
    )
    handling.assign_responsible(
        complaint, by=cast.workshop_head, expected_version=complaint.row_version, person=cast.technician
    )
    assert complaint.milestones.get(kind=Kind.FIRST_CONTACT).owner == cast.technician
    handling.log_contact(complaint, by=cast.technician, reached=False, now=at("2026-11-27 18:30"))
    assert complaint.milestones.get(kind=Kind.FIRST_CONTACT).met_at is None  # unreached: logged, not met
    handling.log_contact(complaint, by=cast.technician, reached=True, now=at("2026-11-27 18:40"))
    assert complaint.milestones.get(kind=Kind.FIRST_CONTACT).met_at == at("2026-11-27 18:40")
    handling.record_handling(
        complaint, by=cast.technician, expected_version=complaint.row_version, kind=Kind.HANDLED, result="已重新洗车"
    )
    assert complaint.stage == Stage.HANDLING  # the department head has not signed the plan
    handling.sign_plan(
        complaint, by=cast.workshop_head, expected_version=complaint.row_version, department=cast.workshop
    )
    assert complaint.stage == Stage.CALLBACK


def test_an_objection_opens_a_linked_round_with_fresh_deadlines(cast, log):
    complaint = log(severity=Severity.GRUMBLE, raised_at=at("2026-11-27 10:00"), now=at("2026-11-27 10:00"))
    handling.hand_over(
        complaint, by=cast.customer_service, expected_version=complaint.row_version, now=at("2026-11-27 10:10")
    )
    handling.log_contact(complaint, by=cast.workshop_head, reached=True, now=at("2026-11-27 11:00"))
    handling.record_handling(
        complaint, by=cast.workshop_head, expected_version=complaint.row_version, kind=Kind.HANDLED, result="处理"
    )
    handling.sign_plan(
        complaint, by=cast.workshop_head, expected_version=complaint.row_version, department=cast.workshop
    )
    handling.satisfaction_callback(
        complaint,
        by=cast.customer_service,
        expected_version=complaint.row_version,
        reached=True,
        accepted=False,
        result="仍有异响",
        now=at("2026-11-28 09:00"),
    )
    assert complaint.stage == Stage.OBJECTED
    following = complaint.next_round
    assert (following.round, following.first_round, following.stage) == (2, complaint, Stage.HANDLING)
    assert following.raised_at == at("2026-11-28 09:00")
    assert due(following, Kind.FIRST_CONTACT) == at("2026-11-28 11:00")
    assert following.milestones.get(kind=Kind.HAND_OVER).met_at == at("2026-11-28 09:00")
    assert not complaint.milestones.filter(met_at=None, cancelled_at=None).exists()


def test_only_the_owner_of_a_step_takes_it_and_only_at_its_stage(cast, log):
    complaint = log(route=Route.FRONT_DESK)
    with pytest.raises(PermissionDenied):
        handling.hand_over(complaint, by=cast.supervisor, expected_version=complaint.row_version)
    with pytest.raises(ValidationError):
        handling.first_handling(complaint, by=cast.supervisor, expected_version=complaint.row_version, analysis="x")
    handling.hand_over(complaint, by=cast.customer_service, expected_version=complaint.row_version)
    with pytest.raises(PermissionDenied):
        handling.first_handling(complaint, by=cast.workshop_head, expected_version=complaint.row_version, analysis="x")


def test_two_people_on_the_same_step_one_wins(cast, log):
    complaint = log(route=Route.FRONT_DESK)
    version = complaint.row_version
    other_copy = Complaint.objects.get(pk=complaint.pk)
    handling.hand_over(complaint, by=cast.customer_service, expected_version=version)
    with pytest.raises(ConcurrentEditError):
        handling.hand_over(other_copy, by=cast.customer_service, expected_version=version)
    assert complaint.transitions.filter(action="hand_over").count() == 1


def test_every_due_time_set_is_in_the_ledger(cast, log):
    complaint = log(severity=Severity.MAJOR, raised_at=at("2026-11-27 09:00"), now=at("2026-11-27 09:05"))
    handling.hand_over(
        complaint, by=cast.customer_service, expected_version=complaint.row_version, now=at("2026-11-27 09:20")
    )
    assert due(complaint, Kind.GM_INSTRUCTION) == at("2026-11-27 11:20")  # 2 h from the hand-over
    assert due(complaint, Kind.FIRST_CONTACT) == at("2026-11-28 09:00")
    assert due(complaint, Kind.AGREEMENT) == at("2026-11-29 09:00")
    assert due(complaint, Kind.SATISFACTION_CALLBACK) == at("2026-11-30 09:00")
    dues = TimerEvent.objects.filter(complaint=complaint, kind=TimerEvent.Kind.DUE_SET)
    assert dues.count() == complaint.milestones.exclude(due_at=None).count()
