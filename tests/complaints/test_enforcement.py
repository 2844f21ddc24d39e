"""The deadline sweep (complaints/enforcement.py): breaches once, with their real due time, charged to the step that
held things up; warnings once; escalation to the GM after the second interval; notices fanned out by tasks."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from complaints import enforcement, handling
from complaints.models import Breach, Complaint, Milestone, Route, Severity, SweepRun, TimerEvent
from organization.models import Heartbeat, Notification, OutboundMessage
from organization.roles import Role
from tests.complaints.clock import at

Kind = Milestone.Kind
Event = TimerEvent.Kind


def sweep(now, on_commit):
    with on_commit(execute=True):
        return enforcement.sweep(now)


def events(complaint, kind):
    return list(complaint.timer_events.filter(kind=kind).order_by("milestone__sequence"))


@pytest.fixture
def general(log):
    """A route-B general complaint raised Friday 17:40: hand-over due 18:10, first contact 19:40, agreement and
    sign-off Saturday 17:40, callback Sunday 17:40."""
    return log(severity=Severity.GENERAL, raised_at=at("2026-11-27 17:40"), now=at("2026-11-27 17:45"))


def test_a_due_milestone_is_breached_once_with_its_due_time(general, cast, django_capture_on_commit_callbacks):
    first = sweep(at("2026-11-27 18:11"), django_capture_on_commit_callbacks)
    second = sweep(at("2026-11-27 18:12"), django_capture_on_commit_callbacks)

    breach = Breach.objects.get()
    assert breach.milestone.kind == Kind.HAND_OVER
    assert breach.due_at == at("2026-11-27 18:10")
    assert breach.noticed_at == at("2026-11-27 18:11")
    assert breach.charged_to == cast.customer_service
    assert breach.charged_role == Role.CUSTOMER_SERVICE
    assert (first.breaches, second.breaches) == (1, 0)
    assert [e.scheduled_for for e in events(general, Event.BREACHED)] == [at("2026-11-27 18:10")]
    hand_over = general.milestones.get(kind=Kind.HAND_OVER)
    assert hand_over.breached_at == at("2026-11-27 18:11")


def test_nothing_due_records_nothing_but_the_run(general, django_capture_on_commit_callbacks):
    run = sweep(at("2026-11-27 17:39"), django_capture_on_commit_callbacks)  # the first warning is at 17:40

    assert (run.breaches, run.warnings, run.escalations) == (0, 0, 0)
    assert not Breach.objects.exists()
    assert Heartbeat.objects.get(name="complaint-sweep").last_run_at == run.finished_at


def test_catch_up_after_six_hours_records_every_missed_breach_with_its_real_due_time(
    log, django_capture_on_commit_callbacks
):
    complaints = [
        log(severity=Severity.GENERAL, raised_at=at(f"2026-11-27 {hour}:00"), now=at(f"2026-11-27 {hour}:00"))
        for hour in (10, 11, 12)
    ]

    run = sweep(at("2026-11-27 18:00"), django_capture_on_commit_callbacks)

    # Each: hand-over due 30 min after, first contact 2 h after; all before 18:00.
    assert run.breaches == 6
    expected = sorted(
        [at(f"2026-11-27 {hour}:30") for hour in (10, 11, 12)] + [at(f"2026-11-27 {hour}:00") for hour in (12, 13, 14)]
    )
    assert sorted(Breach.objects.values_list("due_at", flat=True)) == expected
    assert set(Breach.objects.values_list("noticed_at", flat=True)) == {at("2026-11-27 18:00")}
    late = {e.lateness for e in TimerEvent.objects.filter(kind=Event.BREACHED, complaint=complaints[0])}
    assert late == {timedelta(hours=7, minutes=30), timedelta(hours=6)}


def test_a_milestone_met_before_the_sweep_is_not_breached_and_one_met_after_keeps_its_breach(
    general, cast, django_capture_on_commit_callbacks
):
    handling.hand_over(
        general, by=cast.customer_service, expected_version=general.row_version, now=at("2026-11-27 18:20")
    )
    sweep(at("2026-11-27 19:50"), django_capture_on_commit_callbacks)

    assert list(Breach.objects.values_list("milestone__kind", flat=True)) == [Kind.FIRST_CONTACT]
    handling.log_contact(general, by=cast.workshop_head, reached=True, now=at("2026-11-27 20:00"))
    sweep(at("2026-11-27 20:01"), django_capture_on_commit_callbacks)

    contact = general.milestones.get(kind=Kind.FIRST_CONTACT)
    assert contact.met_at == at("2026-11-27 20:00")
    assert contact.breached_at == at("2026-11-27 19:50")
    assert Breach.objects.get().milestone == contact


def test_the_callback_falling_due_while_the_department_has_not_finished_is_the_departments_breach(
    general, cast, django_capture_on_commit_callbacks
):
    handling.hand_over(
        general, by=cast.customer_service, expected_version=general.row_version, now=at("2026-11-27 17:50")
    )
    handling.log_contact(general, by=cast.workshop_head, reached=True, now=at("2026-11-27 18:30"))

    sweep(at("2026-11-29 17:41"), django_capture_on_commit_callbacks)

    callback = Breach.objects.get(milestone__kind=Kind.SATISFACTION_CALLBACK)
    assert callback.due_at == at("2026-11-29 17:40")
    assert callback.charged_to == cast.workshop_head
    assert callback.charged_department == cast.workshop
    assert callback.charged_role == Role.DEPARTMENT_HEAD


def test_a_step_met_late_but_before_the_callback_fell_due_leaves_the_callback_breach_to_customer_service(
    general, cast, django_capture_on_commit_callbacks
):
    milestones = general.milestones.exclude(kind__in=[Kind.SATISFACTION_CALLBACK, Kind.GM_FINAL, Kind.ARCHIVE])
    milestones.update(met_at=at("2026-11-29 12:00"))

    sweep(at("2026-11-29 17:41"), django_capture_on_commit_callbacks)

    callback = Breach.objects.get(milestone__kind=Kind.SATISFACTION_CALLBACK)
    assert callback.charged_to == cast.customer_service


def test_the_owner_is_warned_once_before_the_deadline(general, cast, django_capture_on_commit_callbacks):
    first = sweep(at("2026-11-27 17:45"), django_capture_on_commit_callbacks)  # hand-over warning due 17:40
    second = sweep(at("2026-11-27 17:46"), django_capture_on_commit_callbacks)

    assert (first.warnings, second.warnings) == (1, 0)
    assert [e.scheduled_for for e in events(general, Event.WARNED)] == [at("2026-11-27 17:40")]
    notices = Notification.objects.filter(recipient=cast.customer_service)
    assert notices.count() == 1
    assert general.number in notices.get().title
    assert TimerEvent.objects.filter(kind=Event.NOTIFIED, note=Event.WARNED).count() == 1


def test_a_breach_notifies_the_owner_charged_and_their_superior(general, cast, django_capture_on_commit_callbacks):
    sweep(at("2026-11-27 18:11"), django_capture_on_commit_callbacks)

    recipients = set(Notification.objects.values_list("recipient", flat=True))
    assert {cast.customer_service.pk, cast.customer_service.superior_id} <= recipients
    assert not OutboundMessage.objects.exists()  # a general complaint's breach goes in-app only
    assert TimerEvent.objects.filter(kind=Event.NOTIFIED, note=Event.BREACHED).count() == 1


def test_still_unmet_twelve_hours_after_it_fell_due_it_goes_to_the_gm_by_sms_and_is_flagged(
    general, cast, django_capture_on_commit_callbacks
):
    cast.gm.mobile = "13800000001"
    cast.gm.save(update_fields=["mobile"])
    sweep(at("2026-11-27 18:11"), django_capture_on_commit_callbacks)
    assert sweep(at("2026-11-28 06:09"), django_capture_on_commit_callbacks).escalations == 0

    run = sweep(at("2026-11-28 06:10"), django_capture_on_commit_callbacks)
    again = sweep(at("2026-11-28 06:11"), django_capture_on_commit_callbacks)

    assert (run.escalations, again.escalations) == (1, 0)
    hand_over = Breach.objects.get(milestone__kind=Kind.HAND_OVER)
    assert hand_over.reached_gm_at == at("2026-11-28 06:10")
    assert hand_over.complaint.severity == Severity.GENERAL
    assert Notification.objects.filter(recipient=cast.gm, title__contains=general.number).exists()
    sms = OutboundMessage.objects.get(to="13800000001")
    assert sms.category == OutboundMessage.Category.STAFF_ALERT
    assert general.number in sms.body
    assert [e.scheduled_for for e in events(general, Event.ESCALATED)] == [at("2026-11-28 06:10")]


def test_no_escalation_when_the_policy_turns_it_off(general, cast, django_capture_on_commit_callbacks):
    general.policy.values.filter(key="complaints.escalation_on").update(value="0")
    sweep(at("2026-11-28 07:00"), django_capture_on_commit_callbacks)

    assert Breach.objects.exists()
    assert not Breach.objects.exclude(reached_gm_at=None).exists()


def test_a_major_complaints_breach_goes_to_the_owner_and_superior_by_sms(log, cast, django_capture_on_commit_callbacks):
    cast.customer_service.mobile = "13800000002"
    cast.customer_service.save(update_fields=["mobile"])
    complaint = log(severity=Severity.MAJOR, raised_at=at("2026-11-27 17:40"), now=at("2026-11-27 17:45"))

    sweep(at("2026-11-27 18:11"), django_capture_on_commit_callbacks)

    sms = OutboundMessage.objects.get(to="13800000002")
    assert complaint.number in sms.body
    assert sms.category == OutboundMessage.Category.STAFF_ALERT


def test_notices_a_task_never_sent_are_sent_by_the_next_sweep_once(general, cast, django_capture_on_commit_callbacks):
    enforcement.sweep(at("2026-11-27 18:11"))  # the queued tasks are lost: no on-commit callbacks run
    assert not Notification.objects.exists()

    sweep(at("2026-11-27 18:11:30"), django_capture_on_commit_callbacks)  # less than a minute: still in flight
    assert not Notification.objects.exists()
    sweep(at("2026-11-27 18:13"), django_capture_on_commit_callbacks)
    sweep(at("2026-11-27 18:14"), django_capture_on_commit_callbacks)

    assert Notification.objects.filter(recipient=cast.customer_service).count() == 1
    assert TimerEvent.objects.filter(kind=Event.NOTIFIED).count() == 1


def test_notifying_the_same_events_twice_sends_once(general, cast):
    enforcement.sweep(at("2026-11-27 18:11"))
    ids = list(TimerEvent.objects.filter(kind=Event.BREACHED).values_list("pk", flat=True))

    enforcement.send_notices(ids)
    enforcement.send_notices(ids)

    assert Notification.objects.filter(recipient=cast.customer_service).count() == 1


def test_a_cancelled_milestone_is_never_breached(general, django_capture_on_commit_callbacks):
    general.milestones.update(cancelled_at=at("2026-11-27 17:50"))

    assert sweep(at("2026-11-30 12:00"), django_capture_on_commit_callbacks).breaches == 0


def test_the_management_command_sweeps_as_of_now(general):
    out = StringIO()
    call_command("enforce_deadlines", "--now", "2026-11-27T18:11:00+08:00", stdout=out)

    assert "1 breaches" in out.getvalue()
    assert Breach.objects.get().noticed_at == at("2026-11-27 18:11")
    assert SweepRun.objects.count() == 1


def test_the_management_command_takes_local_time_without_an_offset(general):
    call_command("enforce_deadlines", "--now", "2026-11-27 18:11", stdout=StringIO())

    assert Breach.objects.get().noticed_at == at("2026-11-27 18:11")


def test_the_beat_task_runs_the_sweep(general, settings):
    from complaints.tasks import enforce_deadlines

    settings.CELERY_TASK_ALWAYS_EAGER = True
    enforce_deadlines.delay()

    assert SweepRun.objects.count() == 1
    assert Complaint.objects.get().breaches.count() >= 1  # raised 2026-11-27, long due today
    assert "complaints.tasks.enforce_deadlines" in {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}


def test_a_route_a_complaint_is_breached_like_route_b(log, cast, django_capture_on_commit_callbacks):
    log(route=Route.FRONT_DESK, raised_at=at("2026-11-27 17:40"), now=at("2026-11-27 17:45"))

    sweep(at("2026-11-27 19:41"), django_capture_on_commit_callbacks)

    assert Breach.objects.get().due_at == at("2026-11-27 19:40")
