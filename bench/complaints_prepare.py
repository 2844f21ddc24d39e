"""The complaints bench's steps that run inside Django (bench/complaints.sh calls them one at a time).

    complaints_prepare.py counts                 # row counts of the complaint tables
    complaints_prepare.py due N [MINUTES]        # restore, then make exactly N open milestones due MINUTES ago (1)
    complaints_prepare.py restore                # put the due set and everything a sweep wrote since back
    complaints_prepare.py due-count              # open milestones due now, by the sweep's own predicate
    complaints_prepare.py sweep [RUNS]           # complaints.enforcement.sweep in-process: each run's seconds
    complaints_prepare.py fanout                 # complaints.tasks.notify_timer_events in-process: seconds
    complaints_prepare.py drain                  # send every notice of the last day not sent yet (untimed)
    complaints_prepare.py months                 # the export months: "YYYY-MM complaints" for the 50k and 5k month
    complaints_prepare.py ready                  # exit 0 when the sweep has landed, 3 when not

Run with the bench's DATABASE_URL. The sweep and the fan-out are written by another slice of issue 10; until they
land, `sweep` and `fanout` print a line saying so and exit 3.
"""

import os
import statistics
import sys
import time
from importlib import import_module
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dealer_crm.settings")
django.setup()

from datetime import timedelta  # noqa: E402

from django.db import connection  # noqa: E402
from django.db.models import Exists  # noqa: E402
from django.urls import get_resolver  # noqa: E402
from django.utils import timezone  # noqa: E402

from complaints import scale  # noqa: E402
from complaints.models import Breach, Complaint, Milestone, TimerEvent, Transition  # noqa: E402


def counts() -> None:
    for model in (Complaint, Milestone, Breach, TimerEvent, Transition):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {model._meta.db_table}")
            print(f"{model._meta.db_table} {cursor.fetchone()[0]}")
    print(f"open_complaints {Complaint.objects.open().count()}")


def due(count: int, minutes: int = 1) -> None:
    made = scale.make_due(count, due_at=timezone.now() - timedelta(minutes=minutes))
    print(f"made_due={made}")


def due_count() -> None:
    now = timezone.now()
    print(Milestone.objects.filter(met_at=None, breached_at=None, cancelled_at=None, due_at__lte=now).count())


def _imported(module: str, name: str):
    try:
        return getattr(import_module(module), name)
    except (ImportError, AttributeError):
        print(f"{module}.{name} has not landed yet: skipped")
        sys.exit(3)


def sweep(runs: int = 1) -> None:
    """Time the sweep alone (no interpreter or Django start-up); one line per run, then the median."""
    run_sweep = _imported("complaints.enforcement", "sweep")
    # A worker's broker connection is open when beat fires; open this process's before timing too.
    from complaints.tasks import notify_timer_events

    with notify_timer_events.app.producer_or_acquire() as producer:
        producer.connection.ensure_connection()
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        run_sweep()
        seconds.append(time.perf_counter() - started)
    print(" ".join(f"{s:.4f}" for s in seconds))
    print(f"sweep_median_s={statistics.median(seconds):.4f}")


def _unsent(since):
    """Events whose notices have not gone out (no NOTIFIED successor), recorded since `since`, oldest first."""
    from complaints import enforcement

    events = TimerEvent.objects.filter(kind__in=enforcement.NOTIFIED_KINDS, recorded_at__gte=since)
    return list(events.filter(~Exists(enforcement._notified())).order_by("pk").values_list("pk", flat=True))


def fanout() -> None:
    """The notices the last sweep queued (its events not notified yet), in chunks of NOTICES_PER_TASK, each run
    in this process by complaints.tasks.notify_timer_events as a worker would."""
    task = _imported("complaints.tasks", "notify_timer_events")
    from complaints.enforcement import NOTICES_PER_TASK

    events = _unsent(timezone.now() - timedelta(minutes=10))
    # A worker has loaded the URLconf (the notices' links) with its first task: load it before timing too.
    get_resolver().check()
    started = time.perf_counter()
    for start in range(0, len(events), NOTICES_PER_TASK):
        task.apply(args=[events[start : start + NOTICES_PER_TASK]], throw=True)
    print(f"fanout_events={len(events)} fanout_s={time.perf_counter() - started:.4f}")


def drain() -> None:
    """Send what earlier sweeps queued to a broker no worker reads, so the idle sweep has no lost notice to resend."""
    from complaints.enforcement import send_notices

    events = _unsent(timezone.now() - timedelta(days=1))
    for start in range(0, len(events), 500):
        send_notices(events[start : start + 500])
    print(f"drained={len(events)}")


def ready() -> None:
    _imported("complaints.enforcement", "sweep")


def months() -> None:
    now = timezone.now()
    for back in (scale.BIG_MONTH, scale.SMALL_MONTH):
        start, end = scale.month_start(now, back), scale.month_start(now, back - 1)
        size = Complaint.objects.filter(raised_at__gte=start, raised_at__lt=end).count()
        print(f"{start:%Y-%m} {size}")


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    steps = {"counts": counts, "due": due, "restore": scale.restore_due, "due-count": due_count}
    steps |= {"sweep": sweep, "fanout": fanout, "drain": drain, "months": months, "ready": ready}
    steps[command](*[int(a) for a in args])
