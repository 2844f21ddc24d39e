"""Reclassifying a complaint recomputes its open milestones from their original anchors (SPEC section 5)."""

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError

from complaints import handling
from complaints.models import Complaint, Milestone, Severity, TimerEvent
from tests.complaints.clock import SH, at

Kind = Milestone.Kind


@pytest.fixture
def clock(time_machine):
    def move(text: str) -> datetime:
        time_machine.move_to(at(text), tick=False)
        return at(text)

    return move


def live(complaint) -> dict:
    return {m.kind: m for m in complaint.milestones.filter(cancelled_at=None)}


def due(complaint, kind):
    return live(complaint)[kind].due_at.astimezone(SH)


def reclassify(complaint, by, severity, note="客户投诉升级"):
    return handling.reclassify(
        complaint,
        by=by,
        expected_version=complaint.row_version,
        severity=severity,
        category=complaint.category,
        note=note,
    )


def test_grumble_to_major_brings_the_agreement_and_the_gm_instruction(cast, log, clock):
    clock("2026-11-27 10:00")
    complaint = log(severity=Severity.GRUMBLE)
    clock("2026-11-27 10:10")
    handling.hand_over(complaint, by=cast.customer_service, expected_version=complaint.row_version)
    clock("2026-11-27 11:00")
    handling.log_contact(complaint, by=cast.workshop_head, reached=True)
    Milestone.objects.filter(complaint=complaint, kind=Kind.SATISFACTION_CALLBACK).update(
        warned_at=at("2026-11-27 11:00")
    )

    clock("2026-11-27 15:00")
    reclassify(complaint, cast.manager, Severity.MAJOR)
    milestones = live(complaint)
    assert Kind.HANDLED not in milestones
    assert complaint.milestones.get(kind=Kind.HANDLED).cancelled_at == at("2026-11-27 15:00")
    assert due(complaint, Kind.AGREEMENT) == at("2026-11-29 10:00")  # 48 h from raised_at
    assert due(complaint, Kind.PLAN_SIGN_OFF) == at("2026-11-29 10:00")  # with the agreement now
    assert due(complaint, Kind.SATISFACTION_CALLBACK) == at("2026-11-30 10:00")  # 72 h
    callback = milestones[Kind.SATISFACTION_CALLBACK]
    assert (callback.warned_at, callback.warn_at) == (None, at("2026-11-30 09:30"))  # the warning re-armed
    # The GM's instruction counted from the hand-over (10:10 + 2 h) is already past: now plus the grace.
    assert due(complaint, Kind.GM_INSTRUCTION) == at("2026-11-27 15:30")
    # The met first contact keeps its 2 h limit and its time.
    contact = milestones[Kind.FIRST_CONTACT]
    assert (contact.met_at, contact.due_at, contact.duration.total_seconds()) == (
        at("2026-11-27 11:00"),
        at("2026-11-27 12:00"),
        7200,
    )
    # The department's reply now counts from the agreement.
    clock("2026-11-28 09:00")
    handling.record_handling(
        complaint, by=cast.workshop_head, expected_version=complaint.row_version, kind=Kind.AGREEMENT, result="赔偿"
    )
    assert due(complaint, Kind.DEPARTMENT_REPLY) == at("2026-11-29 09:00")


def test_major_to_grumble_cancels_the_gm_instruction_and_past_dues_get_the_grace(cast, log, clock):
    clock("2026-11-27 10:00")
    complaint = log(severity=Severity.MAJOR)
    clock("2026-11-27 10:10")
    handling.hand_over(complaint, by=cast.customer_service, expected_version=complaint.row_version)
    assert due(complaint, Kind.GM_INSTRUCTION) == at("2026-11-27 12:10")
    assert due(complaint, Kind.FIRST_CONTACT) == at("2026-11-28 10:00")

    clock("2026-11-27 13:00")
    reclassify(complaint, cast.customer_service, Severity.GRUMBLE, note="客户只是抱怨")
    milestones = live(complaint)
    assert Kind.GM_INSTRUCTION not in milestones and Kind.AGREEMENT not in milestones
    assert due(complaint, Kind.FIRST_CONTACT) == at("2026-11-27 13:30")  # 10:00 + 2 h is past: now + 30 min
    assert due(complaint, Kind.HANDLED) == at("2026-11-28 10:00")
    assert due(complaint, Kind.PLAN_SIGN_OFF) == at("2026-11-28 10:00")
    assert due(complaint, Kind.SATISFACTION_CALLBACK) == at("2026-11-29 10:00")
    clock("2026-11-27 14:00")
    handling.log_contact(complaint, by=cast.workshop_head, reached=True)
    handling.record_handling(
        complaint, by=cast.workshop_head, expected_version=complaint.row_version, kind=Kind.HANDLED, result="已处理"
    )
    assert due(complaint, Kind.DEPARTMENT_REPLY) == at("2026-11-28 14:00")  # now from "handled"


def test_there_and_back_again_restores_the_milestones(cast, log, clock):
    clock("2026-11-27 10:00")
    complaint = log(severity=Severity.GRUMBLE)
    handling.hand_over(complaint, by=cast.customer_service, expected_version=complaint.row_version)
    clock("2026-11-27 10:30")
    reclassify(complaint, cast.manager, Severity.MAJOR)
    clock("2026-11-27 10:45")
    reclassify(complaint, cast.manager, Severity.GRUMBLE, note="误判")
    assert due(complaint, Kind.HANDLED) == at("2026-11-28 10:00")
    assert Kind.AGREEMENT not in live(complaint) and Kind.GM_INSTRUCTION not in live(complaint)


def test_met_and_breached_milestones_never_change_and_why_is_recorded(cast, log, clock):
    clock("2026-11-27 10:00")
    complaint = log(severity=Severity.GRUMBLE)
    clock("2026-11-27 10:20")  # the hand-over met late, after its 10:30 deadline? no: on time
    handling.hand_over(complaint, by=cast.customer_service, expected_version=complaint.row_version)
    # The sweep recorded the first contact's breach at 12:01.
    Milestone.objects.filter(complaint=complaint, kind=Kind.FIRST_CONTACT).update(breached_at=at("2026-11-27 12:01"))
    before = {m.pk: (m.due_at, m.met_at, m.breached_at, m.duration) for m in complaint.milestones.all()}

    clock("2026-11-27 16:00")
    reclassify(complaint, cast.gm, Severity.MAJOR, note="涉及安全")
    for kind in (Kind.HAND_OVER, Kind.FIRST_CONTACT):
        m = complaint.milestones.get(kind=kind)
        assert (m.due_at, m.met_at, m.breached_at, m.duration) == before[m.pk]
        assert m.cancelled_at is None
    transition = complaint.transitions.get(action="reclassify")
    assert (transition.by, transition.at) == (cast.gm, at("2026-11-27 16:00"))
    assert "涉及安全" in transition.note
    recomputed = TimerEvent.objects.filter(complaint=complaint, kind=TimerEvent.Kind.RECOMPUTED)
    assert {e.milestone.kind for e in recomputed} == {Kind.PLAN_SIGN_OFF, Kind.SATISFACTION_CALLBACK}
    assert {e.note for e in recomputed} == {"涉及安全"}
    assert all(e.recorded_at == at("2026-11-27 16:00") for e in recomputed)


def test_a_reclassification_needs_a_reason(cast, log):
    complaint = log(severity=Severity.GRUMBLE)
    with pytest.raises(ValidationError):
        reclassify(complaint, cast.manager, Severity.MAJOR, note="  ")
    complaint.refresh_from_db()
    assert complaint.severity == Severity.GRUMBLE
    assert not complaint.milestones.filter(kind=Kind.GM_INSTRUCTION).exists()
    assert complaint.category == Complaint.Category.VALID
