"""Hypothesis drives the price imports through their views: garbage cells, control characters, huge and negative
numbers. Never a 500; a refusal is a 4xx and writes nothing; what is imported is what the preview accepted."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aftersales import catalog
from aftersales.models import LaborOperation, PartPrice
from organization.roles import Role

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
NOISE = st.one_of(
    st.text(alphabet=st.sampled_from("\x00\x01\x07\x1b\t\n\r ,\"'张a1-.·"), max_size=12),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40),
    st.sampled_from(["-1", "1e9", "99999999999", "NaN", "Infinity", "0.001", "1,000", "200", "0.8", "保养", "轮胎"]),
)


def csv_upload(header, rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    return SimpleUploadedFile("prices.csv", buffer.getvalue().encode("utf-8-sig"), content_type="text/csv")


@pytest.mark.parametrize(
    ("listing", "url", "header"),
    [
        (
            catalog.LABOR,
            "aftersales:import_labor_operations",
            ["工时代码", "工时名称", "工种", "标准工时", "工时单价", "免工时费", "启用"],
        ),
        (catalog.PARTS, "aftersales:import_part_prices", ["配件编号", "配件名称", "类别", "销售价", "成本价", "启用"]),
    ],
)
@FUZZ
@given(data=st.data())
def test_garbage_rows_are_refused_with_a_message_and_write_nothing(listing, url, header, data, staff, client_of):
    client = client_of(staff(Role.GENERAL_MANAGER))
    rows = data.draw(st.lists(st.lists(NOISE, min_size=len(header), max_size=len(header)), min_size=1, max_size=4))
    before = listing.model.objects.count()
    preview = client.post(reverse(url), {"file": csv_upload(header, rows)})
    assert preview.status_code in (200, 422)
    confirmed = client.post(reverse(f"{url}_confirm"))
    assert confirmed.status_code in (302, 422)
    if confirmed.status_code == 422:
        assert listing.model.objects.count() == before
    else:
        for line in listing.model.objects.all():
            line.full_clean()  # what was imported fits the model's own rules
    LaborOperation.objects.all().delete()
    PartPrice.objects.all().delete()


@FUZZ
@given(cells=st.dictionaries(st.sampled_from(list(catalog.LaborRowForm.base_fields)), NOISE))
def test_the_labor_row_form_answers_any_cells(cells):
    form = catalog.LaborRowForm(cells)
    if form.is_valid():
        assert form.cleaned_data["hourly_rate"] >= 0 and form.cleaned_data["standard_hours"] >= 0
    else:
        assert form.errors
