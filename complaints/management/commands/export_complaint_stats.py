"""python manage.py export_complaint_stats --month 2026-11 --out stats.xlsx [--store CODE]: the monthly complaint
statistics workbook of one store, or of the whole group without --store."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from complaints import export, statistics


class Command(BaseCommand):
    help = "Write the monthly complaint statistics (顾客投诉统计表) as an .xlsx file."
    # Run by cron for the month's file: the system checks belong to deployment, and cost ≈0.45 s a run here.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--out", required=True, help="the .xlsx file to write")
        parser.add_argument("--store", default="", help="a store's code; the whole group without it")

    def handle(self, *args, month, out, store, **options):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                month = statistics.parse_month(month)
                scope = statistics.scope_for_store_code(store)
            except ValidationError as error:
                raise CommandError(error.messages[0]) from error
            rows = export.write_workbook(out, scope, month)
        self.stdout.write(f"{out}: {rows} complaints of {month:%Y-%m}")
