"""Session cookies and request paths for bench/care_call_list.sh: a person's care call list on the scale data.

Run by the bench script with its DATABASE_URL. Until the daily care-list job has filled `care_carecontact`, it lists
every vehicle of the bench store once (a 续保 contact for its advisor, due over the 90 days around today, one in ten
still open from before today), so the advisor's list holds a realistic day of calls among the store's history.
"""

import os
import random
import sys
from datetime import timedelta
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dealer_crm.settings")
django.setup()

from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.prepare import session_cookie  # noqa: E402
from care.models import CareContact  # noqa: E402
from customers.models import Vehicle  # noqa: E402
from organization.models import User  # noqa: E402

STORE = os.environ.get("BENCH_STORE", "scale-050")
BATCH = 5000


def list_the_stores_vehicles() -> int:
    advisor = User.objects.get(username=f"advisor-{STORE}")
    if CareContact.objects.filter(store=advisor.store).exists():
        return 0
    today, now, rng = timezone.localdate(), timezone.now(), random.Random(7)
    rows, made = [], 0
    for pk, owner_id in Vehicle.objects.filter(store=advisor.store).values_list("pk", "owner_id").iterator():
        due = today + timedelta(days=rng.randint(-45, 45))
        closed = now if due < today and rng.random() > 0.1 else None
        rows.append(
            CareContact(
                store=advisor.store,
                kind="insurance_renewal",
                event_key=f"bench:{pk}",
                customer_id=owner_id,
                vehicle_id=pk,
                owner=advisor,
                event_date=due + timedelta(days=45),
                due_on=due,
                listed_on=due,
                closed_at=closed,
            )
        )
        if len(rows) == BATCH:
            made += len(CareContact.objects.bulk_create(rows, ignore_conflicts=True))
            rows = []
    return made + len(CareContact.objects.bulk_create(rows, ignore_conflicts=True))


def main(out: Path) -> None:
    print(f"care contacts added for {STORE}: {list_the_stores_vehicles()}")
    today = reverse("care:today")
    cases = {
        "today": [today] * 20 + [f"{today}?page=2"] * 5,
        "team": [reverse("care:team"), reverse("care:team") + "?due=overdue", reverse("care:team") + "?page=3"],
    }
    for case, paths in cases.items():
        (out / f"care_{case}.paths").write_text("\n".join(paths) + "\n")
    (out / "advisor.cookie").write_text(session_cookie(f"advisor-{STORE}"))
    (out / "gm.cookie").write_text(session_cookie(f"gm-{STORE}"))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
