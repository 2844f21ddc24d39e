"""The customer lounge page (the lounge staff's landing page): today's checklist, violations, lost property; and
the monthly summary for the after-sales manager and the GM."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from care import lounge
from care.lounge_forms import ChecklistForm, LostPropertyForm, ReportForm, ReturnForm, ViolationForm
from care.models import LostProperty, LoungeGroup, LoungeViolation
from care.roles import (
    LOG_LOUNGE_VIOLATIONS,
    READ_LOUNGE,
    READ_LOUNGE_SUMMARY,
    RETURN_LOST_PROPERTY,
    RUN_LOUNGE,
)
from organization.forms import MonthForm
from organization.models import Store
from organization.roles import role_required
from organization.submissions import AlreadySubmitted, repeated_submission, submitted_once

RETURNED_SHOWN = 20  # the register shows every open item and the latest returned ones


def _chosen_store(request):
    """The user's store; the group user's chosen one (?store=code), None until chosen."""
    if not request.user.is_group_manager:
        return request.user.store
    code = request.GET.get("store", "").strip()
    return get_object_or_404(Store, code=code) if code else None


def _checklist_form(items, checklist, data=None):
    initial = {}
    if checklist is not None:
        initial["row_version"] = checklist.row_version
        for check in checklist.checks.all():
            initial[f"count_{check.item_id}" if check.item.counted else f"item_{check.item_id}"] = (
                check.count if check.item.counted else check.done
            )
    return ChecklistForm(data, items=items, initial=initial)


def _page(request, store, *, status=200, **refused):
    """The lounge page of `store` for today; `refused` holds a posted form shown again with its message (422)."""
    user = request.user
    context = {"store": store, "today": timezone.localdate()}
    if user.is_group_manager:
        context["stores"] = Store.objects.order_by("code")
    if store is not None:
        items = lounge.checklist_items()
        checklist = lounge.checklist_of_day(store, context["today"])
        form = refused.get("checklist_form") or _checklist_form(items, checklist)
        groups = {value: [] for value in LoungeGroup.values}
        done = {check.item_id: check for check in checklist.checks.all()} if checklist else {}
        for item, field in form.rows():
            groups[item.group].append((item, field, done.get(item.pk)))
        context.update(
            checklist=checklist,
            checklist_form=form,
            groups=[(LoungeGroup(value).label, rows) for value, rows in groups.items() if rows],
            may_tick=user.may_write(RUN_LOUNGE),
            violations=LoungeViolation.objects.filter(checklist=checklist).select_related("item", "staff")
            if checklist
            else [],
            violation_form=refused.get("violation_form") or ViolationForm(store=store),
            may_fine=user.may_write(LOG_LOUNGE_VIOLATIONS) and checklist is not None,
            open_items=list(lounge.lost_property_register(store).filter(returned_at=None)),
            returned_items=list(lounge.lost_property_register(store).exclude(returned_at=None)[:RETURNED_SHOWN]),
            lost_form=refused.get("lost_form") or LostPropertyForm(),
            refused_lost=refused.get("lost"),
            row_form=refused.get("row_form"),
            managers=list(ReportForm(store=store).fields["manager"].queryset),
            may_keep_register=user.may_write(RUN_LOUNGE),
            may_return=user.may_write(RETURN_LOST_PROPERTY),
            may_read_summary=user.has_any_role(*READ_LOUNGE_SUMMARY),
        )
    return render(request, "care/lounge.html", context, status=status)


@require_GET
@role_required(*READ_LOUNGE)
def lounge_page(request):
    return _page(request, _chosen_store(request))


@require_POST
@role_required(*RUN_LOUNGE, write=True)
def lounge_checklist(request):
    store = request.user.store
    form = ChecklistForm(request.POST, items=lounge.checklist_items())
    if form.is_valid():
        try:
            lounge.tick_checklist(
                store=store,
                day=timezone.localdate(),
                ticks=form.ticks(),
                expected_version=form.cleaned_data["row_version"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Today's lounge checklist is saved."))
            return redirect("care:lounge")
    return _page(request, store, status=422, checklist_form=form)


@require_POST
@role_required(*LOG_LOUNGE_VIOLATIONS, write=True)
def lounge_violation(request):
    store = request.user.store
    form = ViolationForm(request.POST, store=store)
    checklist = lounge.checklist_of_day(store, timezone.localdate())
    if form.is_valid():
        if checklist is None:
            form.add_error(None, gettext("Tick today's checklist first; a violation is logged against it."))
        else:
            data = form.cleaned_data
            try:
                with submitted_once(form, by=request.user, then=reverse("care:lounge")):
                    lounge.log_violation(
                        checklist=checklist, item=data["item"], staff=data["staff"], note=data["note"], by=request.user
                    )
            except AlreadySubmitted as repeat:
                return repeated_submission(request, repeat)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, gettext("The violation is logged with its fine."))
                return redirect("care:lounge")
    return _page(request, store, status=422, violation_form=form)


@require_POST
@role_required(*RUN_LOUNGE, write=True)
def lost_property_create(request):
    store = request.user.store
    form = LostPropertyForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with submitted_once(form, by=request.user, then=reverse("care:lounge")):
                lounge.register_lost_property(
                    store=store,
                    description=data["description"],
                    found_where=data["found_where"],
                    found_at=data["found_at"],
                    by=request.user,
                )
        except AlreadySubmitted as repeat:
            return repeated_submission(request, repeat)
        messages.success(request, gettext("The found item is in the register; report it to a manager."))
        return redirect("care:lounge")
    return _page(request, store, status=422, lost_form=form)


def _lost_property(request, pk) -> LostProperty:
    return get_object_or_404(LostProperty.objects.visible_to(request.user), pk=pk)


@require_POST
@role_required(*RUN_LOUNGE, write=True)
def lost_property_report(request, pk):
    lost = _lost_property(request, pk)
    form = ReportForm(request.POST, store=lost.store)
    if form.is_valid():
        try:
            lounge.report_to_manager(lost, manager=form.cleaned_data["manager"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("care:lounge")
    return _page(request, lost.store, status=422, lost=lost, row_form=form)


@require_POST
@role_required(*RETURN_LOST_PROPERTY, write=True)
def lost_property_return(request, pk):
    lost = _lost_property(request, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            lounge.return_to_customer(lost, signature=form.cleaned_data["signature"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Returned to the customer against their signature."))
            return redirect("care:lounge")
    return _page(request, lost.store, status=422, lost=lost, row_form=form)


@require_GET
@role_required(*READ_LOUNGE_SUMMARY)
def lounge_summary(request):
    store = _chosen_store(request)
    form = MonthForm(request.GET)
    context = {"form": form, "store": store}
    if request.user.is_group_manager:
        context["stores"] = Store.objects.order_by("code")
    if not form.is_valid():
        return render(request, "care/lounge_summary.html", context, status=422)
    month = form.chosen()
    context.update(month=month, summary=lounge.monthly_summary(store, month) if store else None)
    return render(request, "care/lounge_summary.html", context)
