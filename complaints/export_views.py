"""The monthly complaint statistics: the page with the month's headline figures, and the .xlsx download."""

import tempfile

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from complaints import export, statistics
from complaints.models import ExportLog
from complaints.roles import READ_STATISTICS
from organization.models import Store
from organization.roles import role_required


def _month(request, *, default=None):
    """The month asked for (`default` when none), or None and the message saying what is wrong with it."""
    text = request.GET.get("month", "")
    if not text and default is not None:
        return default, ""
    try:
        return statistics.parse_month(text), ""
    except ValidationError as error:
        return None, error.messages[0]


@require_GET
@role_required(*READ_STATISTICS)
def statistics_page(request):
    scope = statistics.scope_for(request.user, request.GET.get("store", ""))
    month, error = _month(request, default=timezone.localdate().replace(day=1))
    context = {
        "scope": scope,
        "scope_label": export.scope_label(scope),
        "month": month,
        "error": error,
        "stores": Store.objects.order_by("code") if request.user.is_group_manager else [],
        "store_code": scope.store.code if scope.store else "",
    }
    if month is not None:
        context["summary"] = statistics.month_summary(scope, month)
    return render(request, "complaints/statistics.html", context, status=422 if error else 200)


@require_GET
@role_required(*READ_STATISTICS)
def export_statistics(request):
    scope = statistics.scope_for(request.user, request.GET.get("store", ""))
    month, error = _month(request)
    if month is None:
        context = {"scope": scope, "scope_label": export.scope_label(scope), "month": None, "error": error}
        return render(request, "complaints/statistics.html", context, status=400)
    file = tempfile.TemporaryFile()
    export.write_workbook(file, scope, month)
    file.seek(0)
    ExportLog.objects.create(
        store=scope.store,
        user=request.user,
        month=month,
        scope=_log_scope(scope),
        department=scope.department,
    )
    return FileResponse(file, as_attachment=True, filename=export.filename(month, scope))


def _log_scope(scope: statistics.Scope) -> str:
    if scope.department is not None:
        return ExportLog.Scope.DEPARTMENT
    return ExportLog.Scope.STORE if scope.store is not None else ExportLog.Scope.GROUP
