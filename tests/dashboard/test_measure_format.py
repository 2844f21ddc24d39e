from decimal import Decimal

import pytest
from django.utils import translation

from dashboard.panels import Measure, Unit
from dashboard.templatetags.dashboard import measure_value, report_value


@pytest.mark.parametrize(
    ("unit", "value", "shown"),
    [
        (Unit.SCORE, Decimal("96.75"), "96.8"),
        (Unit.SCORE, Decimal("96.74"), "96.7"),
        (Unit.PERCENT, Decimal("33.35"), "33.4%"),
        (Unit.YUAN, Decimal("1250.50"), "¥1251"),
        (Unit.COUNT, 12345, "12345"),
        (Unit.SCORE, None, "—"),
    ],
)
def test_a_figure_is_rounded_half_up_not_cut(unit, value, shown):
    with translation.override("zh-hans"):
        assert measure_value(value, Measure("m", "m", unit, True)) == shown


def test_report_amounts_have_two_decimals_whatever_the_database_summed():
    assert (report_value(Decimal("250")), report_value(Decimal("0")), report_value(7), report_value(None)) == (
        "250.00",
        "0.00",
        7,
        "—",
    )
