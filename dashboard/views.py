"""The general manager's dashboard (their store's panels) and the group's (every store's measures side by side)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from dashboard import panels as registry
from dashboard.forms import GroupForm
from dashboard.group_figures import group_figures
from dashboard.roles import READ_GROUP_DASHBOARD, READ_STORE_DASHBOARD
from organization.models import Store
from organization.roles import role_required


def _card(request, panel, store, now, *, read_only) -> str:
    """One panel's card as HTML (the page's and htmx's), from the cache while its figures are fresh."""

    def render(figures, computed_at):
        context = {**figures, "store": store, "computed_at": computed_at, "read_only": read_only, "panel": panel}
        return render_to_string("dashboard/_panel.html", context, request)

    return registry.panel_html(panel, store, now, render, "read-only" if read_only else "gm")


def _cards(request, store, now, *, read_only):
    """Each panel's card with its width on the page."""
    return [(panel, _card(request, panel, store, now, read_only=read_only)) for panel in registry.panels_in_order()]


def _panel_or_404(key):
    try:
        return registry.PANELS[key]
    except KeyError:
        raise Http404 from None


@require_GET
@role_required(*READ_STORE_DASHBOARD)
def gm(request):
    store = request.user.store
    context = {"store": store, "cards": _cards(request, store, timezone.now(), read_only=False), "read_only": False}
    return render(request, "dashboard/gm.html", context)


@require_GET
@role_required(*READ_STORE_DASHBOARD)
def panel(request, key):
    """One panel alone, for htmx to swap in place."""
    panel = _panel_or_404(key)
    return HttpResponse(_card(request, panel, request.user.store, timezone.now(), read_only=False))


@require_GET
@role_required(*READ_GROUP_DASHBOARD)
def store(request, store):
    """A store's dashboard as its GM sees it, read-only, for the group user."""
    store = get_object_or_404(Store, code=store)
    context = {"store": store, "cards": _cards(request, store, timezone.now(), read_only=True), "read_only": True}
    return render(request, "dashboard/gm.html", context)


@require_GET
@role_required(*READ_GROUP_DASHBOARD)
def store_panel(request, store, key):
    panel = _panel_or_404(key)
    store = get_object_or_404(Store, code=store)
    return HttpResponse(_card(request, panel, store, timezone.now(), read_only=True))


@require_GET
@role_required(*READ_GROUP_DASHBOARD)
def group(request):
    form = GroupForm(request.GET, measures=registry.measures())
    if not form.is_valid():
        return render(request, "dashboard/group.html", {"form": form}, status=422)
    month, sort_by, descending = form.chosen()
    stores = list(Store.objects.filter(is_active=True).order_by("code"))
    figures, computed_at = group_figures(month, timezone.now())
    rows = ranked([(store, figures.get(store.pk, {})) for store in stores], sort_by, descending=descending)
    context = {"form": form, "month": month, "measures": registry.measures(), "rows": rows, "sort_by": sort_by}
    context |= {"descending": descending, "computed_at": computed_at}
    return render(request, "dashboard/group.html", context)


def ranked(rows, measure, *, descending):
    """Rows sorted by `measure` (stores without a figure last), each with its rank; equal figures share a rank."""
    if measure is None:
        return [(None, store, values) for store, values in rows]
    known = sorted((row for row in rows if row[1].get(measure.key) is not None), key=lambda row: row[1][measure.key])
    if descending:
        known.reverse()
    result, rank, previous = [], 0, object()
    for position, (store, values) in enumerate(known, start=1):
        if values[measure.key] != previous:
            rank, previous = position, values[measure.key]
        result.append((rank, store, values))
    result += [(None, store, values) for store, values in rows if values.get(measure.key) is None]
    return result
