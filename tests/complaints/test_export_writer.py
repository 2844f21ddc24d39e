"""The export's speed-ups keep their promises: the complaint sheet's writer thread writes every row in order and
hands its errors back to the caller; the summary reads the month in five queries whatever its size."""

from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook, load_workbook

from complaints import export, statistics
from complaints.models import ComplaintDepartment
from tests.factories import ComplaintFactory

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(export._SheetWriter, "BATCH", 3)


def test_the_writer_thread_writes_every_row_in_order(small_batches):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("rows")
    writer = export._SheetWriter(sheet, lambda row: [row[0], row[1] * 2])
    writer.start()
    for i in range(8):
        writer.append((f"TS{i:06d}", i))
    writer.close()
    out = BytesIO()
    book.save(out)
    rows = [tuple(row) for row in load_workbook(out).active.iter_rows(values_only=True)]
    assert writer.written == 8
    assert rows == [(f"TS{i:06d}", i * 2) for i in range(8)]


def test_an_error_in_the_writer_thread_reaches_the_caller(small_batches):
    def row_of(row):
        if row == 4:
            raise ValueError("row 4")
        return [row]

    book = Workbook(write_only=True)
    writer = export._SheetWriter(book.create_sheet("rows"), row_of)
    writer.start()
    with pytest.raises(ValueError, match="row 4"):
        try:
            for i in range(100):
                writer.append(i)
        finally:
            writer.close()
    assert not writer.is_alive()
    assert writer.written < 100  # the caller stopped reading once the writer had failed
    book.save(BytesIO())  # an unsaved write-only workbook complains when collected


def _complaints(cast, n):
    for i in range(n):
        complaint = ComplaintFactory(
            customer__store=cast.store, raised_at=datetime(2026, 10, 1 + i % 28, 10, tzinfo=TZ)
        )
        ComplaintDepartment.objects.create(complaint=complaint, department=cast.workshop)


def test_the_summary_reads_the_month_in_five_queries(cast, django_assert_num_queries):
    scope = statistics.Scope(stores=(cast.store,))
    now = datetime(2026, 11, 5, tzinfo=TZ)
    _complaints(cast, 1)
    with django_assert_num_queries(5):
        assert statistics.month_summary(scope, date(2026, 10, 1), now=now).complaints == 1
    _complaints(cast, 9)
    with django_assert_num_queries(5):
        summary = statistics.month_summary(scope, date(2026, 10, 1), now=now)
    assert summary.complaints == 10 and summary.rounds == 10
    assert sum(summary.by_category.values()) == 10 and summary.by_department == {"workshop": 10}
