"""The penalties page (SPEC section 5): per staff member and month, vehicles served, complaints against the
allowances, the allowance fine, the fines recorded by kind, process violations (dismissal flag) and the total; the GM
and the after-sales manager record fines from it, the GM's "to fine" list prefilled."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from complaints import fines
from complaints.fine_forms import CommissionWithholdForm, FineForm, ReworkForm
from complaints.models import Fine
from complaints.penalties import monthly_penalties
from complaints.roles import READ_PENALTIES, RECORD_FINES
from organization.forms import MonthForm
from organization.models import Store, User
from organization.policies import current_policy
from organization.roles import Role, role_required

STORE_WIDE = frozenset({Role.GENERAL_MANAGER, Role.AFTER_SALES_MANAGER})


def chosen_store(request):
    """The store whose page `request.user` reads: their own; the group user the one chosen (?store=code, another
    code 404), None until they choose one."""
    user = request.user
    if not user.is_group_manager:
        return user.store
    code = request.GET.get("store", "").strip()
    return get_object_or_404(Store, code=code) if code else None


def store_choices(request, store) -> dict:
    """The group user's store selector."""
    if not request.user.is_group_manager:
        return {}
    return {"stores": Store.objects.order_by("code"), "store": store}


def _in_scope(user) -> set[int] | None:
    """Whose rows `user` sees: None for the whole store (GM, after-sales manager, the group user); a department head
    their department's staff (and themself); anyone else only their own row."""
    if user.is_group_manager or user.roles & STORE_WIDE:
        return None
    if Role.DEPARTMENT_HEAD in user.roles:
        department = Q(department__head=user) | (Q(department=user.department_id) if user.department_id else Q())
        return {user.pk, *User.objects.filter(department, store=user.store_id).values_list("pk", flat=True)}
    return {user.pk}


def _page(request, month, *, store=None, refused=None):
    """The page for `store` (the user's own unless the group user chose one); `refused` is a form posted back with
    the reason it was refused, shown in its place (422)."""
    user = request.user
    store = store if store is not None else user.store
    context = {
        "month": month,
        "month_form": MonthForm(initial={"month": f"{month:%Y-%m}"}),
        **store_choices(request, store),
    }
    if store is None:  # the group user, before choosing a store
        return render(request, "complaints/penalties.html", {**context, "rows": [], "choose_store": True})
    scope = _in_scope(user)
    rows = [row for row in monthly_penalties(store, month) if scope is None or row.person.pk in scope]
    offences = fines.offence_counts(store)
    policy = current_policy(store)
    dismissal_at = policy.value(fines.DISMISSAL_OFFENCE)
    may_record = user.may_write(RECORD_FINES)
    low, high = fines.process_fine_range(store, Fine.Kind.NEGLECTED_GENERAL)
    to_fine = fines.breaches_to_fine(store, month) if Role.GENERAL_MANAGER in user.roles else ()
    initial = {"month": f"{month:%Y-%m}"}
    forms = {
        "fine_form": FineForm(store=store, initial=initial),
        "withhold_form": CommissionWithholdForm(store=store, initial=initial),
        "rework_form": ReworkForm(store=store),
    }
    if refused is not None:
        forms[refused[0]] = refused[1]
    context |= {
        "rows": [(row, offences.get(row.person.pk, 0), offences.get(row.person.pk, 0) >= dismissal_at) for row in rows],
        "kinds": Fine.Kind.choices,
        "may_record": may_record,
        **(forms if may_record else {}),
        "to_fine": to_fine,
        "neglect_range": (low, high),
        "neglect_kind": Fine.Kind.NEGLECTED_GENERAL,
        "rework_leader_share": policy.value(fines.REWORK_LEADER_SHARE),
    }
    return render(request, "complaints/penalties.html", context, status=422 if refused else 200)


@require_GET
@role_required(*READ_PENALTIES)
def penalties(request):
    store = chosen_store(request)
    month_form = MonthForm(request.GET)
    if not month_form.is_valid():
        return render(request, "complaints/fine_form.html", {"form": month_form, "title": _("Penalties")}, status=422)
    return _page(request, month_form.chosen(), store=store)


@require_POST
@role_required(*RECORD_FINES, write=True)
def fine_record(request):
    form = FineForm(request.POST, store=request.user.store)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == Fine.Kind.OFFENCE:
                fines.record_offence(data["person"], data["note"], by=request.user, complaint=data["complaint"])
            else:
                fines.record_process_fine(
                    data["kind"],
                    data["person"],
                    data["amount"],
                    data["note"],
                    by=request.user,
                    complaint=data["complaint"],
                    month=data["month"],
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            month = data["month"] or fines.month_of(timezone.now())
            return redirect(f"{reverse('complaints:penalties')}?month={month:%Y-%m}")
    return render(request, "complaints/fine_form.html", {"form": form, "title": _("Record a fine")}, status=422)


def _back_to_month(month):
    return redirect(f"{reverse('complaints:penalties')}?month={month:%Y-%m}")


@require_POST
@role_required(*RECORD_FINES, write=True)
def commission_withhold(request):
    """An accessories staff member's fitting commission for the month is withheld (seed 000)."""
    form = CommissionWithholdForm(request.POST, store=request.user.store)
    if form.is_valid():
        data = form.cleaned_data
        try:
            fines.withhold_commission(data["person"], data["amount"], data["month"], by=request.user, note=data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _back_to_month(data["month"])
    return _page(request, fines.month_of(timezone.now()), refused=("withhold_form", form))


@require_POST
@role_required(*RECORD_FINES, write=True)
def rework(request):
    """Accessories rework cost, split between the group leader and the person (seed 000)."""
    form = ReworkForm(request.POST, store=request.user.store)
    if form.is_valid():
        data = form.cleaned_data
        try:
            fines.record_rework(data["person"], data["group_leader"], data["cost"], data["complaint"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _back_to_month(fines.month_of(timezone.now()))
    return _page(request, fines.month_of(timezone.now()), refused=("rework_form", form))
