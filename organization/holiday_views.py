"""The GM's holiday table (节假日): days the store closes or works beyond its opening hours; the group user reads."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from simple_history.utils import bulk_create_with_history

from organization import calendar
from organization.forms import HolidayForm, HolidayYearForm
from organization.models import Holiday
from organization.roles import EDIT_POLICIES, role_required


def _year_url(year: int) -> str:
    return reverse("organization:holidays") + f"?year={year}"


def _list(request, year: int, year_form: HolidayYearForm, status=200):
    days = Holiday.objects.visible_to(request.user).filter(date__year=year).select_related("store")
    context = {
        "year": year,
        "days": days,
        "year_form": year_form,
        "may_write": request.user.may_write(EDIT_POLICIES),
        "years": range(year - 1, year + 2),
    }
    return render(request, "organization/holidays.html", context, status=status)


@require_GET
@role_required(*EDIT_POLICIES)
def holidays(request):
    """The table of one year (this year unless ?year=); the group user sees every store's."""
    form = HolidayYearForm(request.GET if "year" in request.GET else None)
    if form.is_bound and not form.is_valid():
        return _list(request, timezone.localdate().year, form, status=400)
    year = form.cleaned_data["year"] if form.is_bound else timezone.localdate().year
    return _list(request, year, HolidayYearForm(initial={"year": year}))


def _save(request, form, done_message):
    if form.is_valid():
        try:
            with transaction.atomic():
                holiday = form.save()
        except IntegrityError:
            form.add_error("date", _("This day is already in the store's holiday table."))
        else:
            messages.success(request, done_message % {"date": holiday.date.isoformat()})
            return redirect(_year_url(holiday.date.year))
    return render(request, "organization/holiday_form.html", {"form": form}, status=422)


@require_http_methods(["GET", "POST"])
@role_required(*EDIT_POLICIES, write=True)
def holiday_create(request):
    form = HolidayForm(request.POST or None, store=request.user.store)
    if request.method == "GET":
        return render(request, "organization/holiday_form.html", {"form": form})
    return _save(request, form, _("%(date)s added to the holiday table."))


@require_http_methods(["GET", "POST"])
@role_required(*EDIT_POLICIES, write=True)
def holiday_edit(request, pk):
    holiday = get_object_or_404(Holiday.objects.visible_to(request.user), pk=pk)
    form = HolidayForm(request.POST or None, instance=holiday, store=holiday.store)
    if request.method == "GET":
        return render(request, "organization/holiday_form.html", {"form": form, "holiday": holiday})
    return _save(request, form, _("%(date)s saved."))


@require_http_methods(["GET", "POST"])
@role_required(*EDIT_POLICIES, write=True)
def holiday_delete(request, pk):
    """A confirmation page first; the day then follows the mainland calendar and the opening hours again."""
    holiday = get_object_or_404(Holiday.objects.visible_to(request.user), pk=pk)
    if request.method == "GET":
        return render(request, "organization/holiday_confirm_delete.html", {"holiday": holiday})
    holiday.delete()
    messages.success(request, _("%(date)s removed from the holiday table.") % {"date": holiday.date.isoformat()})
    return redirect(_year_url(holiday.date.year))


@require_POST
@role_required(*EDIT_POLICIES, write=True)
def holiday_import(request):
    """Add the mainland's statutory holidays and make-up working days of a year; days already in the table stay."""
    form = HolidayYearForm(request.POST)
    if not form.is_valid():
        return _list(request, timezone.localdate().year, form, status=422)
    year = form.cleaned_data["year"]
    try:
        mainland = calendar.mainland_holidays(year)
    except NotImplementedError:
        form.add_error(
            "year",
            _("The mainland holiday calendar has no data for %(year)s yet: add that year's days by hand.")
            % {"year": year},
        )
        return _list(request, year, form, status=422)
    store = request.user.store
    with transaction.atomic():
        present = set(Holiday.objects.filter(store=store, date__year=year).values_list("date", flat=True))
        new = [
            Holiday(store=store, date=day, name=name, kind=kind) for day, name, kind in mainland if day not in present
        ]
        bulk_create_with_history(new, Holiday, default_user=request.user)
    messages.success(
        request,
        _("Imported %(added)s days of %(year)s; %(kept)s days already in the table were kept.")
        % {"added": len(new), "year": year, "kept": len(mainland) - len(new)},
    )
    return redirect(_year_url(year))
