from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join

from dashboard.panels import Unit

register = template.Library()


@register.filter
def measure_value(value, measure):
    """A measure's figure as the dashboards print it: a dash when there is none."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):  # rounded half up: Django's number_format cuts the digits off
        value = value.quantize(Decimal(1) if measure.unit in (Unit.YUAN, Unit.COUNT) else Decimal("0.1"), ROUND_HALF_UP)
    if measure.unit == Unit.PERCENT:
        return f"{number_format(value, 1)}%"
    if measure.unit == Unit.SCORE:
        return number_format(value, 1)
    if measure.unit == Unit.YUAN:
        return f"¥{number_format(value, 0, force_grouping=True)}"
    return number_format(value, 0, force_grouping=True)


@register.filter
def measure_cells(values, measures):
    """A store's row of figures as table cells: one call per row, not one template lookup per cell."""
    return format_html_join(
        "",
        '<td class="text-end" data-measure="{}">{}</td>',
        ((measure.key, measure_value(values.get(measure.key), measure)) for measure in measures),
    )


@register.filter
def report_value(value):
    """A staff report figure: amounts with two decimals whatever the database summed them to, a dash for none."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


@register.filter
def report_cells(values):
    """A staff report row as table cells in one call: the name, then the figures right-aligned."""
    first, *rest = values
    cells = format_html_join("", '<td class="text-end">{}</td>', ((report_value(value),) for value in rest))
    return format_html("<td>{}</td>", report_value(first)) + cells
