"""The monthly complaint statistics download (顾客投诉统计表): the workbook opened again with openpyxl, every figure
against counts computed from the rows (tests/complaints/month_data.py), who gets which rows, the download log."""

from datetime import date
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from complaints.models import Complaint, ExportLog, Milestone, Route, Severity, Stage
from organization.models import Department
from organization.roles import Role
from tests.complaints.month_data import (
    MONTH,
    expected_figures,
    expected_staff,
    generate_month,
    open_workbook,
    sheet_rows,
    summary_sections,
)

URL = reverse("complaints:export")
C = Complaint

COMPLAINT_HEADERS = [
    "Number",
    "Round",
    "Store",
    "Raised at",
    "Customer",
    "Plate",
    "Source",
    "Category",
    "Severity",
    "Route",
    "Stage",
    "Departments",
    "Responsible",
    "Staff at fault",
    "Loss",
    "Root cause",
    "Repair technique",
    "Milestones met on time",
    "Milestones",
    "Breaches",
    "Voided by appeal at",
    "Archived at",
]
STAFF_HEADERS = [
    "Store",
    "Staff member",
    "Department",
    "Vehicles served",
    "Complaints",
    "Complaint rate (%)",
    "Implicit-loss complaints",
    "Implicit-loss allowance",
    "客户抱怨 complaints",
    "客户抱怨 allowance",
    "Allowance fine (CNY)",
    "Recorded fines (CNY)",
    "Total (CNY)",
]


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def month(cast, log, other_store):
    return generate_month(cast, log, other_store)


def download(client, user, **params):
    client.force_login(user)
    return client.get(URL, {"month": "2026-10", **params})


def workbook_of(response):
    assert response.status_code == 200, response.content[:500]
    return open_workbook(b"".join(response.streaming_content))


def assert_chinese_safe(response, name):
    """The file's name survives every browser: ASCII as is, anything else RFC 5987-encoded."""
    disposition = response["Content-Disposition"]
    disposition.encode("ascii")
    if name.isascii():
        assert disposition == f'attachment; filename="{name}"'
    else:
        assert disposition.startswith("attachment; filename*=utf-8''")
        assert unquote(disposition.split("''", 1)[1]) == name


def labelled(counter, choices, blank=None):
    labels = dict(choices)
    return {str(labels[value]) if value else blank: n for value, n in counter.items() if n}


def assert_summary(sheet, figures):
    headline, sections = summary_sections(sheet)
    assert headline[gettext("Month")] == "2026-10"
    assert headline[gettext("Complaints (rounds counted once)")] == figures["complaints"]
    assert headline[gettext("Forms raised in the month (every round)")] == figures["rounds"]
    assert headline[gettext("Voided by appeal")] == figures["voided"]
    assert headline[gettext("Breaches")] == figures["breaches"]
    not_recorded = gettext("Not recorded")
    assert sections[gettext("By category")] == labelled(figures["category"], C.Category.choices)
    assert sections[gettext("By severity")] == labelled(figures["severity"], Severity.choices)
    assert sections[gettext("By source")] == labelled(figures["source"], C.Source.choices)
    assert sections[gettext("By route")] == labelled(figures["route"], Route.choices)
    assert sections[gettext("By department involved")] == labelled(figures["department"], Department.Kind.choices)
    assert sections[gettext("By root cause")] == labelled(figures["root_cause"], C.RootCause.choices, not_recorded)
    assert sections[gettext("Repair technique")] == labelled(figures["technique"], C.Technique.choices)
    kinds = dict(Milestone.Kind.choices)
    assert sections[gettext("On time by milestone")] == {
        str(kinds[kind]): (met, due, pytest.approx(met / due)) for kind, (met, due) in figures["on_time"].items()
    }
    assert sections[gettext("Breaches by milestone")] == labelled(figures["breach_kind"], Milestone.Kind.choices)
    assert sections[gettext("Breaches by department charged")] == labelled(
        figures["breach_department"], Department.Kind.choices, gettext("No department")
    )


def assert_complaints(sheet, figures):
    rows = sheet_rows(sheet)
    assert list(rows[0]) == [gettext(h) for h in COMPLAINT_HEADERS]
    forms = {form.number: form for form in figures["forms"]}
    assert sorted(row[0] for row in rows[1:]) == sorted(forms)
    departments = dict(Department.Kind.choices)
    for row in rows[1:]:
        form = forms[row[0]]
        milestones = list(form.milestones.filter(cancelled_at=None))
        kinds = sorted(form.involved.values_list("department__kind", flat=True))
        expected = {
            "Round": form.round,
            "Store": form.store.name,
            "Raised at": timezone.localtime(form.raised_at).replace(tzinfo=None),
            "Customer": form.customer.name,
            "Plate": form.vehicle.plate if form.vehicle else None,
            "Source": str(form.get_source_display()),
            "Category": str(form.get_category_display()),
            "Severity": str(form.get_severity_display()),
            "Route": str(form.get_route_display()),
            "Stage": str(Stage(form.stage).label),
            "Responsible": str(form.responsible) if form.responsible else None,
            "Departments": "、".join(str(departments[k]) for k in kinds) or None,
            "Staff at fault": "、".join(sorted(str(p) for p in form.at_fault.all())) or None,
            "Loss": str(form.get_loss_display()),
            "Root cause": str(form.get_root_cause_display()) or None,
            "Repair technique": str(form.get_technique_display()) or None,
            "Milestones met on time": sum(1 for m in milestones if m.met_at and m.met_at <= m.due_at),
            "Milestones": len(milestones),
            "Breaches": form.breaches.count(),
            "Voided by appeal at": timezone.localtime(form.voided_at).replace(tzinfo=None) if form.voided_at else None,
            "Archived at": None,
        }
        assert dict(zip(COMPLAINT_HEADERS[1:], row[1:], strict=True)) == expected, row[0]


def assert_staff(sheet, figures, store):
    rows = sheet_rows(sheet)
    assert list(rows[0]) == [gettext(h) for h in STAFF_HEADERS]
    expected = expected_staff(figures["chains"])
    assert {row[1] for row in rows[1:]} == set(expected)
    for row in rows[1:]:
        person = expected[row[1]]
        assert row[0] == store.name
        assert row[3:] == (0, person["complaints"], None, person["implicit"], 0, person["vague"], 0) + (
            person["allowance_fine"],
            person["fines"],
            person["total"],
        ), row


def test_it_writes_the_three_sheets_with_every_figure_of_the_month(client, cast, month):
    response = download(client, cast.gm)
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert_chinese_safe(response, f"{gettext('Complaint statistics')}-2026-10-north.xlsx")
    book = workbook_of(response)
    assert book.sheetnames == [gettext("Overview"), gettext("Staff"), gettext("Complaints")]
    figures = expected_figures(stores=[cast.store])
    assert figures["complaints"] == 14 and figures["rounds"] == 16 and figures["voided"] == 1  # the data is varied
    assert figures["breaches"] and len(figures["on_time"]) > 3 and figures["technique"]
    assert_summary(book[gettext("Overview")], figures)
    assert_staff(book[gettext("Staff")], figures, cast.store)
    assert_complaints(book[gettext("Complaints")], figures)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.column_dimensions["A"].width > 10
    assert book[gettext("Complaints")]["D2"].is_date


def test_the_after_sales_manager_downloads_their_store(client, cast, month):
    book = workbook_of(download(client, cast.manager))
    assert_summary(book[gettext("Overview")], expected_figures(stores=[cast.store]))


def test_a_department_head_gets_only_their_departments_rows_and_staff(client, cast, month):
    response = download(client, cast.workshop_head)
    name = f"{gettext('Complaint statistics')}-2026-10-north-{cast.workshop.get_kind_display()}.xlsx"
    assert_chinese_safe(response, name)
    book = workbook_of(response)
    figures = expected_figures(stores=[cast.store], department=cast.workshop)
    assert 0 < figures["rounds"] < expected_figures(stores=[cast.store])["rounds"]
    assert_summary(book[gettext("Overview")], figures)
    assert_complaints(book[gettext("Complaints")], figures)
    staff = sheet_rows(book[gettext("Staff")])[1:]
    assert [row[1] for row in staff] == [str(cast.technician)]  # the advisor is after-sales staff


def test_the_group_user_downloads_the_whole_group_or_one_store(client, cast, month, group_user, other_store):
    book = workbook_of(download(client, group_user))
    figures = expected_figures()
    assert figures["complaints"] == 15
    assert_summary(book[gettext("Overview")], figures)
    assert_complaints(book[gettext("Complaints")], figures)
    one = workbook_of(download(client, group_user, store=other_store.code))
    assert_summary(one[gettext("Overview")], expected_figures(stores=[other_store]))
    assert download(client, group_user, store="nowhere").status_code == 404


def test_another_store_answers_404(client, cast, month, other_store):
    assert download(client, cast.gm, store=other_store.code).status_code == 404
    assert not ExportLog.objects.exists()


@pytest.mark.parametrize("role", [Role.CUSTOMER_SERVICE, Role.FRONT_DESK_SUPERVISOR, Role.SERVICE_ADVISOR])
def test_the_wrong_role_gets_403(client, staff, role):
    assert download(client, staff(role)).status_code == 403
    assert not ExportLog.objects.exists()


def test_each_download_is_logged(client, cast, month, group_user, other_store):
    download(client, cast.gm)
    download(client, cast.workshop_head, month="2026-09")
    download(client, group_user)
    download(client, group_user, store=other_store.code)
    logs = list(ExportLog.objects.order_by("pk").values_list("user", "month", "scope", "store", "department"))
    assert logs == [
        (cast.gm.pk, MONTH, ExportLog.Scope.STORE, cast.store.pk, None),
        (cast.workshop_head.pk, date(2026, 9, 1), ExportLog.Scope.DEPARTMENT, cast.store.pk, cast.workshop.pk),
        (group_user.pk, MONTH, ExportLog.Scope.GROUP, None, None),
        (group_user.pk, MONTH, ExportLog.Scope.STORE, other_store.pk, None),
    ]
    assert all(at is not None for at in ExportLog.objects.values_list("at", flat=True))


@pytest.mark.parametrize("bad", ["", "2026-13", "2026-1", "26-10", "abcd-ef", "1999-12", "9999-12", "2026-10-01"])
def test_a_bad_month_answers_400_with_a_message(client, cast, bad):
    client.force_login(cast.gm)
    response = client.get(URL, {"month": bad})
    assert response.status_code == 400
    assert gettext("Give the month as YYYY-MM, e.g. 2026-11.") in response.content.decode()
    assert not ExportLog.objects.exists()


def test_the_statistics_page_shows_the_months_headline_figures(client, cast, month):
    client.force_login(cast.gm)
    response = client.get(reverse("complaints:statistics"), {"month": "2026-10"})
    assert response.status_code == 200
    figures = expected_figures(stores=[cast.store])
    assert response.context["summary"].complaints == figures["complaints"]
    assert response.context["summary"].breaches == figures["breaches"]
    assert URL in response.content.decode()
    bad = client.get(reverse("complaints:statistics"), {"month": "2026-99"})
    assert bad.status_code == 422
    assert gettext("Give the month as YYYY-MM, e.g. 2026-11.") in bad.content.decode()
