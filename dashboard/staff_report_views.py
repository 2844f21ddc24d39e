"""The monthly staff report (员工月度考核表): the page and its .xlsx, each showing the rows the user may read."""

import tempfile

from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from complaints.penalty_views import chosen_store, store_choices
from dashboard import staff_report as report_of
from dashboard.models import StaffReportDownload
from dashboard.roles import READ_STAFF_REPORT
from organization.forms import MonthForm
from organization.models import Store
from organization.roles import role_required

TEMPLATE = "dashboard/staff_report.html"


def _month_and_store(request):
    """(the month form, the store whose report is read: the user's own, the group user's choice or None)."""
    return MonthForm(request.GET), chosen_store(request)


@require_GET
@role_required(*READ_STAFF_REPORT)
def staff_report(request):
    form, store = _month_and_store(request)
    context = {"month_form": form, **store_choices(request, store)}
    if not form.is_valid():
        return render(request, TEMPLATE, context, status=422)
    month = form.chosen()
    context["month"] = month
    if store is None:  # the group user, before choosing a store
        return render(request, TEMPLATE, {**context, "choose_store": True})
    report, computed_at = report_of.recent_staff_report(store, month, timezone.now())
    report = report_of.visible_to(report, request.user)
    headers, values = report_of.table(report)
    department_headers, department_rows = report_of.department_table(report)
    context |= {
        "report": report,
        "headers": headers,
        "rows": list(zip(report.rows, values, strict=True)),
        "department_headers": department_headers,
        "department_rows": department_rows,
        "totals_offset": len(headers) - 3,
        "computed_at": computed_at,
    }
    return render(request, TEMPLATE, context)


@require_GET
@role_required(*READ_STAFF_REPORT)
def staff_report_xlsx(request):
    form, store = _month_and_store(request)
    if form.is_valid() and store is None and request.user.is_group_manager:
        return _group_xlsx(request, form.chosen())
    if not form.is_valid() or store is None:
        context = {"month_form": form, **store_choices(request, store), "choose_store": store is None}
        return render(request, TEMPLATE, context, status=400)
    month = form.chosen()
    report = report_of.visible_to(report_of.staff_report(store, month), request.user)
    file = tempfile.TemporaryFile()
    report_of.write_workbook(file, store, report)
    file.seek(0)
    StaffReportDownload.objects.create(
        store=store, user=request.user, month=month, scope=report_of.rows_scope(request.user)
    )
    return FileResponse(file, as_attachment=True, filename=report_of.filename(store, month))


def _group_xlsx(request, month):
    """Every store's report in one workbook, for the group user; the download is logged in each store's record."""
    stores = list(Store.objects.filter(is_active=True).order_by("code"))
    file = tempfile.TemporaryFile()
    report_of.write_group_workbook(file, stores, month)
    file.seek(0)
    StaffReportDownload.objects.bulk_create(
        StaffReportDownload(store=store, user=request.user, month=month, scope=StaffReportDownload.Scope.GROUP)
        for store in stores
    )
    return FileResponse(file, as_attachment=True, filename=report_of.group_filename(month))
