"""Complaint queues; the complaints issue fills them."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from organization.roles import Role, role_required


@require_GET
@role_required(
    Role.CUSTOMER_SERVICE,
    Role.FRONT_DESK_SUPERVISOR,
    Role.AFTER_SALES_MANAGER,
    Role.GENERAL_MANAGER,
    Role.GROUP_MANAGEMENT,
)
def queue(request):
    coming = _("Complaints waiting for handling, with their milestones and deadlines.")
    return render(request, "placeholder.html", {"title": _("Complaint queue"), "coming": coming})


@require_GET
@role_required(Role.DEPARTMENT_HEAD)
def department(request):
    coming = _("Complaints dispatched to your department, and appeals addressed to you.")
    return render(request, "placeholder.html", {"title": _("Department complaints"), "coming": coming})
