"""The GM's preview of the due times a complaint logged now would get (read-only for the after-sales manager)."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from complaints import preview
from complaints.roles import PREVIEW_DEADLINES
from organization.roles import role_required


@require_GET
@role_required(*PREVIEW_DEADLINES)
def deadline_preview(request):
    now = timezone.localtime()
    context = {"now": now, "cases": preview.preview(request.user.store, now)}
    return render(request, "complaints/deadline_preview.html", context)
