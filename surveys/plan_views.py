"""OEM scores typed in per quarter, the store's improvement plan, a person's own actions, one action's page."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from organization.roles import role_required
from surveys.improvement import may_review, review_action
from surveys.models import ImprovementAction, OemScore
from surveys.oem import enter_oem_scores, quarter_label, quarter_of
from surveys.plan_forms import OemScoreFormSet, QuarterForm, ReviewForm
from surveys.roles import (
    ENTER_OEM_SCORES,
    OWN_IMPROVEMENT,
    READ_IMPROVEMENT_PLAN,
    READ_OEM_SCORES,
)

ITEM_FIELDS = ["kind", "code", "name", "score", "national_average", "region_average", "lost_by_management_or_staff"]


@require_http_methods(["GET", "POST"])
@role_required(*READ_OEM_SCORES)
def oem_scores(request):
    """A quarter's OEM items as one formset: customer service's head or the GM types them in, the group reads."""
    chosen = QuarterForm({"quarter": request.GET.get("quarter") or quarter_label(quarter_of(timezone.localdate()))})
    if not chosen.is_valid():
        return render(request, "surveys/oem_scores.html", {"chosen": chosen, "formset": None}, status=400)
    quarter = chosen.cleaned_data["quarter"]
    items = OemScore.objects.visible_to(request.user).filter(quarter=quarter).select_related("owner", "department")
    store = request.user.store
    if request.method == "POST":
        if not request.user.may_write(ENTER_OEM_SCORES):
            raise PermissionDenied
        formset = OemScoreFormSet(request.POST, form_kwargs={"store": store})
        if formset.is_valid():
            enter_oem_scores(store, quarter, formset.items(), by=request.user)
            return redirect(f"{request.path}?quarter={quarter_label(quarter)}")
        status = 422
    else:
        initial = [
            {**{name: getattr(item, name) for name in ITEM_FIELDS}, "owner": item.owner, "department": item.department}
            for item in items
        ]
        formset = OemScoreFormSet(initial=initial, form_kwargs={"store": store}) if store else None
        status = 200
    context = {"chosen": chosen, "quarter": quarter_label(quarter), "formset": formset, "items": items}
    return render(request, "surveys/oem_scores.html", context, status=status)


@require_GET
@role_required(*READ_IMPROVEMENT_PLAN)
def improvement_plan(request):
    """The store's CSI提升行动计划表: open actions first by due date, overdue ones marked (the GM's view)."""
    actions = ImprovementAction.objects.visible_to(request.user).select_related("owner", "department", "store")
    context = {
        "open": actions.open(),
        "closed": actions.filter(status=ImprovementAction.Status.ACT).order_by("-closed_at")[:30],
        "today": timezone.localdate(),
    }
    return render(request, "surveys/improvement_plan.html", context)


@require_GET
@role_required(*OWN_IMPROVEMENT)
def my_improvement_actions(request):
    actions = ImprovementAction.objects.visible_to(request.user).filter(owner=request.user).open()
    context = {"open": actions.select_related("owner", "department", "store"), "today": timezone.localdate()}
    return render(request, "surveys/improvement_mine.html", context)


@require_http_methods(["GET", "POST"])
@role_required(*(OWN_IMPROVEMENT | READ_IMPROVEMENT_PLAN))
def improvement_action(request, pk):
    """One action with its review notes; the owner or a manager appends a note and moves it a PDCA step on."""
    actions = ImprovementAction.objects.visible_to(request.user)
    if not request.user.has_any_role(*READ_IMPROVEMENT_PLAN):
        actions = actions.filter(owner=request.user)
    action = get_object_or_404(actions.select_related("owner", "department", "oem_score"), pk=pk)
    form = ReviewForm()
    status = 200
    if request.method == "POST":
        if request.user.store_id is None or not may_review(request.user, action):
            raise PermissionDenied
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                review_action(action, by=request.user, **form.cleaned_data)
                return redirect("surveys:improvement_action", pk=action.pk)
            except ValidationError as error:
                form.add_error(None, error)
        status = 422
    context = {
        "action": action,
        "notes": action.notes.select_related("written_by"),
        "form": form if request.user.store_id and may_review(request.user, action) else None,
        "today": timezone.localdate(),
    }
    return render(request, "surveys/improvement_action.html", context, status=status)
