"""The group user's staff report of every store in one .xlsx, and the same workbook from the command line."""

from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from dashboard.models import StaffReportDownload
from tests.dashboard.staff_month import SEPTEMBER, build_month, lounge_violation
from tests.factories import UserFactory

XLSX = reverse("dashboard:staff_report_xlsx")


@pytest.fixture
def cast(store, other_store):
    cast = build_month(store)
    lounge_violation(UserFactory(store=other_store, name="南区员工"), "20", by=cast.gm)
    return cast


def people_of(book):
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    headers = rows[0]
    return headers, [dict(zip(headers, row, strict=True)) for row in rows[1:]]


def test_the_group_downloads_every_stores_rows_in_one_workbook_logged_in_each_store(
    cast, store, other_store, group_user, client_of
):
    response = client_of(group_user).get(XLSX, {"month": "2026-09"})

    assert response.status_code == 200
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    headers, people = people_of(book)
    assert headers[:3] == ("门店代码", "门店", "姓名")
    assert [(row["门店代码"], row["姓名"]) for row in people] == [
        ("north", "刘顾问"),
        ("north", "孙经理"),
        ("north", "张销售"),
        ("north", "杨客服"),
        ("north", "黄技师"),
        ("south", "南区员工"),
    ]
    assert people[0]["服务台次"] == 10 and people[-1]["服务台次"] == 0
    departments = list(book.worksheets[1].iter_rows(values_only=True))
    assert [row[0] for row in departments[1:]] == ["north", "north"]
    logged = StaffReportDownload.objects.order_by("store__code").values_list("store__code", "user", "month", "scope")
    assert list(logged) == [
        ("north", group_user.pk, SEPTEMBER, "group"),
        ("south", group_user.pk, SEPTEMBER, "group"),
    ]


def test_a_store_user_never_gets_the_groups_workbook(cast, client_of):
    response = client_of(cast.gm).get(XLSX, {"month": "2026-09"})
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    assert "南区员工" not in {row[0] for row in book.active.iter_rows(values_only=True)}
    assert StaffReportDownload.objects.get().scope == "store"


def test_the_command_writes_the_same_workbook(cast, tmp_path):
    out = tmp_path / "staff.xlsx"
    call_command("export_staff_report", "--month", "2026-09", "--out", str(out), stdout=open("/dev/null", "w"))
    _headers, people = people_of(load_workbook(out))
    assert {row["门店代码"] for row in people} == {"north", "south"}
    with pytest.raises(CommandError):
        call_command("export_staff_report", "--month", "2026-9x", "--out", str(out))
