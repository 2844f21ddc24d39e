"""The idle sweep (complaints/enforcement.py): with nothing due it probes and beats, and keeps no run."""

import pytest

from complaints import enforcement
from complaints.models import Severity, SweepRun
from organization.models import Heartbeat
from tests.complaints.clock import at


@pytest.fixture
def swept(log, django_capture_on_commit_callbacks):
    """A general complaint raised Friday 17:40 whose hand-over (due 18:10) was breached and notified by 18:11."""
    log(severity=Severity.GENERAL, raised_at=at("2026-11-27 17:40"), now=at("2026-11-27 17:45"))
    with django_capture_on_commit_callbacks(execute=True):
        enforcement.sweep(at("2026-11-27 18:11"))
    assert SweepRun.objects.count() == 1


def test_an_idle_sweep_is_a_few_probes_and_the_heartbeat(swept, django_assert_max_num_queries):
    # Three probes, the lost-notice probe, the heartbeat (one UPDATE for both rows), the transaction's savepoint pair
    # and, on PostgreSQL, the statement turning JIT and parallel plans off.
    with django_assert_max_num_queries(8):
        run = enforcement.sweep(at("2026-11-27 18:13"))

    assert (run.breaches, run.warnings, run.escalations) == (0, 0, 0)
    assert run.pk is None and SweepRun.objects.count() == 1
    assert Heartbeat.objects.get(name=enforcement.HEARTBEAT).last_run_at == run.finished_at


def test_the_lost_notice_check_resumes_where_the_last_one_ended(swept):
    enforcement.sweep(at("2026-11-27 18:13"))

    assert Heartbeat.objects.get(name=enforcement.NOTICES_CHECKED).last_run_at == at("2026-11-27 18:12")
    assert enforcement.lost_notices(at("2026-11-27 18:14")) == ([], at("2026-11-27 18:13"))
