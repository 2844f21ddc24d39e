"""Claiming background work: a locked read and a conditional UPDATE take a batch, a dead worker's claim goes stale.

Copy this for every sweep (deadlines, care reminders, rollups). The model carries two fields,

    claimed_at = models.DateTimeField(null=True, blank=True)   # set while a worker holds the row
    claim_id = models.UUIDField(null=True, blank=True)         # which worker's claim

and a worker

1. builds everything that can fail before it claims (the SMS backend, a gateway client),
   so a misconfiguration leaves the rows untouched for the next run;
2. claims with `claim_batch(due_rows, now=..., stale_after=..., limit=...)`: it locks the batch as it reads it
   and stamps it with an UPDATE that repeats the "due" condition, so two workers never hold the same row;
3. records each row's outcome and releases it (`claimed_at=None, claim_id=None`) in one bulk write,
   also when the work failed: the failure goes on the row (attempts, error, when to retry).

A row whose worker died keeps `claimed_at`; once it is older than `stale_after`, the next claim takes
it again. The work is therefore done at least once: keep it idempotent, or accept a rare repeat.
"""

import uuid
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet


def claim_batch(due: QuerySet, *, now: datetime, stale_after: timedelta, limit: int, **also) -> QuerySet:
    """Claim up to `limit` rows of `due` that nobody holds (or whose claim went stale); the rows claimed.

    `also` is stamped on the claimed rows in the same UPDATE, e.g. `status="sending"`.
    """
    free = Q(claimed_at=None) | Q(claimed_at__lt=now - stale_after)
    claimable = due.filter(free)
    claim_id = uuid.uuid4()
    # Rows another worker is claiming right now are skipped, not waited for (PostgreSQL; SQLite has one writer).
    # The batch is read first, then updated: as a subquery of the UPDATE, a nested-loop plan re-runs it per row,
    # SKIP LOCKED passes over the rows already taken and the LIMIT stops limiting.
    batch = claimable.select_for_update(skip_locked=True).order_by("pk").values_list("pk", flat=True)[:limit]
    with transaction.atomic():
        claimed = claimable.filter(pk__in=list(batch)).update(claimed_at=now, claim_id=claim_id, **also)
    rows = due.model._base_manager.order_by("pk")
    return rows.filter(claim_id=claim_id) if claimed else rows.none()
