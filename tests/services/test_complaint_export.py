"""The monthly complaint workbook on PostgreSQL outside a transaction: the summary's and the staff sheet's figures are
read on a second connection while the complaint sheet is written, in the complaint rows' snapshot, and the workbook
is the one a single transaction writes."""

import threading
from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from openpyxl import load_workbook

from complaints import export, statistics
from tests.factories import ComplaintFactory, UserFactory
from tests.services.conftest import require_postgresql

pytestmark = [pytest.mark.services, pytest.mark.usefixtures("reference_data")]
TZ = ZoneInfo("Asia/Shanghai")
OCTOBER = date(2026, 10, 1)
NOW = datetime(2026, 11, 5, tzinfo=TZ)


def _complaints(n: int):
    first = ComplaintFactory(raised_at=datetime(2026, 10, 3, 10, tzinfo=TZ))
    first.at_fault.set([UserFactory(store=first.store)])
    for day in range(1, n):
        ComplaintFactory(customer__store=first.store, raised_at=datetime(2026, 10, 3 + day, 10, tzinfo=TZ))
    return statistics.Scope(stores=(first.store,))


def _sheets(out: BytesIO) -> dict[str, list[tuple]]:
    book = load_workbook(out, read_only=True)
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


@pytest.fixture
def read_apart(monkeypatch):
    """The threads that read the figures apart, recorded."""
    threads = []
    start = threading.Thread.start

    def recorded(thread):
        if thread.name == "complaint-figures":
            threads.append(thread)
        start(thread)

    monkeypatch.setattr(threading.Thread, "start", recorded)
    return threads


def test_the_figures_read_apart_give_the_workbook_one_transaction_gives(read_apart):
    require_postgresql()
    scope = _complaints(4)
    apart, together = BytesIO(), BytesIO()
    assert export.write_workbook(apart, scope, OCTOBER, now=NOW) == 4
    assert len(read_apart) == 1
    with transaction.atomic():  # the caller's transaction: a second connection would not see its rows
        assert export.write_workbook(together, scope, OCTOBER, now=NOW) == 4
    assert len(read_apart) == 1
    sheets = _sheets(apart)
    assert sheets == _sheets(together)
    assert len(sheets["员工"]) == 2 and len(sheets["客户投诉"]) == 5


def test_a_complaint_committed_meanwhile_is_in_no_sheet(monkeypatch, read_apart):
    """The figures read apart see the rows' snapshot: a complaint committed after the export began is counted in no
    sheet, not in the summary only."""
    require_postgresql()
    scope = _complaints(3)
    read = export._Figures._read

    def read_after_a_new_complaint(figures):
        def log_one():
            try:
                ComplaintFactory(customer__store=scope.store, raised_at=datetime(2026, 10, 20, 10, tzinfo=TZ))
            finally:
                connection.close()

        other = threading.Thread(target=log_one)
        other.start()
        other.join()
        return read(figures)

    monkeypatch.setattr(export._Figures, "_read", read_after_a_new_complaint)
    out = BytesIO()
    assert export.write_workbook(out, scope, OCTOBER, now=NOW) == 3
    overview = {row[0]: row[1] for row in _sheets(out)["汇总"] if len(row) > 1}
    assert overview["投诉数（多轮只计一次）"] == 3
    assert statistics.complaint_rows(scope, OCTOBER).count() == 4  # committed, after the export's snapshot


def test_an_error_reading_the_figures_apart_reaches_the_caller(monkeypatch, read_apart):
    require_postgresql()
    scope = _complaints(1)

    def fail(*args, **kwargs):
        raise RuntimeError("summary failed")

    monkeypatch.setattr(statistics, "month_summary", fail)
    with pytest.raises(RuntimeError, match="summary failed"):
        export.write_workbook(BytesIO(), scope, OCTOBER, now=NOW)
    assert len(read_apart) == 1 and not read_apart[0].is_alive()
