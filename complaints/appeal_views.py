"""Appeals (SPEC section 5): the staff member at fault files one, their department head takes it to the GM, the GM
rules and signs. The page lists the head's appeals to take on, the GM's to rule on and rulings, and the person's own."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from complaints import handling
from complaints.appeal_forms import AppealForm, ForwardAppealForm, RulingForm
from complaints.models import Appeal, Complaint
from complaints.penalty_views import chosen_store, store_choices
from complaints.roles import ANSWER_FOR_DEPARTMENT, NAMED_ON_COMPLAINTS, READ_PENALTIES, RULE_APPEALS
from organization.roles import Role, role_required

RECENT_RULINGS = 50


def _refused(request, form, title, appeal=None, complaint=None):
    """The person's input again with the reason it was refused (422)."""
    context = {"form": form, "title": title, "appeal": appeal, "complaint": complaint or appeal.complaint}
    return render(request, "complaints/appeal_form.html", context, status=422)


def _attempt(request, form, act, **refusal):
    """Call `act(cleaned_data)` on a valid form and go to the appeals page; a refusal shows the input again (422)."""
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("complaints:appeals")
    return _refused(request, form, **refusal)


@require_POST
@role_required(*NAMED_ON_COMPLAINTS, write=True)
def appeal_file(request, pk):
    complaint = get_object_or_404(Complaint.objects.visible_to(request.user), pk=pk)
    if not complaint.at_fault.filter(pk=request.user.pk).exists():
        raise PermissionDenied
    form = AppealForm(request.POST)
    return _attempt(
        request,
        form,
        lambda data: handling.file_appeal(complaint, by=request.user, reason=data["reason"]),
        title=_("Appeal"),
        complaint=complaint,
    )


def _appeals(user):
    return Appeal.objects.visible_to(user).select_related("complaint", "appellant", "head", "ruled_by")


@require_GET
@role_required(*READ_PENALTIES)
def appeals(request):
    """The person's appeals to act on and their own; the GM's to rule on and every ruling; the group user reads one
    chosen store's appeals, open and ruled, and acts on none."""
    user = request.user
    store = chosen_store(request)
    visible = _appeals(user).filter(store=store) if store is not None else Appeal.objects.none()
    is_gm = Role.GENERAL_MANAGER in user.roles
    reads_all = is_gm or user.is_group_manager
    context = {
        **store_choices(request, store),
        "to_take_on": visible.filter(head=user, status=Appeal.Status.FILED).order_by("filed_at", "pk"),
        "to_rule_on": visible.filter(status=Appeal.Status.WITH_GM).order_by("forwarded_at", "pk") if is_gm else (),
        "open_appeals": visible.filter(ruled_at__isnull=True).order_by("filed_at", "pk")
        if user.is_group_manager
        else (),
        "ruled": visible.filter(ruled_at__isnull=False)
        .filter(Q() if reads_all else Q(head=user) | Q(appellant=user))
        .order_by("-ruled_at", "-pk")[:RECENT_RULINGS],
        "mine": visible.filter(appellant=user, ruled_at__isnull=True).order_by("-filed_at", "-pk"),
        "forward_form": ForwardAppealForm(),
        "ruling_form": RulingForm(signer=user),
    }
    return render(request, "complaints/appeals.html", context)


@require_POST
@role_required(*ANSWER_FOR_DEPARTMENT, write=True)
def appeal_forward(request, pk):
    appeal = get_object_or_404(_appeals(request.user), pk=pk)
    if appeal.head_id != request.user.pk:
        raise PermissionDenied
    form = ForwardAppealForm(request.POST)
    return _attempt(
        request,
        form,
        lambda data: handling.forward_appeal(
            appeal, by=request.user, expected_version=data["row_version"], note=data["note"]
        ),
        title=_("Take the appeal to the GM"),
        appeal=appeal,
    )


@require_POST
@role_required(*RULE_APPEALS, write=True)
def appeal_rule(request, pk):
    appeal = get_object_or_404(_appeals(request.user), pk=pk)
    form = RulingForm(request.POST, signer=request.user)
    return _attempt(
        request,
        form,
        lambda data: handling.rule_appeal(
            appeal,
            by=request.user,
            expected_version=data["row_version"],
            upheld=RulingForm.DECISIONS[data["decision"]],
            ruling=data["ruling"],
            signature=data["signature"],
        ),
        title=_("Rule on the appeal"),
        appeal=appeal,
    )
