import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from surveys import rollup


def day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--week: not a date (YYYY-MM-DD): {text}") from error


class Command(BaseCommand):
    help = (
        "Recompute the satisfaction rollup of every store: by default what the nightly run does (this week and last, "
        "with their months and quarters); with --week, the week holding that day and its month and quarter."
    )

    def add_arguments(self, parser):
        parser.add_argument("--week", type=day, help="A day of the week to recompute (YYYY-MM-DD).")

    def handle(self, *args, week=None, **options):
        now = timezone.now()
        windows = rollup.periods_of_week(week) if week else rollup.periods_to_refresh(timezone.localdate(now))
        started = time.monotonic()
        rows = rollup.roll_up_windows(windows, now=now)
        periods = ", ".join(f"{w.period} {w.start}" for w in windows)
        self.stdout.write(f"{rows} rollup rows for {periods} in {(time.monotonic() - started) * 1000:.0f} ms")
