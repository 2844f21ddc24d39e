"""The GM dashboard's panels and the group dashboard's measures: what each shows, and where its figures come from.

A panel is a card on the GM's page: a template and a function `figures(store, now) -> dict` that asks the app owning
each rule for its figures (this app recomputes none). Panels that change during the day name a refresh interval:
the page polls the panel's own URL with htmx and swaps the card in place. A panel's card (rendered HTML) is cached for
`DASHBOARD_CACHE_SECONDS` per store, with the time they were computed shown on the card.

A measure is a column of the group dashboard: one figure per store for a month. Measures come in groups from one
provider `figures(stores, month) -> {measure key: {store id: value}}` that answers every store in a fixed number
of queries. The GM's "this month" panel shows the same measures for their store from the same providers, so the
group and each store's GM read one source.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from organization.models import Store


@dataclass(frozen=True)
class Panel:
    key: str  # the panel's slug in its URL, unique
    title: str
    template: str  # rendered with the figures, `store`, `computed_at` and `read_only`
    figures: Callable[[Store, datetime], dict]
    position: int  # left to right, top to bottom; distinct
    refresh_seconds: int | None = None  # None: the panel changes only when the page is reloaded
    width: int = 6  # Bootstrap columns out of 12 on a wide screen
    cached: bool = True  # False for a panel whose figures are two indexed lookups (the heartbeat): always live


PANELS: dict[str, Panel] = {}


def register_panel(panel: Panel) -> Panel:
    if panel.key in PANELS or any(other.position == panel.position for other in PANELS.values()):
        raise ValueError(f"panel {panel.key} (position {panel.position}) is registered twice")
    PANELS[panel.key] = panel
    return panel


def panels_in_order() -> list[Panel]:
    return sorted(PANELS.values(), key=lambda panel: panel.position)


def panel_html(panel: Panel, store: Store, now: datetime, render: Callable[[dict, datetime], str], variant: str) -> str:
    """The panel's card, `render(figures, computed_at)`: kept as HTML in the cache while fresh, so a page built from
    cached cards renders no panel template and rebuilds no figures (the card shows when they were computed).
    `variant` tells apart cards of the same figures rendered differently (the GM's, the group's read-only)."""
    if not panel.cached:
        return render(panel.figures(store, now), now)
    key = f"dashboard:{store.pk}:{panel.key}:{variant}"
    html = cache.get(key)
    if html is None:
        html = render(panel.figures(store, now), now)
        cache.set(key, html, settings.DASHBOARD_CACHE_SECONDS)
    return html


class Unit(TextChoices):
    SCORE = "score", _("Score")  # 0–100
    PERCENT = "percent", _("Percent")
    COUNT = "count", _("Count")
    YUAN = "yuan", _("CNY")


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: Unit
    higher_is_better: bool


@dataclass(frozen=True)
class MeasureGroup:
    key: str
    measures: tuple[Measure, ...]
    figures: Callable[[list[Store], date], dict[str, dict[int, Decimal | int | None]]]
    position: int


MEASURE_GROUPS: dict[str, MeasureGroup] = {}


def register_measures(group: MeasureGroup) -> MeasureGroup:
    if group.key in MEASURE_GROUPS or any(other.position == group.position for other in MEASURE_GROUPS.values()):
        raise ValueError(f"measure group {group.key} (position {group.position}) is registered twice")
    MEASURE_GROUPS[group.key] = group
    return group


def measures() -> list[Measure]:
    groups = sorted(MEASURE_GROUPS.values(), key=lambda group: group.position)
    return [measure for group in groups for measure in group.measures]


def store_measures(stores: list[Store], month: date) -> dict[int, dict[str, Decimal | int | None]]:
    """Store id → measure key → the month's figure, for every store at once (a fixed number of queries)."""
    by_store: dict[int, dict] = {store.pk: {} for store in stores}
    for group in MEASURE_GROUPS.values():
        for key, values in group.figures(stores, month).items():
            for store in stores:
                by_store[store.pk][key] = values.get(store.pk)
    return by_store
