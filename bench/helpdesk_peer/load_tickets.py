"""Load the helpdesk peer database: 5 queues (escalate_days = 1), 20 agents and N open tickets by COPY.

Run by bench/helpdesk_peer.sh from this folder with the peer's virtualenv: `python load_tickets.py N`.
Replaces any tickets already there (TRUNCATE ... CASCADE also empties follow-ups and changes).

Every ticket is Open, priority 3, not on hold, with a submitter e-mail and an assigned agent, so an escalation
mails two people. `created` cannot be set through the ORM (auto_now_add), hence COPY. Nothing is due after the
load (escalate_tickets picks a ticket escalated, or if never escalated created, at least a day ago):
- every 10th ticket (the pool reset_due.sql draws the due ones from) was created 2-90 days ago and escalated
  1-20 hours ago;
- of the others, a third were created 1-20 hours ago and never escalated, the rest like the pool.
"""

import io
import os
import random
import sys
import time
import uuid
from datetime import timedelta

N_QUEUES = 5
N_AGENTS = 20
BATCH = 50_000
HOUR = 3600.0
DAY = 24 * HOUR
DESCRIPTION = (
    "The customer reports that the car still pulls to the left after the wheel alignment done at the last "
    "service visit, and asks for the work to be redone free of charge."
)
COLUMNS = (
    "id, title, created, modified, submitter_email, status, on_hold, description, resolution, priority, "
    "due_date, last_escalation, assigned_to_id, queue_id, secret_key, kbitem_id, merged_to_id"
)


def make_queues_and_agents():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from helpdesk.models import Queue

    for queue in Queue.objects.all():  # one by one: deleting a queue also drops its access permission
        queue.delete()
    Permission.objects.filter(codename__startswith="queue_access_peer-").delete()
    queues = [
        Queue.objects.create(
            title=f"Peer complaints {i}",
            slug=f"peer-{i}",
            email_address=f"peer-{i}@example.invalid",
            escalate_days=1,
            allow_public_submission=False,
            allow_email_submission=False,
        )
        for i in range(N_QUEUES)
    ]
    user_model = get_user_model()
    user_model.objects.filter(username__startswith="peer-agent").delete()
    agents = [
        user_model.objects.create_user(f"peer-agent{i}", email=f"agent{i}@example.invalid", is_staff=True)
        for i in range(N_AGENTS)
    ]
    return [q.id for q in queues], [a.id for a in agents]


def ticket_rows(first, last, now, queue_ids, agent_ids, rng):
    buf = io.StringIO()
    for i in range(first, last + 1):
        if i % 10 != 0 and rng.random() < 1 / 3:
            created = now - timedelta(seconds=rng.uniform(HOUR, 20 * HOUR))
            escalated = None
        else:
            created = now - timedelta(seconds=rng.uniform(2 * DAY, 90 * DAY))
            escalated = now - timedelta(seconds=rng.uniform(HOUR, 20 * HOUR))
        row = (
            str(i),
            f"Complaint {i}",
            created.isoformat(),
            (escalated or created).isoformat(),
            f"customer{i}@example.invalid",
            "1",
            "f",
            DESCRIPTION,
            r"\N",
            "3",
            r"\N",
            escalated.isoformat() if escalated else r"\N",
            str(agent_ids[rng.randrange(len(agent_ids))]),
            str(queue_ids[rng.randrange(len(queue_ids))]),
            str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            r"\N",
            r"\N",
        )
        buf.write("\t".join(row))
        buf.write("\n")
    return buf.getvalue()


def main(n_tickets):
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    started = time.monotonic()
    rng = random.Random(20261130)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE helpdesk_ticket RESTART IDENTITY CASCADE")
        queue_ids, agent_ids = make_queues_and_agents()
        now = timezone.now()
        with connection.cursor() as cursor:
            for first in range(1, n_tickets + 1, BATCH):
                last = min(first + BATCH - 1, n_tickets)
                with cursor.cursor.copy(f"COPY helpdesk_ticket ({COLUMNS}) FROM STDIN") as copy:
                    copy.write(ticket_rows(first, last, now, queue_ids, agent_ids, rng))
                print(f"  copied {last} tickets", flush=True)
            cursor.execute("SELECT setval(pg_get_serial_sequence('helpdesk_ticket', 'id'), %s)", [n_tickets])
    elapsed = time.monotonic() - started
    print(f"loaded {n_tickets} tickets in {N_QUEUES} queues for {N_AGENTS} agents in {elapsed:.1f} s")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer_settings")
    main(int(sys.argv[1]))
