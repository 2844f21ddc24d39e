"""python manage.py export_staff_report --month 2026-11 --out staff.xlsx [--store CODE]: the monthly staff report
(员工月度考核表) of every active store, or of one, as the group user downloads it."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from complaints.statistics import parse_month
from dashboard.staff_report import write_group_workbook
from organization.models import Store


class Command(BaseCommand):
    help = "Write the monthly staff report (员工月度考核表) of every store, or of one, to an .xlsx file."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--out", required=True, help="The .xlsx file to write.")
        parser.add_argument("--store", help="One store's code; every active store when left out.")

    def handle(self, *args, month, out, store=None, **options):
        try:
            month = parse_month(month)
        except ValidationError as error:
            raise CommandError(error.messages[0]) from error
        stores = Store.objects.filter(is_active=True).order_by("code")
        if store:
            stores = stores.filter(code=store)
            if not stores:
                raise CommandError(f"No active store {store!r}")
        with open(out, "wb") as file:
            write_group_workbook(file, list(stores), month)
        self.stdout.write(f"{out}: the staff report of {len(stores)} store(s) for {month:%Y-%m}")
