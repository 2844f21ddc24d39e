"""Session cookies and request paths for bench/callback_queue.sh: customer service's callback queues on the scale data.

Run by the bench script with its DATABASE_URL. The scale data's satisfaction callbacks are all done (two years of
history, unassigned, so they show under the "reached" and "not reached" outcomes); this adds the bench store's open
work once: OPEN_CALLBACKS callbacks due over the month around today (a third overdue), two in five the first
customer-service specialist's, one in five the second's, the rest unassigned for whoever takes them.
"""

import os
import random
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dealer_crm.settings")
django.setup()

from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.prepare import session_cookie  # noqa: E402
from customers.models import Vehicle  # noqa: E402
from organization.models import PolicySet, User  # noqa: E402
from surveys.models import Callback  # noqa: E402

STORE = os.environ.get("BENCH_STORE", "scale-050")
OPEN_CALLBACKS = int(os.environ.get("OPEN_CALLBACKS", "600"))
KINDS = [Callback.Kind.SATISFACTION_SURVEY] * 6 + [
    Callback.Kind.MONTH_AFTER_PURCHASE,
    Callback.Kind.HALF_YEAR_AFTER_SERVICE,
    Callback.Kind.VIP_CARE,
]
CS, CS2, HEAD = f"cs-{STORE}", f"cs2-{STORE}", f"head-customer_service-{STORE}"


def add_open_callbacks() -> int:
    cs = User.objects.get(username=CS)
    if Callback.objects.filter(store=cs.store, source__startswith="bench:").exists():
        return 0
    owners = [cs.pk] * 2 + [User.objects.get(username=CS2).pk] + [None] * 2
    policy = PolicySet.objects.filter(store=cs.store).order_by("-version").first()
    vehicles = list(
        Vehicle.objects.filter(store=cs.store, owner__isnull=False)
        .order_by("pk")
        .values_list("pk", "owner_id")[:20_000]
    )
    now, rng = timezone.now(), random.Random(7)
    rows = []
    for n, (vehicle, customer) in enumerate(rng.sample(vehicles, min(OPEN_CALLBACKS, len(vehicles)))):
        due = now + timedelta(minutes=rng.randrange(-10 * 24 * 60, 20 * 24 * 60))
        rows.append(
            Callback(
                store=cs.store,
                owner_id=rng.choice(owners),
                customer_id=customer,
                vehicle_id=vehicle,
                kind=rng.choice(KINDS),
                source=f"bench:{STORE}:{n}",
                policy=policy,
                created_at=due - timedelta(days=7),
                due_at=due,
                attempts=rng.choice([0, 0, 0, 1]),
            )
        )
    return len(Callback.objects.bulk_create(rows, ignore_conflicts=True))


def main(out: Path) -> None:
    print(f"open callbacks added for {STORE}: {add_open_callbacks()}")
    cs = User.objects.get(username=CS)
    names = list(
        Callback.objects.filter(store=cs.store, source__startswith="bench:")
        .order_by("pk")
        .values_list("customer__name", flat=True)[:50]
    )

    def page(url, **query):
        return f"{url}?{urlencode(query)}" if query else url

    mine, team = reverse("surveys:my_callbacks"), reverse("surveys:team_queue")
    cases = {
        # The specialist's day: the open queue mostly, its next page, the overdue, a customer found by name.
        "mine": [mine] * 10
        + [page(mine, page=2)] * 3
        + [page(mine, due="overdue")] * 3
        + [page(mine, q=name[:2]) for name in names[:10] if len(name) >= 2],
        # The history the store's unassigned done calls make (two years at scale), latest first.
        "mine_done": [
            page(mine, outcome="reached"),
            page(mine, outcome="unreached"),
            page(mine, outcome="reached", page=5),
        ],
        # The head's team queue: everyone's open calls, a specialist's, the overdue, a later page.
        "team": [team] * 10
        + [page(team, owner=cs.pk), page(team, due="overdue"), page(team, page=3), page(team, kind="vip_care")],
    }
    for case, paths in cases.items():
        (out / f"callbacks_{case}.paths").write_text("\n".join(paths) + "\n")
    (out / "cs.cookie").write_text(session_cookie(CS))
    (out / "cs_head.cookie").write_text(session_cookie(HEAD))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
