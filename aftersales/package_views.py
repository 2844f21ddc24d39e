"""The staff-incentives page (SPEC section 3): per person, the month's packages, extended warranties and add-ons."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from aftersales.incentives import incentives_for
from aftersales.package_forms import IncentiveMonthForm
from aftersales.roles import READ_INCENTIVES
from organization.models import Store
from organization.roles import role_required


@require_GET
@role_required(*READ_INCENTIVES)
def incentives(request):
    """The user's store; the group user the store chosen (?store=code), none until chosen."""
    user = request.user
    form = IncentiveMonthForm(request.GET)
    store = user.store
    if user.is_group_manager:
        code = request.GET.get("store", "").strip()
        store = get_object_or_404(Store, code=code) if code else None
    context = {
        "form": form,
        "store": store,
        "stores": Store.objects.order_by("code") if user.is_group_manager else [],
    }
    if not form.is_valid():
        return render(request, "aftersales/incentives.html", context, status=422)
    context["month"] = form.cleaned_data["month"]
    context["rows"] = incentives_for(store, context["month"]) if store else None
    return render(request, "aftersales/incentives.html", context)
