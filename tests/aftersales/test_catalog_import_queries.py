"""The price import writes in sets: its query count does not grow with the rows; a line imported by someone else
between the check and the insert is a refusal with a message, not a 500."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aftersales import catalog
from aftersales.models import LaborOperation
from organization.roles import Role
from tests.factories import LaborOperationFactory


def rows(count: int) -> list[dict[str, str]]:
    return [
        {"code": f"M{n:04d}", "name": f"工时{n}", "job_type": "保养", "standard_hours": "1.5", "hourly_rate": "210"}
        for n in range(count)
    ]


def import_counting_queries(store, data, by) -> int:
    with CaptureQueriesContext(connection) as queries:
        catalog.run_import(catalog.LABOR, store, data, by=by)
    return len(queries.captured_queries)


def test_the_query_count_does_not_grow_with_the_rows(store, other_store, staff):
    by = staff(Role.AFTER_SALES_MANAGER)
    small, large = rows(10), [{**row, "code": "L" + row["code"]} for row in rows(300)]
    # A third of each file updates a line already on file.
    for row in small[::3] + large[::3]:
        LaborOperationFactory(store=store, code=row["code"], hourly_rate="180")
    few = import_counting_queries(store, small, by)
    many = import_counting_queries(store, large, by)
    # SQLite binds at most 999 values a statement, so Django splits a batch's inserts: a few more for 300 rows.
    assert many <= few + 12
    assert LaborOperation.objects.filter(store=store, hourly_rate=Decimal("210")).count() == 310


def test_a_code_imported_by_someone_else_after_the_check_refuses_the_import(store, staff, monkeypatch):
    check_rows = catalog.check_rows

    def then_someone_imports(*args, **kwargs):
        checked = check_rows(*args, **kwargs)
        LaborOperationFactory(store=store, code="M0001")
        return checked

    monkeypatch.setattr(catalog, "check_rows", then_someone_imports)
    with pytest.raises(ValidationError) as refused:
        catalog.run_import(catalog.LABOR, store, rows(3), by=staff(Role.AFTER_SALES_MANAGER))
    assert refused.value.code == "imported_meanwhile"
    assert not LaborOperation.objects.exists()  # nothing half-imported (the other's row is rolled back with it here)
