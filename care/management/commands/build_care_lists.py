from datetime import date

from django.core.management.base import BaseCommand

from care import lists


class Command(BaseCommand):
    help = "Fill today's care call lists for every store (what beat runs daily), then send their reminder SMS."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=date.fromisoformat, help="the day to list (default: today)")
        parser.add_argument("--no-sms", action="store_true", help="list only; send no reminder SMS")

    def handle(self, *args, date=None, no_sms=False, **options):
        counts = lists.build_care_lists(today=date)
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
        if not no_sms:
            while sent := lists.send_care_reminders(today=date):
                self.stdout.write(f"sms: {sent}")
