"""The deadline sweep on PostgreSQL: two sweeps at once record each breach once; a person meeting a milestone while a
sweep runs loses nothing; every statement can probe its partial index; beat runs it with no test calling it."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from complaints import deadlines, enforcement
from complaints.models import Breach, Complaint, Milestone, Severity, TimerEvent
from tests.complaints.conftest import cast, log  # noqa: F401 (fixtures)
from tests.services.conftest import require_postgresql, wait_for

pytestmark = [pytest.mark.services, pytest.mark.usefixtures("reference_data")]
Kind = Milestone.Kind


def in_threads(*jobs):
    results = {}

    def run(index, job):
        try:
            results[index] = job()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_sweeps_at_once_record_each_of_200_breaches_exactly_once(log):  # noqa: F811
    require_postgresql()
    raised = timezone.now() - timedelta(days=4)
    for _ in range(40):  # five milestones each count from the raise: all due after 3 days
        log(severity=Severity.GENERAL, raised_at=raised, now=raised)
    due = Milestone.objects.filter(due_at__lte=timezone.now(), met_at=None)
    assert due.count() == 200
    barrier = threading.Barrier(2)

    def sweeping():
        barrier.wait()
        return enforcement.sweep().breaches

    counts = in_threads(sweeping, sweeping)

    assert sum(counts.values()) == 200
    assert Breach.objects.count() == 200
    assert TimerEvent.objects.filter(kind=TimerEvent.Kind.BREACHED).count() == 200
    assert not due.filter(breached_at=None).exists()


def test_a_milestone_met_while_the_sweep_runs_stays_met_and_is_not_breached(log, cast):  # noqa: F811
    require_postgresql()
    raised = timezone.now() - timedelta(hours=1)
    complaint = log(severity=Severity.GENERAL, raised_at=raised, now=raised)  # hand-over due 30 min ago
    version = Complaint.objects.get().row_version
    met, sweeping = threading.Event(), threading.Event()

    def person():
        with transaction.atomic():
            deadlines.meet(complaint, Kind.HAND_OVER, by=cast.customer_service, now=timezone.now())
            met.set()
            sweeping.wait(10)
            time.sleep(1)  # the sweep's UPDATE now waits for this row
        return True

    def sweep():
        met.wait(10)
        sweeping.set()
        return enforcement.sweep().breaches

    results = in_threads(person, sweep)

    hand_over = complaint.milestones.get(kind=Kind.HAND_OVER)
    assert hand_over.met_at is not None and hand_over.breached_at is None
    assert results[1] == 0 and not Breach.objects.exists()
    assert Complaint.objects.get().row_version == version  # the sweep never writes the complaint


@pytest.mark.parametrize(
    ("column", "due", "order", "index"),
    [
        ("breached_at", enforcement.DUE, "due_at", "milestone_open_due"),
        ("warned_at", enforcement.TO_WARN, "warn_at", "milestone_to_warn"),
        ("escalated_at", enforcement.TO_ESCALATE, "escalate_at", "milestone_to_escalate"),
    ],
)
def test_each_statement_of_the_sweep_probes_its_partial_index(column, due, order, index):
    require_postgresql()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # an empty table: show the index is usable, not chosen
        cursor.execute(
            "EXPLAIN " + enforcement.stamp_statement(column, due, order), enforcement.params_at(timezone.now())
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert index in plan, plan


def test_beat_breaches_and_escalates_a_complaint_without_the_test_calling_the_sweep(
    log,  # noqa: F811
    cast,  # noqa: F811
    celery_worker_with_beat,
):
    require_postgresql()
    raised = timezone.now() - timedelta(hours=13)  # hand-over due 12.5 h ago: escalated 30 min ago
    complaint = log(severity=Severity.GENERAL, raised_at=raised, now=raised)

    escalated = wait_for(
        lambda: (
            Breach.objects.filter(complaint=complaint, milestone__kind=Kind.HAND_OVER)
            .exclude(reached_gm_at=None)
            .first()
        ),
        timeout=150,
    )

    assert escalated is not None, "beat did not breach and escalate the hand-over within 150 s"
    assert escalated.due_at == raised + timedelta(minutes=30)
    assert complaint.milestones.get(kind=Kind.HAND_OVER).escalated_at is not None
