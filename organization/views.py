from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from organization.forms import PolicyForm
from organization.models import PolicySet
from organization.navigation import landing_page_for
from organization.policies import changes_between, current_policy, definition, revise_policy
from organization.roles import EDIT_POLICIES, role_required


@require_GET
@login_required
def landing(request):
    return redirect(landing_page_for(request.user))


@require_GET
@login_required
def no_role(request):
    return render(request, "organization/no_role.html", status=403)


@require_GET
@login_required
def notifications(request):
    page = Paginator(request.user.notifications.all(), 30).get_page(request.GET.get("page"))
    return render(request, "organization/notifications.html", {"page": page})


@require_GET
@login_required
def notification_badge(request):
    unread = request.user.notifications.unread().count()
    return render(request, "organization/_notification_badge.html", {"unread": unread})


@require_POST
@login_required
def mark_notifications_read(request):
    request.user.notifications.unread().update(read_at=timezone.now())
    return redirect("organization:notifications")


def _policy_scope(user):
    """The GM edits their store's policy; the group user edits the group defaults (store None)."""
    return None if user.is_group_manager else user.store


@require_http_methods(["GET", "POST"])
@role_required(*EDIT_POLICIES)
def policies(request):
    base = current_policy(_policy_scope(request.user))
    form = PolicyForm(request.POST or None, policy_set=base)
    if request.method == "POST":
        if form.is_valid():
            try:
                if form.cleaned_data["base_version"] != base.version:
                    base = PolicySet.objects.get(store=base.store, version=form.cleaned_data["base_version"])
                revised = revise_policy(base, form.changes(), by=request.user, note=form.cleaned_data["note"])
                messages.success(request, _("Saved as version %(version)s.") % {"version": revised.version})
                return redirect("organization:policies")
            except (ValidationError, PolicySet.DoesNotExist) as error:
                form.add_error(None, error if isinstance(error, ValidationError) else _("Unknown version."))
        status = 422
    else:
        status = 200
    return render(request, "organization/policies.html", {"form": form, "policy_set": base}, status=status)


@require_GET
@role_required(*EDIT_POLICIES)
def policy_history(request):
    scope = _policy_scope(request.user)
    page = Paginator(PolicySet.objects.filter(store=scope).select_related("created_by"), 10).get_page(
        request.GET.get("page")
    )
    numbers = [policy_set.version for policy_set in page]
    around = PolicySet.objects.filter(
        store=scope, version__gte=min(numbers, default=1) - 1, version__lte=max(numbers, default=0)
    )
    by_number = {s.version: s for s in around.select_related("created_by").prefetch_related("values")}
    rows = [
        (
            by_number[n],
            [(definition(k).label, old, new) for k, old, new in changes_between(by_number.get(n - 1), by_number[n])],
        )
        for n in numbers
    ]
    return render(request, "organization/policy_history.html", {"page": page, "rows": rows})
