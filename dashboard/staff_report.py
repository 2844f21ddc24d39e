"""The monthly staff report (员工月度考核表, issue 13): one row per person of a store with any figure in the month.

It owns no rule: every figure is read from the function of the app that owns it (satisfaction and callbacks from
surveys, complaints, allowances and recorded fines from complaints, lounge fines from care, fake referrals from
customers, fake appointments and incentives from after-sales, seed 004's satisfaction fines and rewards from surveys)
and only added up here. A quarter's OEM item fines and rewards (seed 004 奖惩 5) count in the quarter's last month,
so that a year of monthly reports counts each once: the fines on the people they name, the rewards (the
department's) on a department line beside the month's department fines (奖惩 4).
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from aftersales.appointments import fake_appointment_fines
from aftersales.incentives import IncentiveRow, incentives_for
from care.lounge import lounge_fines
from complaints.fines import offence_counts
from complaints.models import Fine
from complaints.penalties import StaffMonth, penalties_by_store
from customers.referrals import fake_referral_fines
from dashboard.roles import WHOLE_STORE_STAFF_REPORT
from organization import calendar
from organization.models import Department, User
from organization.roles import Role
from surveys import satisfaction_fines
from surveys.models import SurveyKind
from surveys.oem import quarter_of
from surveys.staff_scores import CallbackPerformance, StaffScore, callback_performance, staff_scores

ZERO = Decimal(0)


@dataclass
class StaffRow:
    """One person's month, each figure as its owning app answered it."""

    person: User
    scores: dict[str, StaffScore] = field(default_factory=dict)
    callbacks: CallbackPerformance | None = None
    penalties: StaffMonth | None = None
    offences: int = 0
    lounge: Decimal = ZERO
    fake_referrals: Decimal = ZERO
    fake_appointments: Decimal = ZERO
    satisfaction_fines: Decimal = ZERO
    incentives: IncentiveRow | None = None

    @property
    def csi(self) -> StaffScore | None:
        return self.scores.get(SurveyKind.CSI)

    @property
    def ssi(self) -> StaffScore | None:
        return self.scores.get(SurveyKind.SSI)

    @property
    def responses(self) -> int:
        return sum(score.responses for score in self.scores.values())

    def fine(self, kind: str) -> Decimal:
        return self.penalties.fines.get(kind, ZERO) if self.penalties else ZERO

    @property
    def fines_total(self) -> Decimal:
        complaints = self.penalties.total if self.penalties else ZERO
        return complaints + self.lounge + self.fake_referrals + self.fake_appointments + self.satisfaction_fines

    @property
    def incentives_total(self) -> Decimal:
        return self.incentives.total if self.incentives else ZERO

    @property
    def net(self) -> Decimal:
        return self.incentives_total - self.fines_total


@dataclass
class DepartmentLine:
    """A department's own month: its fine for a score below the store's standard, its quarter's item rewards."""

    department: Department
    below_standard: Decimal = ZERO
    item_rewards: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        return self.item_rewards - self.below_standard


@dataclass
class StaffReport:
    month: date
    rows: list[StaffRow]
    departments: list[DepartmentLine]
    quarter: date | None  # the quarter whose OEM item fines and rewards this month carries, if any

    @property
    def fines_total(self) -> Decimal:
        return sum((row.fines_total for row in self.rows), ZERO)

    @property
    def incentives_total(self) -> Decimal:
        return sum((row.incentives_total for row in self.rows), ZERO)

    @property
    def net(self) -> Decimal:
        return self.incentives_total - self.fines_total


def closes_quarter(month: date) -> bool:
    return month.month % 3 == 0


def staff_report(store, month: date, *, now: datetime | None = None) -> StaffReport:
    """Every person of `store` with a figure in `month`, by name, and the departments' own lines; a fixed number of
    queries however many people and fines."""
    month = month.replace(day=1)
    now = now or timezone.now()
    rows: dict[int, StaffRow] = {}

    def row(person_id: int) -> StaffRow:
        return rows.setdefault(person_id, StaffRow(person=None))

    for staff_month in penalties_by_store([store], month).get(store.pk, []):
        row(staff_month.person.pk).penalties = staff_month
    for (_store, person_id), scores in staff_scores([store], month).items():
        row(person_id).scores = scores
    for (_store, person_id), performance in callback_performance([store], month).items():
        row(person_id).callbacks = performance
    for fines in lounge_fines(store, month):
        row(fines.staff.pk).lounge = fines.total
    for person_id, amount in fake_referral_fines(store, month).items():
        row(person_id).fake_referrals = amount
    for person_id, amount in fake_appointment_fines(store, month).items():
        row(person_id).fake_appointments = amount
    for incentive in incentives_for(store, month):
        row(incentive.person.pk).incentives = incentive
    departments: dict[int, DepartmentLine] = {}
    for fine in satisfaction_fines.department_fines(store, month):
        departments.setdefault(fine.department.pk, DepartmentLine(fine.department)).below_standard += fine.amount
    quarter = quarter_of(month) if closes_quarter(month) else None
    if quarter is not None:
        for fine in satisfaction_fines.quarterly_item_fines_and_rewards(store, quarter):
            if fine.reward:
                departments.setdefault(fine.department.pk, DepartmentLine(fine.department)).item_rewards += fine.amount
            else:
                row(fine.person.pk).satisfaction_fines += fine.amount
    # Offences are counted over the 12 months up to the month's end (or now, for this month).
    offences = offence_counts(store, min(now, calendar.month_bounds(month)[1]))
    people = User.objects.select_related("department").in_bulk(rows)
    for person_id, staff_row in rows.items():
        staff_row.person = people[person_id]
        staff_row.offences = offences.get(person_id, 0)
    ordered = sorted(rows.values(), key=lambda r: (r.person.name, r.person.username, r.person.pk))
    lines = sorted(departments.values(), key=lambda line: line.department.kind)
    return StaffReport(month, ordered, lines, quarter)


def recent_staff_report(store, month: date, now: datetime) -> tuple[StaffReport, datetime]:
    """The page's report and when it was computed: kept as long as the dashboards' panels (a minute), so reading
    it again costs no query; the .xlsx is always computed afresh."""
    key = f"staff-report:{store.pk}:{month:%Y-%m}"
    cached = cache.get(key)
    if cached is None:
        cached = (staff_report(store, month, now=now), now)
        cache.set(key, cached, settings.DASHBOARD_CACHE_SECONDS)
    return cached


def rows_scope(user) -> str:
    """Whose rows `user` reads: the whole store (GM, after-sales manager, the group user), their department's
    (a department head), or their own."""
    if user.is_group_manager or user.roles & WHOLE_STORE_STAFF_REPORT:
        return "store"
    if Role.DEPARTMENT_HEAD in user.roles:
        return "department"
    return "own"


def departments_headed(user) -> set[int]:
    """The departments a head answers for: those they head, and their own."""
    headed = Q(head=user) | (Q(pk=user.department_id) if user.department_id else Q(pk__in=[]))
    return set(Department.objects.filter(headed, store=user.store_id).values_list("pk", flat=True))


def visible_to(report: StaffReport, user) -> StaffReport:
    """The part of `report` that `user` may read (the report's store is the user's own, or the group user's choice)."""
    scope = rows_scope(user)
    if scope == "store":
        return report
    if scope == "own":
        return StaffReport(report.month, [r for r in report.rows if r.person.pk == user.pk], [], report.quarter)
    departments = departments_headed(user)
    rows = [r for r in report.rows if r.person.pk == user.pk or r.person.department_id in departments]
    lines = [line for line in report.departments if line.department.pk in departments]
    return StaffReport(report.month, rows, lines, report.quarter)


def _score(score: StaffScore | None):
    return score.mean_score if score else None


def columns() -> list[tuple[str, object]]:
    """(header, the row's figure) for every column, in order: the page and the workbook show the same table."""
    return [
        (_("Name"), lambda r: r.person.name or r.person.username),
        (_("Department"), lambda r: r.person.department.get_kind_display() if r.person.department else ""),
        (_("CSI score"), lambda r: _score(r.csi)),
        (_("SSI score"), lambda r: _score(r.ssi)),
        (_("Surveys answered"), lambda r: r.responses),
        (_("Callbacks due"), lambda r: r.callbacks.due if r.callbacks else None),
        (_("Callbacks reached"), lambda r: r.callbacks.reached if r.callbacks else None),
        (_("Surveys completed on callbacks"), lambda r: r.callbacks.completed if r.callbacks else None),
        (_("Callback success (%)"), lambda r: r.callbacks.success_rate if r.callbacks else None),
        (_("Survey completion (%)"), lambda r: r.callbacks.completion_rate if r.callbacks else None),
        (_("Vehicles served"), lambda r: r.penalties.served if r.penalties else 0),
        (_("Complaints"), lambda r: r.penalties.complaints if r.penalties else 0),
        (_("Implicit-loss complaints"), lambda r: r.penalties.implicit_loss if r.penalties else 0),
        (_("Implicit-loss complaints allowed"), lambda r: r.penalties.implicit_allowed if r.penalties else 0),
        (_("客户抱怨 complaints"), lambda r: r.penalties.vague if r.penalties else 0),
        (_("客户抱怨 complaints allowed"), lambda r: r.penalties.vague_allowed if r.penalties else 0),
        (_("Allowance fine"), lambda r: r.penalties.allowance_fine if r.penalties else ZERO),
        *((str(label), lambda r, kind=kind: r.fine(kind)) for kind, label in Fine.Kind.choices),
        (_("Process violations (12 months)"), lambda r: r.offences),
        (_("Lounge fines"), lambda r: r.lounge),
        (_("Fake-referral fines"), lambda r: r.fake_referrals),
        (_("Fake-appointment fines"), lambda r: r.fake_appointments),
        (_("Quarterly satisfaction item fines"), lambda r: r.satisfaction_fines),
        (_("For packages (CNY)"), lambda r: r.incentives.package_yuan if r.incentives else ZERO),
        (_("For extended warranties (CNY)"), lambda r: r.incentives.extended_warranty_yuan if r.incentives else ZERO),
        (_("For add-ons (CNY)"), lambda r: r.incentives.add_on_yuan if r.incentives else ZERO),
        (_("Fines total"), lambda r: r.fines_total),
        (_("Incentives total"), lambda r: r.incentives_total),
        (_("Net"), lambda r: r.net),
    ]


def table(report: StaffReport) -> tuple[list[str], list[list]]:
    """The headers and each row's figures."""
    cols = columns()
    return [header for header, _figure in cols], [[figure(r) for _header, figure in cols] for r in report.rows]


def department_headers() -> list[str]:
    return [_("Department"), _("Below the store's standard"), _("Quarterly satisfaction item rewards"), _("Net")]


def department_table(report: StaffReport) -> tuple[list[str], list[list]]:
    headers = department_headers()
    rows = [
        [line.department.get_kind_display(), line.below_standard, line.item_rewards, line.net]
        for line in report.departments
    ]
    return headers, rows


def filename(store, month: date) -> str:
    return f"{_('Monthly staff report')}-{store.code}-{month:%Y-%m}.xlsx"


def _bold(sheet, value):
    cell = WriteOnlyCell(sheet, value)
    cell.font = Font(bold=True)
    return cell


def write_workbook(file, store, report: StaffReport) -> None:
    """The report as an .xlsx (write-only): the people's table with its totals, then the departments' lines."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Monthly staff report"))
    sheet.freeze_panes = "A3"
    sheet.append([_bold(sheet, f"{store.name} · {report.month:%Y-%m}")])
    headers, rows = table(report)
    sheet.append([_bold(sheet, header) for header in headers])
    for values in rows:
        sheet.append(values)
    totals = [_bold(sheet, _("Total")), *[None] * (len(headers) - 4)]
    sheet.append([*totals, report.fines_total, report.incentives_total, report.net])
    if report.departments:
        sheet.append([])
        headers, rows = department_table(report)
        sheet.append([_bold(sheet, header) for header in headers])
        for values in rows:
            sheet.append(values)
    book.save(file)


def group_filename(month: date) -> str:
    return f"{_('Monthly staff report')}-{_('all stores')}-{month:%Y-%m}.xlsx"


def write_group_workbook(file, stores, month: date) -> None:
    """Every store's report in one .xlsx (write-only), a store's rows after another's, each row led by its store:
    the people on one sheet, the departments' lines on a second. Read store by store, so memory stays flat."""
    book = Workbook(write_only=True)
    people, departments = book.create_sheet(_("Monthly staff report")), book.create_sheet(_("Departments"))
    people.freeze_panes = departments.freeze_panes = "C2"
    leading = [_("Store code"), _("Store")]
    people.append([_bold(people, header) for header in [*leading, *(header for header, _figure in columns())]])
    departments.append([_bold(departments, header) for header in [*leading, *department_headers()]])
    for store in stores:
        report = staff_report(store, month)
        for values in table(report)[1]:
            people.append([store.code, store.name, *values])
        for values in department_table(report)[1]:
            departments.append([store.code, store.name, *values])
    book.save(file)
