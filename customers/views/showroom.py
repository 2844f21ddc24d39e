"""The showroom traffic log (客流表) and referrals flagged as fake."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from customers.forms import FakeReferralForm, ShowroomVisitForm
from customers.models import Referral, ShowroomVisit
from customers.prospects import record_showroom_visit
from customers.referrals import flag_fake_referral
from customers.roles import FLAG_FAKE_REFERRALS, LOG_SHOWROOM_VISITS, READ_SHOWROOM
from customers.views.customers import PAGE_SIZE
from organization.roles import role_required
from organization.submissions import AlreadySubmitted, repeated_submission, submitted_once


@require_GET
@role_required(*READ_SHOWROOM)
def showroom_log(request):
    visits = (
        ShowroomVisit.objects.visible_to(request.user)
        .select_related("prospect", "consultant", "prospect__referral__referrer", "store")
        .order_by("-visited_at", "-pk")
    )
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    can_log = request.user.may_write(LOG_SHOWROOM_VISITS)
    form = ShowroomVisitForm(store=request.user.store) if can_log else None
    return render(request, "customers/showroom_log.html", _showroom_context(request, page, form))


def _showroom_context(request, page, form) -> dict:
    can_flag = request.user.may_write(FLAG_FAKE_REFERRALS)
    return {"page": page, "form": form, "can_flag": can_flag}


@require_POST
@role_required(*LOG_SHOWROOM_VISITS, write=True)
def showroom_visit_create(request):
    form = ShowroomVisitForm(request.POST, store=request.user.store)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with submitted_once(form, by=request.user, then=reverse("customers:showroom")):
                record_showroom_visit(
                    store=request.user.store,
                    prospect=None,
                    name=data["name"],
                    mobile=data["mobile"],
                    interested_model=data["interested_model"],
                    consultant=data["consultant"],
                    visited_at=data["visited_at"],
                    party_size=data["party_size"],
                    notes=data["notes"],
                    referrer=data["referrer_mobile"],
                    by=request.user,
                )
            messages.success(request, _("Visit logged."))
            return redirect("customers:showroom")
        except AlreadySubmitted as repeat:
            return repeated_submission(request, repeat)
        except ValidationError as error:
            form.add_error(None, error)
    visits = ShowroomVisit.objects.visible_to(request.user).select_related(
        "prospect", "consultant", "prospect__referral__referrer", "store"
    )
    page = Paginator(visits.order_by("-visited_at", "-pk"), PAGE_SIZE).get_page(1)
    return render(request, "customers/showroom_log.html", _showroom_context(request, page, form), status=422)


@require_http_methods(["GET", "POST"])
@role_required(*FLAG_FAKE_REFERRALS, write=True)
def referral_flag_fake(request, pk):
    referral = get_object_or_404(
        Referral.objects.visible_to(request.user).select_related("referrer", "prospect", "referred_customer"), pk=pk
    )
    form = FakeReferralForm(request.POST or None, store=referral.store)
    context = {"form": form, "referral": referral}
    if request.method == "POST":
        if form.is_valid():
            try:
                flag_fake_referral(referral, by=request.user, **form.cleaned_data)
                messages.success(request, _("Referral flagged as fake; the fine is recorded."))
                return redirect("customers:showroom")
            except ValidationError as error:
                form.add_error(None, error)
        return render(request, "customers/fake_referral_form.html", context, status=422)
    return render(request, "customers/fake_referral_form.html", context)
