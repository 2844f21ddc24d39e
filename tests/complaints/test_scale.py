"""seed_demo --scale, complaints: at a small size every complaint has its template's milestones and a stage
consistent with the milestones met; at rest nothing is due; the bench can make exactly n milestones due and undo it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count, Q

from complaints import routes, scale
from complaints.models import Breach, Complaint, Milestone, Route, Stage, TimerEvent
from customers.scale import load_scale

NOW = datetime(2026, 11, 30, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
Kind = Milestone.Kind


@pytest.fixture
def loaded(db, monkeypatch):
    monkeypatch.setenv("SCALE_COMPLAINTS", "1200")
    load_scale(200, stores=2, report=lambda line: None)
    return scale.load_complaints_scale(200, stores=2, report=lambda line: None, now=NOW)


def expected_milestones(complaint: Complaint, dispatched: bool) -> set:
    departments = [d.pk for d in complaint.departments.all()]
    expected = set()
    for step in routes.template(complaint):
        if step.per_department:
            if dispatched:
                expected |= {(step.kind, d) for d in departments}
        else:
            expected.add((step.kind, None))
    return expected


def test_counts_and_resuming(loaded, monkeypatch):
    first_rounds = Complaint.objects.filter(round=1).count()
    assert first_rounds == 1200
    second = Complaint.objects.filter(round=2)
    assert second.count() == Complaint.objects.filter(stage=Stage.OBJECTED).count() > 0
    assert loaded["complaints"] == Complaint.objects.count()
    assert loaded["milestones"] == Milestone.objects.count()
    assert 7 <= Milestone.objects.count() / Complaint.objects.count() <= 10
    opened = Complaint.objects.open().count() / first_rounds
    assert 0.02 <= opened <= 0.05
    assert Complaint.objects.filter(route=Route.FRONT_DESK).exists()
    assert Complaint.objects.filter(route=Route.CALLBACK, channel=Complaint.Channel.WRITTEN).exists()

    again = scale.load_complaints_scale(200, stores=2, report=lambda line: None, now=NOW)
    assert again["rounds_loaded"] == 0
    assert Complaint.objects.filter(round=1).count() == 1200


def test_every_complaint_has_its_templates_milestones_and_a_consistent_stage(loaded):
    complaints = Complaint.objects.prefetch_related("milestones", "departments").select_related("policy")
    stages_seen = set()
    for complaint in complaints:
        milestones = list(complaint.milestones.all())
        kinds = {(m.kind, m.department_id) for m in milestones}
        met = {m.kind for m in milestones if m.met_at}
        stages = scale.STAGES[complaint.route]
        groups = scale.GROUPS[complaint.route]
        dispatched = complaint.route == Route.CALLBACK or Kind.DISPATCH in met
        assert kinds == expected_milestones(complaint, dispatched), complaint.pk
        assert complaint.departments.count() == 1
        stages_seen.add((complaint.route, complaint.stage))
        if complaint.stage == Stage.ARCHIVED:
            assert all(m.met_at for m in milestones)
            assert complaint.archived_at == complaint.milestones.get(kind=Kind.ARCHIVE).met_at
            continue
        if complaint.stage == Stage.OBJECTED:
            assert Kind.SATISFACTION_CALLBACK in met
            assert all(m.met_at or m.cancelled_at for m in milestones)
            assert complaint.next_round.round == 2
            continue
        position = stages.index(complaint.stage)
        present = {kind for kind, _department in kinds}
        for group in groups[:position]:
            assert set(group) & present <= met, (complaint.pk, complaint.stage, group)
        assert not set(groups[position]) & present <= met, (complaint.pk, complaint.stage)
        for later in groups[position + 1 :]:
            assert not set(later) & met
        assert all(m.met_at <= NOW for m in milestones if m.met_at)
    assert {stage for _route, stage in stages_seen} >= {Stage.ARCHIVED, Stage.OBJECTED, Stage.LOGGED, Stage.HANDLING}


def test_due_times_follow_the_anchors_and_late_steps_are_breached(loaded):
    for m in Milestone.objects.exclude(anchored_at=None).select_related("complaint")[:3000]:
        if m.duration is not None:
            assert m.due_at == m.anchored_at + m.duration
        assert m.warn_at == m.due_at - timedelta(minutes=30)
        assert m.escalate_at == m.due_at + timedelta(hours=12)
        if m.anchor == routes.RAISED:
            assert m.anchored_at == m.complaint.raised_at
    breached = Milestone.objects.exclude(breached_at=None)
    assert breached.count() == Breach.objects.count() > 0
    late = Milestone.objects.filter(met_at__gt=scale_due_plus_a_minute())
    assert not late.filter(breached_at=None).exists()
    assert TimerEvent.objects.filter(kind=TimerEvent.Kind.BREACHED).count() == Breach.objects.count()
    assert not Complaint.objects.annotate(n=Count("transitions")).filter(n=0).exists()


def scale_due_plus_a_minute():
    from django.db.models import F

    return F("due_at") + timedelta(minutes=1)


def due_now():
    return Milestone.objects.filter(met_at=None, breached_at=None, cancelled_at=None, due_at__lte=NOW)


def test_at_rest_nothing_is_due_and_the_bench_makes_exactly_n_due(loaded):
    assert not due_now().exists()
    events, breaches = TimerEvent.objects.count(), Breach.objects.count()

    assert scale.make_due(40, due_at=NOW - timedelta(minutes=1)) == 40
    assert due_now().count() == 40
    made_due = list(due_now().values_list("pk", flat=True))
    # What a sweep would write, then the restore.
    for milestone in Milestone.objects.filter(pk__in=made_due[:10]):
        Breach.objects.create(
            store_id=milestone.store_id,
            milestone=milestone,
            complaint_id=milestone.complaint_id,
            due_at=milestone.due_at,
            noticed_at=NOW,
            charged_role=milestone.owner_role,
        )
    Milestone.objects.filter(pk__in=made_due[:10]).update(breached_at=NOW)

    assert scale.restore_due() is True
    assert not due_now().exists()
    assert Breach.objects.count() == breaches
    assert TimerEvent.objects.count() == events
    assert not Milestone.objects.filter(pk__in=made_due).filter(~Q(breached_at=None)).exists()
    assert scale.restore_due() is False


def test_hours_after_the_load_make_due_still_gives_exactly_n(loaded, time_machine):
    later = NOW + timedelta(hours=3)
    time_machine.move_to(later)

    def due_later():
        return Milestone.objects.filter(met_at=None, breached_at=None, cancelled_at=None, due_at__lte=later)

    fallen_due = due_later().count()
    assert fallen_due > 0  # steps of the open complaints have fallen due since the load
    assert scale.make_due(0) == 0
    assert not due_later().exists()
    soon = later + timedelta(minutes=30)
    assert not Milestone.objects.filter(met_at=None, cancelled_at=None, warned_at=None, warn_at__lte=soon).exists()
    assert scale.make_due(25) == 25
    assert due_later().count() == 25
    scale.restore_due()
    assert due_later().count() == fallen_due
