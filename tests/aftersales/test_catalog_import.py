"""Importing the published prices: a dry run listing every row's errors, then the import (create, update, never
double), by the roles that publish them, into their own store only."""

from decimal import Decimal

import pytest
from django.urls import reverse

from aftersales import catalog
from aftersales.models import FreeLabor, JobType, LaborOperation, PartPrice
from customers import importing
from organization.roles import Role
from tests.customers.helpers import page_of, shown
from tests.factories import LaborOperationFactory, PartPriceFactory
from tests.uploads import csv_upload, xlsx_upload

LABOR_HEADER = ["工时代码", "工时名称", "工种", "标准工时", "工时单价", "免工时费"]
PARTS_HEADER = ["配件编号", "配件名称", "类别", "销售价", "成本价"]


def csv_file(header, *rows):
    return csv_upload(header, rows, name="prices.csv")


def xlsx_file(header, *rows):
    return xlsx_upload(header, rows, name="prices.xlsx")


@pytest.fixture
def manager(staff, client_of):
    return client_of(staff(Role.AFTER_SALES_MANAGER))


def import_labor(client, upload):
    preview = client.post(reverse("aftersales:import_labor_operations"), {"file": upload})
    return preview, client.post(reverse("aftersales:import_labor_operations_confirm"))


def test_the_dry_run_lists_every_rows_errors_and_saves_nothing(manager):
    rows = [
        ["M001", "更换机油机滤", "保养", "0.8", "200"],
        ["M002", "四轮定位", "洗车", "-1", "abc"],
        ["M003", "更换轮胎", "维修", "0.5", "200", "雨伞"],
    ]
    response = manager.post(reverse("aftersales:import_labor_operations"), {"file": csv_file(LABOR_HEADER, *rows)})
    assert response.status_code == 200
    page = page_of(response)
    assert page.count('data-testid="import-row"') == 3
    assert shown("Job type must be 保养, 维修, 钣喷, 保险理赔 or 保修.") in page
    assert shown("Ensure this value is greater than or equal to %(limit_value)s.", limit_value=0) in page
    assert shown("Enter a number.") in page
    assert shown("Write 轮胎, 电瓶, 遥控器电池, 刹车灯泡, 雨刮 or leave it empty.") in page
    assert reverse("aftersales:import_labor_operations_confirm") not in page
    assert not LaborOperation.objects.exists()
    refused = manager.post(reverse("aftersales:import_labor_operations_confirm"))
    assert refused.status_code == 422
    assert shown("%(count)s rows have errors; correct the file and preview it again.", count=2) in page_of(refused)
    assert not LaborOperation.objects.exists()


def test_the_import_creates_the_operations_with_the_no_charge_items_marked(manager, store):
    rows = [["M001", "更换机油机滤", "保养", "0.8", "200", ""], ["T001", "更换轮胎", "维修", "0.5", "200", "轮胎"]]
    _, response = import_labor(manager, xlsx_file(LABOR_HEADER, *rows))
    assert response.status_code == 302
    oil, tyre = LaborOperation.objects.order_by("code")
    assert (oil.store, oil.job_type, oil.standard_hours, oil.hourly_rate) == (
        store,
        JobType.MAINTENANCE,
        Decimal("0.8"),
        Decimal("200"),
    )
    assert (oil.free_labor, tyre.free_labor) == ("", FreeLabor.TYRES)
    assert oil.history.count() == 1


def test_a_second_import_updates_changed_prices_and_never_doubles(manager, store):
    LaborOperationFactory(store=store, code="M001", name="更换机油机滤", standard_hours="0.8", hourly_rate="200")
    LaborOperationFactory(store=store, code="M002", name="四轮定位", standard_hours="1.0", hourly_rate="180")
    rows = [
        ["M001", "更换机油机滤", "保养", "0.8", "220"],
        ["M002", "四轮定位", "保养", "1.0", "180"],
        ["M003", "空调清洗", "保养", "0.5", "200"],
    ]
    preview, response = import_labor(manager, csv_file(LABOR_HEADER, *rows))
    assert f"{shown('hourly rate')}: 200.00 → 220" in page_of(preview)
    assert response.status_code == 302
    assert LaborOperation.objects.count() == 3
    updated = LaborOperation.objects.get(code="M001")
    assert updated.hourly_rate == Decimal("220")
    assert [h.hourly_rate for h in updated.history.order_by("history_date")] == [Decimal("200"), Decimal("220")]
    assert LaborOperation.objects.get(code="M002").history.count() == 1  # unchanged: not written
    _, again = import_labor(manager, csv_file(LABOR_HEADER, *rows))
    assert again.status_code == 302
    assert LaborOperation.objects.count() == 3


def test_a_code_twice_in_the_file_is_refused(manager):
    rows = [["M001", "更换机油", "保养", "0.8", "200"], ["M001", "更换机油", "保养", "0.8", "210"]]
    preview, response = import_labor(manager, csv_file(LABOR_HEADER, *rows))
    assert shown("%(code)s also appears in row %(row)s.", code="M001", row=2) in page_of(preview)
    assert response.status_code == 422
    assert not LaborOperation.objects.exists()


def test_parts_staff_import_the_parts_list_with_its_accessories(staff, client_of, store):
    PartPriceFactory(store=store, part_number="06L115562", name="机油滤清器", list_price="88", cost="50")
    client = client_of(staff(Role.PARTS_STAFF))
    rows = [["06L115562", "机油滤清器", "配件", "92", "52"], ["JP-001", "脚垫", "精品", "680", "300"]]
    client.post(reverse("aftersales:import_part_prices"), {"file": xlsx_file(PARTS_HEADER, *rows)})
    response = client.post(reverse("aftersales:import_part_prices_confirm"))
    assert response.status_code == 302
    prices = {p.part_number: (p.kind, p.list_price, p.cost) for p in PartPrice.objects.all()}
    assert prices == {
        "06L115562": (PartPrice.Kind.PART, Decimal("92"), Decimal("52")),
        "JP-001": (PartPrice.Kind.ACCESSORY, Decimal("680"), Decimal("300")),
    }


def test_a_file_without_the_required_columns_is_refused(manager):
    upload = csv_file(["工时代码", "工时名称"], ["M001", "更换机油"])
    response = manager.post(reverse("aftersales:import_labor_operations"), {"file": upload})
    assert response.status_code == 422
    assert shown(str(catalog.LABOR.missing_columns)) in page_of(response)


def test_a_file_with_headings_only_is_refused(manager):
    response = manager.post(reverse("aftersales:import_labor_operations"), {"file": csv_file(LABOR_HEADER)})
    assert response.status_code == 422
    assert shown("The file has no rows below its headings.") in page_of(response)


def test_confirming_without_a_preview_is_refused(manager):
    response = manager.post(reverse("aftersales:import_labor_operations_confirm"))
    assert response.status_code == 422
    assert shown("Upload the file and check the preview first.") in page_of(response)


@pytest.mark.parametrize("role", [Role.SERVICE_ADVISOR, Role.PARTS_STAFF, Role.TECHNICIAN])
def test_only_the_manager_and_the_gm_import_labor_operations(role, staff, client_of):
    client = client_of(staff(role))
    rows = [["M001", "更换机油", "保养", "0.8", "200"]]
    response = client.post(reverse("aftersales:import_labor_operations"), {"file": csv_file(LABOR_HEADER, *rows)})
    assert response.status_code == 403
    assert client.post(reverse("aftersales:import_labor_operations_confirm")).status_code == 403
    assert not LaborOperation.objects.exists()


def test_the_group_user_reads_but_does_not_import(group_user, client_of):
    client = client_of(group_user)
    assert client.get(reverse("aftersales:labor_operations")).status_code == 200
    rows = [["P1", "滤清器", "配件", "88", "50"]]
    response = client.post(reverse("aftersales:import_part_prices"), {"file": csv_file(PARTS_HEADER, *rows)})
    assert response.status_code == 403


def test_an_import_writes_only_to_the_importers_store(manager, store, other_store):
    theirs = LaborOperationFactory(store=other_store, code="M001", hourly_rate="150")
    _, response = import_labor(manager, csv_file(LABOR_HEADER, ["M001", "更换机油", "保养", "0.8", "200"]))
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.hourly_rate == Decimal("150")
    assert LaborOperation.objects.get(store=store, code="M001").hourly_rate == Decimal("200")


def test_the_customer_import_reads_its_columns_as_before():
    upload = csv_file(["工时代码", "工时名称"], ["M001", "更换机油"])
    with pytest.raises(importing.ImportFileError) as refused:
        importing.read_rows(upload)
    assert refused.value.code == "missing_columns"
    assert "姓名" in refused.value.messages[0]
