"""Complaint queues; the complaints issue fills them."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from complaints.roles import ANSWER_FOR_DEPARTMENT, READ_COMPLAINT_QUEUE
from organization.roles import role_required


@require_GET
@role_required(*READ_COMPLAINT_QUEUE)
def queue(request):
    coming = _("Complaints waiting for handling, with their milestones and deadlines.")
    return render(request, "placeholder.html", {"title": _("Complaint queue"), "coming": coming})


@require_GET
@role_required(*ANSWER_FOR_DEPARTMENT)
def department(request):
    coming = _("Complaints dispatched to your department, and appeals addressed to you.")
    return render(request, "placeholder.html", {"title": _("Department complaints"), "coming": coming})
