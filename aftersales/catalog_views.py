"""The published prices: the labor-operation catalog and the parts price list, searched and paged, and their
import from Excel (a dry-run preview, then the import)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aftersales import catalog
from aftersales.models import LaborOperation, PartPrice
from aftersales.roles import PUBLISH_LABOR_PRICES, PUBLISH_PART_PRICES, READ_PRICES
from customers.forms import ImportForm
from organization.roles import role_required

PAGE_SIZE = 50


def _search(queryset, request, code_field):
    query = request.GET.get("q", "").strip()[:50]
    if query:
        queryset = queryset.filter(Q(**{f"{code_field}__icontains": query}) | Q(name__icontains=query))
    return query, Paginator(queryset.select_related("store"), PAGE_SIZE).get_page(request.GET.get("page"))


@require_GET
@role_required(*READ_PRICES)
def labor_operations(request):
    query, page = _search(LaborOperation.objects.visible_to(request.user), request, "code")
    can_import = request.user.may_write(PUBLISH_LABOR_PRICES)
    context = {"page": page, "q": query, "can_import": can_import}
    return render(request, "aftersales/labor_operations.html", context)


@require_GET
@role_required(*READ_PRICES)
def part_prices(request):
    query, page = _search(PartPrice.objects.visible_to(request.user), request, "part_number")
    can_import = request.user.may_write(PUBLISH_PART_PRICES)
    return render(request, "aftersales/part_prices.html", {"page": page, "q": query, "can_import": can_import})


@require_http_methods(["GET", "POST"])
@role_required(*PUBLISH_LABOR_PRICES, write=True)
def import_labor_operations(request):
    return _preview(request, catalog.LABOR)


@require_POST
@role_required(*PUBLISH_LABOR_PRICES, write=True)
def import_labor_operations_confirm(request):
    return _confirm(request, catalog.LABOR)


@require_http_methods(["GET", "POST"])
@role_required(*PUBLISH_PART_PRICES, write=True)
def import_part_prices(request):
    return _preview(request, catalog.PARTS)


@require_POST
@role_required(*PUBLISH_PART_PRICES, write=True)
def import_part_prices_confirm(request):
    return _confirm(request, catalog.PARTS)


def _session_key(listing) -> str:
    return f"aftersales_import_{listing.key}"


def _page(request, listing, context, status=200):
    context = {"catalog": listing, "form": ImportForm(), **context}
    return render(request, f"aftersales/import_{listing.key}.html", context, status=status)


def _preview(request, listing):
    if request.method == "GET":
        return _page(request, listing, {})
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            rows = catalog.read(listing, form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if not rows:
                form.add_error("file", _("The file has no rows below its headings."))
                return _page(request, listing, {"form": form}, status=422)
            results = catalog.preview_import(listing, request.user.store, rows)
            request.session[_session_key(listing)] = rows
            counts = {action: sum(1 for r in results if r.action == action) for action in catalog.ACTIONS}
            return _page(request, listing, {"results": results, "counts": counts})
    return _page(request, listing, {"form": form}, status=422)


def _confirm(request, listing):
    rows = request.session.get(_session_key(listing))
    if not rows:
        messages.error(request, _("Upload the file and check the preview first."))
        return _page(request, listing, {}, status=422)
    try:
        summary = catalog.run_import(listing, request.user.store, rows, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _page(request, listing, {}, status=422)
    del request.session[_session_key(listing)]
    messages.success(
        request,
        _("Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
        % {"created": summary.created, "updated": summary.updated, "unchanged": summary.unchanged},
    )
    return redirect(f"aftersales:{listing.key}")
