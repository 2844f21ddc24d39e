"""Callback queues: "my callbacks" (each caller's own, customer service with the unassigned ones), the
customer-service head's team queue with hand-over, and the head's call scripts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from organization.models import User
from organization.roles import role_required
from surveys import queues
from surveys.forms import CallScriptForm, QueueFilterForm, ReassignForm
from surveys.models import Callback
from surveys.roles import LEAD_CUSTOMER_SERVICE, SEE_TEAM_QUEUE
from surveys.scripts import scripts_of, write_call_script

PER_PAGE = 25
LAST_HISTORY_PAGE = 10_000  # 250,000 done calls back: further than any store's history, never an overflowing offset


def render_queue(request, callbacks, *, owners, team=False, reassign_form=None, status=200):
    """The queue page: section counts, filters, search and one page of calls, in a fixed number of queries."""
    now = timezone.now()
    form = QueueFilterForm(request.GET or None, owners=owners)
    outcome, whole_open_queue = "open", False
    if request.GET and not form.is_valid():
        status = 422
        shown = callbacks.none()
    else:
        data = form.cleaned_data if request.GET else {}
        outcome = data.get("outcome") or "open"
        whole_open_queue = outcome == "open" and not any(data.get(name) for name in ("kind", "owner", "due", "q"))
        shown = queues.work_queue(
            callbacks,
            now=now,
            kind=data.get("kind", ""),
            owner=data.get("owner"),
            due=data.get("due", ""),
            outcome=outcome,
            search=data.get("q", ""),
            by=request.user,
        )
    counts = queues.section_counts(callbacks, now)
    if outcome == "open":
        paginator = Paginator(shown, PER_PAGE)
        if whole_open_queue:
            paginator.count = sum(counts.values())  # overdue, today and later: every open call, counted once
        page = paginator.get_page(request.GET.get("page"))
    else:
        page = HistoryPage(shown, request.GET.get("page"))
    for callback in page:
        callback.section = queues.due_section(callback, now) if callback.completed_at is None else ""
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "form": form,
        "counts": counts,
        "query": query.urlencode(),
        "team": team,
        "reassign_form": reassign_form,
        "now": now,
    }
    return render(request, "surveys/queue.html", context, status=status)


class HistoryPage:
    """A page of done calls, latest first, that only knows whether another follows: two years of a store's history
    are never counted (the open queue is, its count reads the open calls' index)."""

    def __init__(self, callbacks, number):
        try:
            self.number = min(max(int(number), 1), LAST_HISTORY_PAGE)
        except (TypeError, ValueError):
            self.number = 1
        start = (self.number - 1) * PER_PAGE
        rows = list(callbacks[start : start + PER_PAGE + 1])
        self.object_list = rows[:PER_PAGE]
        self.more = len(rows) > PER_PAGE

    def __iter__(self):
        return iter(self.object_list)

    def has_next(self):
        return self.more

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next() or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


def my_queue(request):
    callbacks = Callback.objects.on_list_of(request.user)
    owners = User.objects.filter(pk=request.user.pk)
    return render_queue(request, callbacks, owners=owners)


@require_GET
@role_required(*LEAD_CUSTOMER_SERVICE, *SEE_TEAM_QUEUE)
def team_queue(request):
    """The customer-service head works it (hands calls over); the GM and the group user read it."""
    is_head = queues.customer_service_head_of(request.user) is not None
    if not is_head and not request.user.has_any_role(*SEE_TEAM_QUEUE):
        raise PermissionDenied(_("Only the customer-service head works the team's queue."))
    callbacks = Callback.objects.visible_to(request.user)
    form = ReassignForm(None, specialists=queues.specialists(request.user.store)) if is_head else None
    return render_queue(request, callbacks, owners=queues.callers(request.user), team=True, reassign_form=form)


@require_POST
@role_required(*LEAD_CUSTOMER_SERVICE, write=True)
def hand_over(request):
    if queues.customer_service_head_of(request.user) is None:
        raise PermissionDenied(_("Only the customer-service head works the team's queue."))
    form = ReassignForm(request.POST, specialists=queues.specialists(request.user.store))
    if form.is_valid():
        try:
            moved = queues.hand_over_callbacks(
                request.user.store, form.cleaned_data["picked"], to=form.cleaned_data["owner"], by=request.user
            )
            messages.success(
                request,
                _("%(count)d callbacks handed to %(person)s.")
                % {"count": len(moved), "person": form.cleaned_data["owner"]},
            )
            return redirect("surveys:team_queue")
        except ValidationError as error:
            form.add_error(None, error)
    callbacks = Callback.objects.visible_to(request.user)
    owners = queues.callers(request.user)
    return render_queue(request, callbacks, owners=owners, team=True, reassign_form=form, status=422)


@require_http_methods(["GET", "POST"])
@role_required(*LEAD_CUSTOMER_SERVICE, write=True)
def call_scripts(request):
    if queues.customer_service_head_of(request.user) is None:
        raise PermissionDenied(_("Only the customer-service head writes the call scripts."))
    form = CallScriptForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            write_call_script(request.user.store, form.cleaned_data["kind"], form.cleaned_data["text"], by=request.user)
            messages.success(request, _("Call script saved."))
            return redirect("surveys:call_scripts")
        status = 422
    scripts = scripts_of(request.user.store)
    return render(request, "surveys/call_scripts.html", {"form": form, "scripts": scripts}, status=status)
