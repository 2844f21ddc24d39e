from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from surveys.triggers import list_scheduled_survey_callbacks


def aware(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--now: not an ISO 8601 time: {text}") from error
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(BaseCommand):
    help = "List the scheduled survey callbacks that came due (a month after purchase, six months after service)."

    def add_arguments(self, parser):
        parser.add_argument("--now", type=aware, help="List as of this time (ISO 8601; local time if no offset).")

    def handle(self, *args, now=None, **options):
        self.stdout.write(f"{list_scheduled_survey_callbacks(now)} callbacks listed")
