import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from organization.claims import claim_batch
from organization.models import OutboundMessage
from tests.services.conftest import require_postgresql

pytestmark = [pytest.mark.services, pytest.mark.usefixtures("reference_data")]


def test_two_workers_claiming_at_once_never_share_a_message():
    require_postgresql()
    OutboundMessage.objects.bulk_create(
        OutboundMessage(category="survey", to=f"138{n:08d}", template="reminder", body="x") for n in range(40)
    )
    barrier = threading.Barrier(4)
    claimed = {}

    def work(name):
        try:
            barrier.wait()
            due = OutboundMessage.objects.filter(status=OutboundMessage.Status.PENDING)
            rows = claim_batch(due, now=timezone.now(), stale_after=timedelta(minutes=10), limit=15, status="sending")
            claimed[name] = [m.pk for m in rows]
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    every = [pk for pks in claimed.values() for pk in pks]
    assert len(every) == len(set(every))  # no message in two batches
    sending = OutboundMessage.objects.filter(status=OutboundMessage.Status.SENDING)
    assert set(every) == set(sending.values_list("pk", flat=True)) and every


def test_a_claim_takes_at_most_the_limit_whatever_plan_postgresql_picks():
    """A nested loop re-runs the batch subquery per row; SKIP LOCKED then skips the rows already taken and the
    LIMIT moved on, so one UPDATE claimed every row (CI failed tests/organization/test_claims.py this way)."""
    require_postgresql()
    OutboundMessage.objects.bulk_create(
        OutboundMessage(category="survey", to=f"138{n:08d}", template="reminder", body="x") for n in range(5)
    )
    switches = [f"enable_{name}" for name in ("hashjoin", "hashagg", "mergejoin", "material", "sort")]
    with connection.cursor() as cursor:
        for switch in switches:
            cursor.execute(f"SET {switch} = off")
        try:
            due = OutboundMessage.objects.all()
            rows = claim_batch(due, now=timezone.now(), stale_after=timedelta(minutes=10), limit=3)
            assert len(rows) == 3
        finally:
            for switch in switches:
                cursor.execute(f"RESET {switch}")
