"""The satisfaction report: a store's weekly or monthly rollup, its trend and who scored what."""

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from organization.models import Store
from organization.policies import current_policy
from organization.roles import role_required
from surveys import targets
from surveys.models import SatisfactionRollup, SurveyKind
from surveys.roles import READ_SATISFACTION

P, L = SatisfactionRollup.Period, SatisfactionRollup.Level
TREND_LENGTH = 12


class ReportForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"), choices=[(P.WEEK, _("Weekly")), (P.MONTH, _("Monthly"))], required=False
    )
    kind = forms.ChoiceField(label=_("Survey"), choices=SurveyKind.choices, required=False)
    store = forms.CharField(label=_("Store"), max_length=20, required=False)


def report_store(user, code: str) -> Store:
    """The user's own store; the group user picks one (the first by code by default). Any other store is a 404."""
    if user.is_group_manager:
        stores = Store.objects.order_by("code")
        return get_object_or_404(stores, code=code) if code else get_object_or_404(stores[:1])
    if code and code != user.store.code:
        raise Http404
    return user.store


def band_of(row, policy):
    return targets.score_band(row.mean_score, policy) if row.mean_score is not None else None


@require_GET
@role_required(*READ_SATISFACTION)
def satisfaction_report(request):
    form = ReportForm(request.GET)
    if not form.is_valid():
        return render(request, "surveys/satisfaction_report.html", {"form": form}, status=422)
    period = form.cleaned_data["period"] or P.WEEK
    kind = form.cleaned_data["kind"] or SurveyKind.CSI
    store = report_store(request.user, form.cleaned_data["store"])
    policy = current_policy(store)
    rows = SatisfactionRollup.objects.visible_to(request.user).filter(store=store, kind=kind, period=period)
    trend = list(rows.filter(level=L.STORE).order_by("-period_start")[:TREND_LENGTH])
    latest = trend[0].period_start if trend else None
    people = list(
        rows.filter(period_start=latest)
        .exclude(level=L.STORE)
        .select_related("department", "staff")
        .order_by("level", "mean_score")
    )
    for row in trend + people:
        row.band = band_of(row, policy)
    for row in trend:
        row.callbacks_ok = targets.callbacks_on_target(row.callback_success_rate, policy)
        row.surveys_ok = targets.surveys_on_target(row.survey_completion_rate, policy)
        row.company_ok = targets.company_on_target(row.mean_score, policy)
    for row in people:
        row.department_ok = targets.department_on_target(row.mean_score, policy)
    context = {
        "form": form,
        "store": store,
        "stores": Store.objects.order_by("code") if request.user.is_group_manager else [],
        "period": period,
        "kind": kind,
        "trend": trend,
        "latest": latest,
        "departments": [row for row in people if row.level == L.DEPARTMENT],
        "staff_rows": [row for row in people if row.level == L.STAFF],
        "targets": {
            "callbacks": policy.value(targets.CALLBACK_SUCCESS_TARGET),
            "surveys": policy.value(targets.SURVEY_COMPLETION_TARGET),
            "company": policy.value(targets.COMPANY_TARGET),
            "department": policy.value(targets.DEPARTMENT_TARGET),
        },
    }
    return render(request, "surveys/satisfaction_report.html", context)
