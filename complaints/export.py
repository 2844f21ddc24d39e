"""The monthly complaint statistics workbook (顾客投诉统计表, SPEC section 5), written in openpyxl write-only mode.

Three sheets: the summary, the staff (complaints.penalties.monthly_penalties), every complaint of the month. Rows
are streamed from `.iterator()` querysets straight into the file, so memory stays flat as the month grows. openpyxl's
work per cell is most of the time at a group's month (≈6 s of 50,000 rows × 22 cells): on PostgreSQL the summary's
and the staff sheet's figures are read meanwhile on a second connection, in the same snapshot as the rows.
"""

import queue
import threading
from contextlib import contextmanager
from datetime import date, datetime

from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from complaints import statistics
from complaints.models import Complaint, Milestone, Route, Severity, Stage
from organization.models import Department

CHUNK = 2000
DATE_TIME = "yyyy-mm-dd hh:mm"
PERCENT = "0.0%"


def filename(month: date, scope: statistics.Scope) -> str:
    """顾客投诉统计表-2026-11[-store code][-department].xlsx"""
    parts = [_("Complaint statistics"), f"{month:%Y-%m}"]
    if scope.store is not None:
        parts.append(scope.store.code)
    if scope.department is not None:
        parts.append(scope.department.get_kind_display())
    return "-".join(parts) + ".xlsx"


def _sheet(book, title: str, headers: list[str], widths: list[int]):
    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([_bold(sheet, header) for header in headers])
    return sheet


def _bold(sheet, value):
    cell = WriteOnlyCell(sheet, value)
    cell.font = Font(bold=True)
    return cell


def _formatted(sheet, value, number_format: str):
    cell = WriteOnlyCell(sheet, value)
    cell.number_format = number_format
    return cell


def _section(sheet, title: str, headers: list[str], rows) -> None:
    sheet.append([_bold(sheet, title)])
    sheet.append([_bold(sheet, header) for header in headers])
    for row in rows:
        sheet.append(row)
    sheet.append([])


def _labelled(counts: dict[str, int], choices, blank: str) -> list[list]:
    """A count per choice, in the choices' order, then any value the choices lack, then the blank one."""
    labels = dict(choices)
    rows = [[str(label), counts[value]] for value, label in labels.items() if value in counts]
    rows += [[value, n] for value, n in counts.items() if value and value not in labels]
    if counts.get(""):
        rows.append([blank, counts[""]])
    return rows


def overview_sheet(book, scope_label: str):
    return _sheet(book, _("Overview"), [_("Monthly complaint statistics"), scope_label], [34, 16, 16, 16])


def write_summary(sheet, summary: statistics.MonthSummary) -> None:
    count = _("Complaints")
    sheet.append([_("Month"), f"{summary.month:%Y-%m}"])
    sheet.append([_("Complaints (rounds counted once)"), summary.complaints])
    sheet.append([_("Forms raised in the month (every round)"), summary.rounds])
    sheet.append([_("Voided by appeal"), summary.voided])
    sheet.append([_("Breaches"), summary.breaches])
    sheet.append([])
    not_recorded = _("Not recorded")
    _section(
        sheet,
        _("By category"),
        [_("Category"), count],
        _labelled(summary.by_category, Complaint.Category.choices, not_recorded),
    )
    _section(
        sheet, _("By severity"), [_("Severity"), count], _labelled(summary.by_severity, Severity.choices, not_recorded)
    )
    _section(
        sheet,
        _("By source"),
        [_("Source"), count],
        _labelled(summary.by_source, Complaint.Source.choices, not_recorded),
    )
    _section(sheet, _("By route"), [_("Route"), count], _labelled(summary.by_route, Route.choices, not_recorded))
    _section(
        sheet,
        _("By department involved"),
        [_("Department"), count],
        _labelled(summary.by_department, Department.Kind.choices, not_recorded),
    )
    _section(
        sheet,
        _("By root cause"),
        [_("Root cause"), count],
        _labelled(summary.by_root_cause, Complaint.RootCause.choices, not_recorded),
    )
    _section(
        sheet,
        _("Repair technique"),
        [_("Technique"), count],
        _labelled(summary.by_technique, Complaint.Technique.choices, not_recorded),
    )
    kinds = dict(Milestone.Kind.choices)
    on_time = [
        [str(kinds.get(kind, kind)), met, due, _formatted(sheet, met / due, PERCENT)]
        for kind, (met, due) in sorted(summary.on_time.items(), key=lambda item: list(kinds).index(item[0]))
    ]
    _section(
        sheet, _("On time by milestone"), [_("Milestone"), _("Met on time"), _("Fell due"), _("On-time rate")], on_time
    )
    _section(
        sheet,
        _("Breaches by milestone"),
        [_("Milestone"), _("Breaches")],
        _labelled(summary.breaches_by_milestone, Milestone.Kind.choices, not_recorded),
    )
    _section(
        sheet,
        _("Breaches by department charged"),
        [_("Department"), _("Breaches")],
        _labelled(summary.breaches_by_department, Department.Kind.choices, _("No department")),
    )


STAFF_HEADERS = [
    (gettext_lazy("Store"), 14),
    (gettext_lazy("Staff member"), 14),
    (gettext_lazy("Department"), 12),
    (gettext_lazy("Vehicles served"), 10),
    (gettext_lazy("Complaints"), 10),
    (gettext_lazy("Complaint rate (%)"), 10),
    (gettext_lazy("Implicit-loss complaints"), 10),
    (gettext_lazy("Implicit-loss allowance"), 10),
    (gettext_lazy("客户抱怨 complaints"), 10),
    (gettext_lazy("客户抱怨 allowance"), 10),
    (gettext_lazy("Allowance fine (CNY)"), 12),
    (gettext_lazy("Recorded fines (CNY)"), 12),
    (gettext_lazy("Total (CNY)"), 12),
]


def staff_sheet(book):
    return _sheet(book, _("Staff"), [str(h) for h, _w in STAFF_HEADERS], [w for _h, w in STAFF_HEADERS])


def staff_figures(scope: statistics.Scope, month: date) -> list[tuple]:
    """(store, its StaffMonth row, the person's department kind) for every row of the staff sheet."""
    kinds = dict(Department.objects.values_list("pk", "kind"))
    return [(store, row, kinds.get(row.person.department_id)) for store, row in statistics.staff_of_month(scope, month)]


def write_staff(sheet, rows: list[tuple]) -> None:
    departments = dict(Department.Kind.choices)
    for store, row, kind in rows:
        sheet.append(
            [
                store.name,
                str(row.person),
                str(departments.get(kind, "")),
                row.served,
                row.complaints,
                row.complaint_rate,
                row.implicit_loss,
                row.implicit_allowed,
                row.vague,
                row.vague_allowed,
                row.allowance_fine,
                row.recorded_fines,
                row.total,
            ]
        )


COMPLAINT_HEADERS = [
    (gettext_lazy("Number"), 12),
    (gettext_lazy("Round"), 6),
    (gettext_lazy("Store"), 14),
    (gettext_lazy("Raised at"), 17),
    (gettext_lazy("Customer"), 12),
    (gettext_lazy("Plate"), 11),
    (gettext_lazy("Source"), 10),
    (gettext_lazy("Category"), 18),
    (gettext_lazy("Severity"), 12),
    (gettext_lazy("Route"), 18),
    (gettext_lazy("Stage"), 16),
    (gettext_lazy("Departments"), 18),
    (gettext_lazy("Responsible"), 10),
    (gettext_lazy("Staff at fault"), 14),
    (gettext_lazy("Loss"), 12),
    (gettext_lazy("Root cause"), 12),
    (gettext_lazy("Repair technique"), 12),
    (gettext_lazy("Milestones met on time"), 10),
    (gettext_lazy("Milestones"), 10),
    (gettext_lazy("Breaches"), 8),
    (gettext_lazy("Voided by appeal at"), 17),
    (gettext_lazy("Archived at"), 17),
]


def _labels(choices) -> dict[str, str]:
    """Each choice's label translated once, not once per row."""
    return {value: str(label) for value, label in choices.choices}


class _DateColumn:
    """One formatted cell per date column, reused row after row (a write-only sheet writes each row as it is
    appended): no cell object or style per row. Empty dates stay empty cells."""

    def __init__(self, sheet, zone):
        self.cell = _formatted(sheet, None, DATE_TIME)
        self.zone = zone

    def __call__(self, moment: datetime | None):
        """A real Excel date: naive local time (Excel has no time zones)."""
        if moment is None:
            return None
        self.cell.value = moment.astimezone(self.zone).replace(tzinfo=None)
        return self.cell


def _joined_labels(text: str | None, labels: dict[str, str]) -> str:
    return "、".join(labels.get(value, value) for value in statistics.split_joined(text))


class _ComplaintRow:
    """A row of statistics.complaint_rows as the sheet shows it. Built in the request's thread (labels translated,
    time zone read there), called in the writer's. Empty texts are left out (None), not written as empty cells."""

    def __init__(self, sheet):
        self.sources, self.categories = _labels(Complaint.Source), _labels(Complaint.Category)
        self.severities, self.routes, self.stages = _labels(Severity), _labels(Route), _labels(Stage)
        self.losses, self.causes = _labels(Complaint.Loss), _labels(Complaint.RootCause)
        self.techniques, self.departments = _labels(Complaint.Technique), _labels(Department.Kind)
        zone = timezone.get_current_timezone()
        self.raised_at, self.voided_at, self.archived_at = (_DateColumn(sheet, zone) for _ in range(3))

    def __call__(self, row) -> list:
        (
            pk,
            first_round,
            round_,
            store,
            raised,
            customer,
            plate,
            source,
            category,
            severity,
            route,
            stage,
            department_kinds,
            responsible,
            at_fault,
            loss,
            root_cause,
            technique,
            on_time,
            milestones,
            breaches,
            voided,
            archived,
        ) = row
        return [
            Complaint.number_of(first_round or pk, round_),
            round_,
            store,
            self.raised_at(raised),
            customer,
            plate or None,
            self.sources.get(source, source),
            self.categories.get(category, category),
            self.severities.get(severity, severity),
            self.routes.get(route, route),
            self.stages.get(stage, stage),
            _joined_labels(department_kinds, self.departments) or None,
            responsible or None,
            "、".join(statistics.split_joined(at_fault)) or None,
            self.losses.get(loss, loss),
            self.causes.get(root_cause, root_cause) or None,
            self.techniques.get(technique, technique) or None,
            on_time,
            milestones,
            breaches,
            self.voided_at(voided),
            self.archived_at(archived),
        ]


class _SheetWriter(threading.Thread):
    """Formats and appends rows to a write-only sheet in a thread of its own, so openpyxl writes one batch while
    the database computes the next (a streamed query's rows are computed as they are fetched, and the driver lets
    go of the interpreter while it waits). A few batches at most are queued: memory stays flat."""

    BATCH = 500

    def __init__(self, sheet, row_of):
        super().__init__(name="complaint-sheet", daemon=True)
        self.sheet, self.row_of = sheet, row_of
        self.queue = queue.Queue(maxsize=4)
        self.batch, self.written, self.error = [], 0, None

    def run(self):
        while (batch := self.queue.get()) is not None:
            if self.error is None:
                try:
                    for row in batch:
                        self.sheet.append(self.row_of(row))
                except Exception as error:  # raised again in the caller's thread
                    self.error = error

    def append(self, row) -> None:
        self.batch.append(row)
        self.written += 1
        if len(self.batch) == self.BATCH:
            if self.error is not None:
                raise self.error
            self.queue.put(self.batch)
            self.batch = []

    def close(self) -> None:
        self.queue.put(self.batch)
        self.queue.put(None)
        self.join()
        if self.error is not None:
            raise self.error


def write_complaints(book, scope: statistics.Scope, month: date) -> int:
    """Every form of the month, one row each, streamed from plain tuples; returns how many."""
    sheet = _sheet(book, _("Complaints"), [str(h) for h, _w in COMPLAINT_HEADERS], [w for _h, w in COMPLAINT_HEADERS])
    writer = _SheetWriter(sheet, _ComplaintRow(sheet))
    writer.start()
    try:
        for row in statistics.complaint_rows(scope, month).iterator(chunk_size=CHUNK):
            writer.append(row)
    finally:
        writer.close()
    return writer.written


def scope_label(scope: statistics.Scope) -> str:
    if scope.stores is None:
        return _("Whole group")
    label = "、".join(store.name for store in scope.stores)
    return f"{label} · {scope.department.get_kind_display()}" if scope.department else label


def write_workbook(out, scope: statistics.Scope, month: date, *, now: datetime | None = None) -> int:
    """Write the month's workbook to `out` (a path or a binary file); returns the number of complaint rows."""
    book = Workbook(write_only=True)
    overview, staff = overview_sheet(book, scope_label(scope)), staff_sheet(book)
    try:
        with _reading() as snapshot:
            figures = _Figures(scope, month, now, snapshot)
            written = write_complaints(book, scope, month)
            summary, staff_rows = figures.result()
    except BaseException:
        for sheet in book.worksheets:  # finish their temporary files: nothing complains when they are collected
            sheet.close()
        raise
    write_summary(overview, summary)
    write_staff(staff, staff_rows)
    book.save(out)
    return written


class _Figures:
    """The summary's and the staff sheet's figures. Given a snapshot, read by a thread on a connection of its own
    while the caller writes the complaint sheet; else read in the caller's transaction when asked for."""

    def __init__(self, scope: statistics.Scope, month: date, now: datetime | None, snapshot: str | None):
        self.scope, self.month, self.now = scope, month, now
        self.figures, self.error, self.thread = None, None, None
        if snapshot is not None:
            zone, language = timezone.get_current_timezone(), translation.get_language()
            self.thread = threading.Thread(
                target=self._read_apart, args=(snapshot, zone, language), name="complaint-figures", daemon=True
            )
            self.thread.start()

    def _read(self) -> tuple:
        return (
            statistics.month_summary(self.scope, self.month, now=self.now),
            staff_figures(self.scope, self.month),
        )

    def _read_apart(self, snapshot: str, zone, language: str) -> None:
        try:
            with timezone.override(zone), translation.override(language), _reading(snapshot):
                self.figures = self._read()
        except Exception as error:  # raised again in the caller's thread
            self.error = error
        finally:
            connection.close()

    def result(self) -> tuple:
        if self.thread is None:
            return self._read()
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.figures


@contextmanager
def _reading(snapshot: str | None = None):
    """The workbook's queries in one transaction, so the row query's server-side cursor streams (outside one, Django
    declares it WITH HOLD and PostgreSQL materializes the whole result first), and with PostgreSQL's JIT off for it:
    JIT compiled the month's few large queries for longer than they ran (≈6 s of a 7 s row query at 50k).

    On PostgreSQL outside a transaction, the transaction is REPEATABLE READ and yields its snapshot's name, for a
    second connection to read the same data (`snapshot`: read in that one). Else it yields None: the caller's
    transaction may hold rows a second connection would not see."""
    postgresql = connection.vendor == "postgresql"
    shared = postgresql and not connection.in_atomic_block
    with transaction.atomic():
        exported = None
        if postgresql:
            with connection.cursor() as cursor:
                if shared:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                if snapshot is not None:
                    cursor.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
                elif shared:
                    cursor.execute("SELECT pg_export_snapshot()")
                    exported = cursor.fetchone()[0]
                cursor.execute("SET LOCAL jit = off")
        yield exported
