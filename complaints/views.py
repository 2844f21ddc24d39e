"""The complaint queues, one per role: the store's, a department head's, and "my complaints" (SPEC sections 1, 5)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from complaints import queues
from complaints.queue_forms import QueueFilterForm
from complaints.roles import ANSWER_FOR_DEPARTMENT, INSTRUCT_MAJORS, NAMED_ON_COMPLAINTS, READ_COMPLAINT_QUEUE
from organization.roles import role_required

PER_PAGE = 25


@require_GET
@role_required(*READ_COMPLAINT_QUEUE)
def queue(request):
    gm = request.user.has_any_role(*INSTRUCT_MAJORS)
    return queue_page(request, queues.store_queue(request.user), title=_("Complaint queue"), gm_first=gm)


@require_GET
@role_required(*ANSWER_FOR_DEPARTMENT)
def department(request):
    return queue_page(request, queues.department_queue(request.user), title=_("Department complaints"))


@require_GET
@role_required(*NAMED_ON_COMPLAINTS)
def mine(request):
    return queue_page(request, queues.my_complaints(request.user), title=_("My complaints"))


def queue_page(request, complaints, *, title, gm_first=False):
    """The filtered, sorted, paginated queue; an htmx filter change swaps only the table."""
    now = timezone.now()
    form = QueueFilterForm(request.GET, user=request.user)
    form.is_valid()
    complaints = queues.with_deadlines(complaints, waiting_for_gm_first=gm_first)
    complaints = queues.filter_queue(complaints, form.filters(), now=now)
    page = Paginator(complaints, PER_PAGE).get_page(request.GET.get("page"))
    milestones = queues.nearest_milestones(page)
    rows = [(complaint, milestones.get(complaint.next_milestone_pk)) for complaint in page]
    context = {"title": title, "form": form, "page": page, "rows": rows, "now": now, "gm_first": gm_first}
    template = "complaints/_queue_table.html" if request.htmx else "complaints/queue.html"
    return render(request, template, context)
