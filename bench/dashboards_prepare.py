"""Session cookies, request paths and rollups for bench/dashboards.sh: the GM's, the group's dashboards and the
monthly staff report on the scale data.

Run by the bench script with its DATABASE_URL. Rolls up the twelve weeks before this one (the GM's trend chart),
this month and last month, as the Monday and nightly runs would have left them.
"""

import os
import sys
import time
from datetime import timedelta
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dealer_crm.settings")
django.setup()

from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.prepare import session_cookie  # noqa: E402
from dashboard.group_figures import refresh_group_figures  # noqa: E402
from surveys import rollup  # noqa: E402

STORE = os.environ.get("BENCH_STORE", "scale-050")


def roll_up_the_trend() -> None:
    now = timezone.now()
    today = timezone.localdate(now)
    monday = today - timedelta(days=today.weekday())
    windows = [rollup.Window("week", monday - timedelta(weeks=weeks)) for weeks in range(12, -1, -1)]
    windows += [
        rollup.Window("month", today.replace(day=1)),
        rollup.Window("month", (today.replace(day=1) - timedelta(days=1)).replace(day=1)),
    ]
    started = time.monotonic()
    rows = rollup.roll_up_windows(windows, now=now)
    print(f"rollup: {rows} rows for 13 weeks and 2 months in {time.monotonic() - started:.1f} s")


def store_the_group_figures() -> None:
    """This month's as beat leaves them every five minutes, last month's as its first visitor does."""
    now = timezone.now()
    this_month = timezone.localdate(now).replace(day=1)
    for month in (this_month, (this_month - timedelta(days=1)).replace(day=1)):
        started = time.monotonic()
        refresh_group_figures(month, now)
        print(f"group figures of {month:%Y-%m}: {time.monotonic() - started:.1f} s")


def main(out: Path) -> None:
    if os.environ.get("SKIP_ROLLUP") != "1":
        roll_up_the_trend()
    store_the_group_figures()
    today = timezone.localdate()
    last_month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    report = reverse("dashboard:staff_report")
    group = reverse("dashboard:group")
    cases = {
        "gm": [reverse("dashboard:gm")],
        "group": [
            group,
            f"{group}?month={last_month}",
            f"{group}?sort=csi",
            f"{group}?month={last_month}&sort=complaints_open",
        ],
        "staff_report": [report, f"{report}?month={last_month}"],
    }
    for case, paths in cases.items():
        (out / f"dash_{case}.paths").write_text("\n".join(paths) + "\n")
    (out / "gm.cookie").write_text(session_cookie(f"gm-{STORE}"))
    (out / "group.cookie").write_text(session_cookie("group"))
    print(f"xlsx: {reverse('dashboard:staff_report_xlsx')}?month={last_month}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
