"""The statistics' rules: which month a text names, whose figures a user reads, and the per-complaint rows' cost."""

from datetime import date, datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from complaints import export, statistics
from complaints.models import ComplaintDepartment
from organization.roles import Role
from tests.factories import ComplaintFactory, RepairOrderFactory, UserFactory

TZ = ZoneInfo("Asia/Shanghai")


def test_a_month_is_written_yyyy_mm():
    assert statistics.parse_month("2026-10") == date(2026, 10, 1)
    assert statistics.parse_month(" 2000-01 ") == date(2000, 1, 1)
    for bad in ["", "2026-13", "2026-00", "2026-1", "202610", "2026/10", "1999-12", "2100-01", "9999-12", "2026-10-01"]:
        with pytest.raises(ValidationError):
            statistics.parse_month(bad)


def test_managers_read_their_store_and_a_head_their_department(cast, staff, store, other_store):
    assert statistics.scope_for(cast.gm) == statistics.Scope(stores=(store,))
    assert statistics.scope_for(cast.manager, store.code) == statistics.Scope(stores=(store,))
    assert statistics.scope_for(cast.workshop_head) == statistics.Scope(stores=(store,), department=cast.workshop)
    # The demo's after-sales manager also heads the after-sales department: the manager's store-wide view wins.
    both = staff(Role.AFTER_SALES_MANAGER, Role.DEPARTMENT_HEAD, department=cast.after_sales)
    assert statistics.scope_for(both) == statistics.Scope(stores=(store,))
    with pytest.raises(Http404):
        statistics.scope_for(cast.gm, other_store.code)
    with pytest.raises(PermissionDenied):
        statistics.scope_for(cast.customer_service)


def test_a_head_of_no_department_reads_nothing(staff, store):
    head = staff(Role.DEPARTMENT_HEAD)
    scope = statistics.scope_for(head)
    assert scope.empty
    ComplaintFactory(customer__store=store, raised_at=datetime(2026, 10, 5, tzinfo=TZ))
    assert statistics.month_summary(scope, date(2026, 10, 1)).complaints == 0
    assert not statistics.complaint_rows(scope, date(2026, 10, 1)).exists()


def test_the_group_user_reads_one_store_or_every_store(group_user, store, other_store):
    assert statistics.scope_for(group_user) == statistics.Scope(stores=None)
    assert statistics.scope_for(group_user, other_store.code) == statistics.Scope(stores=(other_store,))
    with pytest.raises(Http404):
        statistics.scope_for(group_user, "nowhere")


def _complaints(cast, n):
    for i in range(n):
        complaint = ComplaintFactory(
            customer__store=cast.store,
            raised_at=datetime(2026, 10, 1 + i % 28, 10, tzinfo=TZ),
            responsible=cast.advisor,
        )
        complaint.at_fault.set([cast.technician, cast.advisor])
        ComplaintDepartment.objects.create(complaint=complaint, department=cast.workshop)


def _queries(scope, write) -> int:
    with CaptureQueriesContext(connection) as queries:
        write(scope)
    return len(queries)


def _complaint_sheet(scope):
    book = Workbook(write_only=True)
    export.write_complaints(book, scope, date(2026, 10, 1))
    book.save(BytesIO())


@pytest.mark.parametrize(
    "write",
    [
        _complaint_sheet,
        lambda scope: export.write_workbook(BytesIO(), scope, date(2026, 10, 1), now=datetime(2026, 11, 5, tzinfo=TZ)),
    ],
    ids=["complaint sheet", "workbook"],
)
def test_the_query_count_does_not_grow_with_the_month(cast, write):
    scope = statistics.Scope(stores=(cast.store,))
    _complaints(cast, 1)
    one = _queries(scope, write)
    _complaints(cast, 29)
    assert statistics.complaint_rows(scope, date(2026, 10, 1)).count() == 30
    assert _queries(scope, write) == one


def _store_with_a_complaint_at_fault():
    complaint = ComplaintFactory(raised_at=datetime(2026, 10, 3, 10, tzinfo=TZ))
    technician = UserFactory(store=complaint.store)
    complaint.at_fault.set([technician])
    RepairOrderFactory(
        store=complaint.store,
        status="delivered",
        delivered_by=technician,
        delivered_at=datetime(2026, 10, 4, 10, tzinfo=TZ),
    )
    return complaint.store


@pytest.mark.django_db
def test_the_group_workbook_reads_every_store_in_the_same_number_of_queries():
    """The group's export: the staff sheet's penalties come from one set of queries for all stores, not per store."""

    def group_workbook(scope):
        export.write_workbook(BytesIO(), scope, date(2026, 10, 1), now=datetime(2026, 11, 5, tzinfo=TZ))

    _store_with_a_complaint_at_fault()
    one = _queries(statistics.Scope(stores=None), group_workbook)
    for _ in range(9):
        _store_with_a_complaint_at_fault()
    assert len(list(statistics.staff_of_month(statistics.Scope(stores=None), date(2026, 10, 1)))) == 10
    assert _queries(statistics.Scope(stores=None), group_workbook) == one


def test_the_workbook_writes_every_complaint_row(cast):
    _complaints(cast, 3)
    scope = statistics.Scope(stores=(cast.store,))
    assert export.write_workbook(BytesIO(), scope, date(2026, 10, 1)) == 3
    assert export.write_workbook(BytesIO(), scope, date(2026, 10, 1) + timedelta(days=31)) == 0
