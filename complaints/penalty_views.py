"""The penalties page (SPEC section 5): per staff member and month, vehicles served, complaints against the
allowances, the allowance fine, the fines recorded by kind, process violations (dismissal flag) and the total; the GM
and the after-sales manager record fines from it, the GM's "to fine" list prefilled."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from complaints import fines
from complaints.fine_forms import FineForm, MonthForm
from complaints.models import Fine
from complaints.penalties import monthly_penalties
from complaints.roles import NAMED_ON_COMPLAINTS, RECORD_FINES
from organization.models import User
from organization.policies import current_policy
from organization.roles import Role, role_required

STORE_WIDE = frozenset({Role.GENERAL_MANAGER, Role.AFTER_SALES_MANAGER})


def _in_scope(user) -> set[int] | None:
    """Whose rows `user` sees: None for the whole store (GM, after-sales manager); a department head their
    department's staff (and themself); anyone else only their own row."""
    if user.roles & STORE_WIDE:
        return None
    if Role.DEPARTMENT_HEAD in user.roles:
        department = Q(department__head=user) | (Q(department=user.department_id) if user.department_id else Q())
        return {user.pk, *User.objects.filter(department, store=user.store_id).values_list("pk", flat=True)}
    return {user.pk}


def _page(request, month):
    user = request.user
    scope = _in_scope(user)
    rows = [row for row in monthly_penalties(user.store, month) if scope is None or row.person.pk in scope]
    offences = fines.offence_counts(user.store)
    policy = current_policy(user.store)
    dismissal_at = policy.value(fines.DISMISSAL_OFFENCE)
    may_record = user.may_write(RECORD_FINES)
    low, high = fines.process_fine_range(user.store, Fine.Kind.NEGLECTED_GENERAL)
    to_fine = fines.breaches_to_fine(user.store, month) if Role.GENERAL_MANAGER in user.roles else ()
    context = {
        "month": month,
        "month_form": MonthForm(initial={"month": f"{month:%Y-%m}"}),
        "rows": [(row, offences.get(row.person.pk, 0), offences.get(row.person.pk, 0) >= dismissal_at) for row in rows],
        "kinds": Fine.Kind.choices,
        "may_record": may_record,
        "fine_form": FineForm(store=user.store, initial={"month": f"{month:%Y-%m}"}) if may_record else None,
        "to_fine": to_fine,
        "neglect_range": (low, high),
        "neglect_kind": Fine.Kind.NEGLECTED_GENERAL,
    }
    return render(request, "complaints/penalties.html", context)


@require_GET
@role_required(*NAMED_ON_COMPLAINTS)
def penalties(request):
    month_form = MonthForm(request.GET)
    if not month_form.is_valid():
        return render(request, "complaints/fine_form.html", {"form": month_form, "title": _("Penalties")}, status=422)
    return _page(request, month_form.chosen())


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
