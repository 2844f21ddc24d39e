"""The monthly staff report (员工月度考核表): a fixture month's figures as literals, on the page and in the .xlsx; the
owning apps' functions are what it reads; who sees which rows; constant queries; bad months."""

from datetime import datetime
from decimal import Decimal
from io import BytesIO
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook

from complaints.models import Fine
from dashboard.models import StaffReportDownload
from dashboard.staff_report import staff_report
from organization.roles import Role
from tests.dashboard.staff_month import SEPTEMBER, build_month, fake_referral, lounge_violation, more_people
from tests.factories import UserFactory

PAGE = reverse("dashboard:staff_report")
XLSX = reverse("dashboard:staff_report_xlsx")
D = Decimal


@pytest.fixture
def cast(store):
    return build_month(store)


def by_name(report):
    return {row.person.name: row for row in report.rows}


def cells(response) -> dict[str, list[str]]:
    """Person's name → the texts of their row's cells on the page."""
    html = response.content.decode()
    table = html.split('data-testid="staff-report-table"')[1].split("</table>")[0]
    rows = {}
    for chunk in table.split("<tr data-person=")[1:]:
        chunk = chunk.split("</tr>")[0]
        texts = [cell.split(">", 1)[1].split("</td>")[0] for cell in chunk.split("<td")[1:]]
        rows[texts[0]] = texts
    return rows


def test_the_fixture_months_figures_per_person(cast, store):
    report = staff_report(store, SEPTEMBER)
    rows = by_name(report)
    assert set(rows) == {"刘顾问", "杨客服", "黄技师", "张销售", "孙经理"}

    advisor = rows["刘顾问"]
    assert (advisor.csi.mean_score, advisor.responses) == (D("88.50"), 4)
    assert (advisor.penalties.served, advisor.penalties.complaints, advisor.penalties.implicit_loss) == (10, 1, 1)
    assert (advisor.penalties.implicit_allowed, advisor.penalties.allowance_fine) == (0, D(50))
    assert advisor.fine(Fine.Kind.EXPLICIT_LOSS) == D(200)
    assert (advisor.fines_total, advisor.incentives_total, advisor.net) == (D(250), D(100), D(-150))

    cs = rows["杨客服"].callbacks
    assert (cs.due, cs.reached, cs.completed, cs.success_rate, cs.completion_rate) == (4, 3, 1, D("75.00"), D("33.33"))

    tech = rows["黄技师"]
    assert (tech.lounge, tech.fine(Fine.Kind.OFFENCE), tech.offences, tech.fake_appointments) == (
        D(20),
        D(50),
        1,
        D(150),
    )
    assert (tech.fines_total, tech.net) == (D(220), D(-220))

    sales = rows["张销售"]
    assert (sales.fake_referrals, sales.satisfaction_fines, sales.fines_total) == (D(300), D(500), D(800))
    assert rows["孙经理"].satisfaction_fines == D(500)

    assert [(line.department.kind, line.below_standard, line.item_rewards) for line in report.departments] == [
        ("after_sales", D(500), D(0)),
        ("workshop", D(0), D(600)),
    ]
    assert (report.fines_total, report.incentives_total, report.net) == (D(1770), D(100), D(-1670))


def test_a_month_that_does_not_close_a_quarter_carries_no_item_fines(cast, store):
    report = staff_report(store, SEPTEMBER.replace(month=8))
    assert report.quarter is None and report.departments == [] and report.rows == []


def test_the_page_shows_the_gm_every_row_with_its_figures(cast, client_of):
    response = client_of(cast.gm).get(PAGE, {"month": "2026-09"})
    assert response.status_code == 200
    rows = cells(response)
    assert set(rows) == {"刘顾问", "杨客服", "黄技师", "张销售", "孙经理"}
    advisor = rows["刘顾问"]
    assert (
        advisor[2] == "88.50" and advisor[10:13] == ["10", "1", "1"] and advisor[-3:] == ["250.00", "100.00", "-150.00"]
    )
    assert rows["杨客服"][5:10] == ["4", "3", "1", "75.00", "33.33"]
    assert rows["黄技师"][-3:] == ["220.00", "0.00", "-220.00"]
    html = response.content.decode()
    totals = html.split('data-testid="staff-report-totals"')[1].split("</tr>")[0]
    assert ">1770.00<" in totals and ">100.00<" in totals and ">-1670.00<" in totals
    assert 'data-testid="staff-report-departments"' in html


def test_the_xlsx_holds_the_same_table_in_chinese_with_numbers_as_numbers_and_is_logged(cast, store, client_of):
    response = client_of(cast.gm).get(XLSX, {"month": "2026-09"})
    assert response.status_code == 200
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == [gettext("Monthly staff report")]
    values = list(book.active.iter_rows(values_only=True))
    headers = values[1]
    assert headers[:2] == ("姓名", "部门")
    for chinese in ("服务台次", "客户投诉", "超比例罚款", "扣发精品加装提成", "套餐奖励（元）", "应回访"):
        assert chinese in headers
    rows = {row[0]: dict(zip(headers, row, strict=True)) for row in values[2:7]}
    advisor = rows["刘顾问"]
    assert (advisor["服务台次"], advisor["客户投诉"], advisor["超比例罚款"], advisor["套餐奖励（元）"]) == (
        10,
        1,
        50,
        100,
    )
    assert (
        advisor[headers[2]] == 88.5 and isinstance(advisor[headers[-1]], int | float) and advisor[headers[-1]] == -150
    )
    assert rows["杨客服"]["应回访"] == 4
    assert values[7][-3:] == (1770, 100, -1670)
    assert values[9][0] == "部门"
    assert [row[1:4] for row in values[10:12]] == [(500, 0, -500), (0, 600, 600)]
    log = StaffReportDownload.objects.get()
    assert (log.store, log.user, log.month, log.scope) == (store, cast.gm, SEPTEMBER, "store")


def test_the_report_reads_each_owning_apps_function(cast, store):
    owners = {
        "dashboard.staff_report.penalties_by_store": None,
        "dashboard.staff_report.offence_counts": None,
        "dashboard.staff_report.lounge_fines": None,
        "dashboard.staff_report.fake_referral_fines": None,
        "dashboard.staff_report.fake_appointment_fines": None,
        "dashboard.staff_report.incentives_for": None,
        "dashboard.staff_report.staff_scores": None,
        "dashboard.staff_report.callback_performance": None,
        "surveys.satisfaction_fines.department_fines": None,
        "surveys.satisfaction_fines.quarterly_item_fines_and_rewards": None,
    }
    patches = []
    for target in owners:
        module, name = target.rsplit(".", 1)
        original = getattr(__import__(module, fromlist=[name]), name)
        patches.append(mock.patch(target, wraps=original))
    spies = [patch.start() for patch in patches]
    try:
        report = staff_report(store, SEPTEMBER)
    finally:
        for patch in patches:
            patch.stop()
    for target, spy in zip(owners, spies, strict=True):
        assert spy.called, target
    assert report.fines_total == D(1770)  # the wrapped functions' answers are what the report shows


def test_a_department_head_reads_only_their_departments_people(cast, client_of):
    response = client_of(cast.sales_head).get(PAGE, {"month": "2026-09"})
    assert set(cells(response)) == {"张销售", "孙经理"}
    assert 'data-testid="staff-report-departments"' not in response.content.decode()  # neither line is sales'


def test_a_staff_member_reads_only_their_own_row_and_downloads_only_it(cast, client_of):
    client = client_of(cast.tech)
    assert set(cells(client.get(PAGE, {"month": "2026-09"}))) == {"黄技师"}
    book = load_workbook(BytesIO(b"".join(client.get(XLSX, {"month": "2026-09"}).streaming_content)))
    names = [row[0] for row in book.active.iter_rows(min_row=3, values_only=True)]
    assert names[0] == "黄技师" and "刘顾问" not in names
    assert StaffReportDownload.objects.get().scope == "own"


def test_the_group_user_reads_any_chosen_store(cast, store, other_store, group_user, client_of):
    lounge_violation(UserFactory(store=other_store, name="南区员工"), "20", by=cast.gm)
    client = client_of(group_user)
    assert "choose-store" in client.get(PAGE, {"month": "2026-09"}).content.decode()
    assert set(cells(client.get(PAGE, {"month": "2026-09", "store": "north"}))) == {
        "刘顾问",
        "杨客服",
        "黄技师",
        "张销售",
        "孙经理",
    }
    assert set(cells(client.get(PAGE, {"month": "2026-09", "store": "south"}))) == {"南区员工"}
    assert client.get(PAGE, {"month": "2026-09", "store": "nowhere"}).status_code == 404
    assert client.get(XLSX, {"month": "2026-09", "store": "north"}).status_code == 200
    assert client.post(PAGE, {"month": "2026-09"}).status_code == 405


def test_another_stores_gm_never_reads_this_store(cast, other_store, client_of):
    gm_south = UserFactory(store=other_store, roles=[Role.GENERAL_MANAGER])
    response = client_of(gm_south).get(PAGE, {"month": "2026-09", "store": "north"})
    assert response.status_code == 200 and cells(response) == {}


def test_anonymous_is_sent_to_log_in(client):
    assert client.get(PAGE)["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("month", ["2026-13", "September", "2030-01", "1999-01"])
def test_a_bad_month_gets_a_message_and_a_4xx(cast, client_of, month):
    client = client_of(cast.gm)
    response = client.get(PAGE, {"month": month})
    assert response.status_code == 422 and 'data-testid="month-error"' in response.content.decode()
    assert client.get(XLSX, {"month": month}).status_code == 400
    assert not StaffReportDownload.objects.exists()


def test_the_pages_queries_stay_constant_with_ten_times_the_people(cast, store, client_of):
    client = client_of(cast.gm)
    client.get(reverse("landing"))  # the session's first request writes it; not the page's cost
    more_people(store, cast, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(PAGE, {"month": "2026-09"}).status_code == 200
    more_people(store, cast, 18)
    fake_referral(cast.sales, "5")
    cache.clear()  # the report is kept a minute: computed again, now over ten times the people
    with CaptureQueriesContext(connection) as large:
        response = client.get(PAGE, {"month": "2026-09"})
    assert len(cells(response)) == 5 + 20
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_page_keeps_the_report_a_minute_and_the_xlsx_never(cast, client_of, time_machine):
    time_machine.move_to(datetime(2026, 10, 5, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
    client = client_of(cast.gm)
    with mock.patch("dashboard.staff_report.staff_report", wraps=staff_report) as computed:
        client.get(PAGE, {"month": "2026-09"})
        page = client.get(PAGE, {"month": "2026-09"}).content.decode()
        assert computed.call_count == 1 and 'data-testid="computed-at"' in page and "09:00" in page
        client.get(XLSX, {"month": "2026-09"})
        assert computed.call_count == 2
        time_machine.move_to(datetime(2026, 10, 5, 9, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
        client.get(PAGE, {"month": "2026-09"})
        assert computed.call_count == 3
