"""OEM scores typed in per quarter, the store's improvement plan, a person's own actions, one action's page, and
the weekly and monthly focus items set at the meetings."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from organization.roles import role_required
from organization.submissions import AlreadySubmitted, repeated_submission, submitted_once
from surveys.improvement import may_review, may_set_focus_items, review_action, set_focus_item
from surveys.models import ImprovementAction, OemScore
from surveys.oem import enter_oem_scores, quarter_label, quarter_of
from surveys.plan_forms import FocusItemForm, OemScoreFormSet, QuarterForm, ReviewForm
from surveys.roles import (
    ENTER_OEM_SCORES,
    OWN_IMPROVEMENT,
    READ_IMPROVEMENT_PLAN,
    READ_OEM_SCORES,
    SET_FOCUS_ITEMS,
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


CADENCES = [
    (ImprovementAction.Horizon.WEEK, gettext_lazy("Weekly focus items")),
    (ImprovementAction.Horizon.MONTH, gettext_lazy("Monthly focus items and actions")),
    (ImprovementAction.Horizon.QUARTER, gettext_lazy("Quarterly plan (CSI提升行动计划表)")),
]


def by_cadence(actions) -> list[tuple[str, str, list[ImprovementAction]]]:
    """The open actions grouped as the meetings take them: the week's focus, the month's, the quarter's plan."""
    actions = list(actions)
    return [(horizon, label, [a for a in actions if a.horizon == horizon]) for horizon, label in CADENCES]


@require_GET
@role_required(*READ_IMPROVEMENT_PLAN)
def improvement_plan(request):
    """The store's plan by cadence: open actions by due date, overdue ones marked (the GM's view)."""
    actions = ImprovementAction.objects.visible_to(request.user).select_related("owner", "department", "store")
    context = {
        "groups": by_cadence(actions.open()),
        "closed": actions.filter(status=ImprovementAction.Status.ACT).order_by("-closed_at")[:30],
        "today": timezone.localdate(),
        "may_set_focus_items": may_set_focus_items(request.user),
    }
    return render(request, "surveys/improvement_plan.html", context)


@require_GET
@role_required(*OWN_IMPROVEMENT)
def my_improvement_actions(request):
    actions = ImprovementAction.objects.visible_to(request.user).filter(owner=request.user).open()
    context = {
        "groups": by_cadence(actions.select_related("owner", "department", "store")),
        "today": timezone.localdate(),
    }
    return render(request, "surveys/improvement_mine.html", context)


@require_http_methods(["GET", "POST"])
@role_required(*SET_FOCUS_ITEMS, write=True)
def new_focus_item(request):
    """The customer-service head, the ASM or the GM sets a focus item for a week or a month (seed 004 五)."""
    if not may_set_focus_items(request.user):
        raise PermissionDenied(_("Only the customer-service head, the after-sales manager and the GM set focus items."))
    store = request.user.store
    if request.method == "GET":
        return render(request, "surveys/focus_item_new.html", {"form": FocusItemForm(store=store)})
    form = FocusItemForm(request.POST, store=store)
    if form.is_valid():
        data = form.cleaned_data
        plan = reverse("surveys:improvement_plan")
        try:
            with submitted_once(form, by=request.user, then=plan):
                set_focus_item(
                    store,
                    horizon=data["horizon"],
                    day=data["day"],
                    title=data["title"],
                    owner=data["owner"],
                    due_on=data["due_on"],
                    key=data["submission"],
                    by=request.user,
                )
            return redirect(plan)
        except AlreadySubmitted as repeat:
            return repeated_submission(request, repeat)
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "surveys/focus_item_new.html", {"form": form}, status=422)


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
