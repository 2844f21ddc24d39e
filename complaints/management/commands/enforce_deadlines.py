from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from complaints import enforcement


def aware(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--now: not an ISO 8601 time: {text}") from error
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(BaseCommand):
    help = "Record the complaint milestones due now as breaches, send warnings and escalations (the beat task's sweep)."

    def add_arguments(self, parser):
        parser.add_argument("--now", type=aware, help="Sweep as of this time (ISO 8601; local time if no offset).")

    def handle(self, *args, now=None, **options):
        run = enforcement.sweep(now)
        self.stdout.write(
            f"{run.breaches} breaches, {run.warnings} warnings, {run.escalations} escalations "
            f"in {(run.finished_at - run.started_at).total_seconds() * 1000:.0f} ms"
        )
