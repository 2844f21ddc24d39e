"""seed_demo's complaints: both routes in every stage, the named cases, work in each role's queue; idempotent."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from complaints.models import Appeal, Complaint, Milestone, Route, Severity, Stage
from complaints.scale import STAGES
from organization.models import Store, User

Kind = Milestone.Kind


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=None)
    return Store.objects.get(code="demo")


def user(username):
    return User.objects.get(username=username)


def test_both_routes_in_every_stage_met_late_and_overdue(demo):
    complaints = Complaint.objects.filter(store=demo)
    for route in Route.values:
        stages = set(complaints.filter(route=route).values_list("stage", flat=True))
        assert stages >= set(STAGES[route]), route
    assert complaints.filter(stage=Stage.OBJECTED).exists()

    # Milestones met in time and late, some overdue now (the next sweep breaches them).
    milestones = Milestone.objects.filter(store=demo)
    met = milestones.exclude(met_at=None)
    assert any(m.met_at <= m.due_at for m in met)
    assert any(m.met_at > m.due_at for m in met)
    overdue = milestones.filter(met_at=None, cancelled_at=None, due_at__lt=timezone.now())
    assert overdue.filter(kind=Kind.HAND_OVER).exists()
    assert overdue.filter(kind=Kind.DISPATCH).exists()
    assert overdue.filter(kind=Kind.FIRST_CONTACT).exists()
    # Archived complaints met every milestone; their steps took place in the past.
    for complaint in Complaint.objects.filter(store=demo, stage=Stage.ARCHIVED):
        assert not complaint.milestones.filter(met_at=None, cancelled_at=None).exists()
    assert not met.filter(met_at__gt=timezone.now()).exists()


def test_the_named_cases_and_work_in_each_queue(demo):
    appeal = Appeal.objects.get(store=demo)
    assert appeal.appellant == user("advisor")
    assert appeal.head == user("asm")
    assert appeal.status == Appeal.Status.FILED
    assert appeal.complaint.at_fault.filter(username="advisor").exists()

    second = Complaint.objects.get(store=demo, round=2)
    assert second.previous_round.stage == Stage.OBJECTED
    assert second.previous_round.verdict == Complaint.Verdict.OBJECTED
    assert second.stage == Stage.HANDLING

    waiting = Complaint.objects.filter(
        store=demo,
        severity=Severity.MAJOR,
        milestones__kind=Kind.GM_INSTRUCTION,
        milestones__met_at=None,
        milestones__cancelled_at=None,
    )
    assert waiting.count() == 1
    assert waiting.get().gm_instruction == ""

    assert Complaint.objects.filter(store=demo, responsible=user("tech"), stage=Stage.HANDLING).exists()

    # Each handling role's queue has work: open milestones the demo user owns, at the stages their queue shows.
    for username, stages in [
        ("cs", {Stage.LOGGED, Stage.CALLBACK, Stage.ARCHIVING}),
        ("supervisor", {Stage.FIRST_HANDLING}),
        ("asm", {Stage.DISPATCH, Stage.SUMMARY}),
        ("gm", {Stage.GM_FINAL}),
        ("workshop_head", {Stage.HANDLING}),
        ("sales_head", {Stage.HANDLING}),
        ("parts_head", {Stage.HANDLING}),
        ("accessories_head", {Stage.HANDLING}),
        ("cs_head", {Stage.HANDLING}),
        ("tech", {Stage.HANDLING}),
    ]:
        mine = Milestone.objects.filter(
            owner=user(username), met_at=None, cancelled_at=None, complaint__stage__in=stages
        ).exclude(due_at=None)
        assert set(mine.values_list("complaint__stage", flat=True)) == stages, username


def test_loading_again_changes_nothing(demo):
    counts = Complaint.objects.count(), Milestone.objects.count(), Appeal.objects.count()
    call_command("seed_demo", stdout=None)
    assert (Complaint.objects.count(), Milestone.objects.count(), Appeal.objects.count()) == counts
