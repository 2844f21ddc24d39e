import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from customers import grades
from customers.models import Customer, Vehicle
from organization.models import MessageOptOut
from organization.roles import Role
from tests.customers.helpers import page_of, shown
from tests.factories import CustomerFactory, VehicleFactory
from tests.uploads import csv_upload, xlsx_upload

HEADER = ["姓名", "手机", "性别", "生日", "车架号", "车牌", "品牌", "车型"]
GOOD = ["张伟明", "13912345678", "男", "1985-06-01", "LFV2A21K8N3041234", "粤AD12345", "大众", "ID.4"]


def csv_file(*rows, name="customers.csv", encoding="utf-8-sig"):
    return csv_upload(HEADER, rows, name=name, encoding=encoding)


def xlsx_file(*rows):
    return xlsx_upload(HEADER, rows, name="customers.xlsx")


@pytest.fixture
def gm_client(staff, client_of):
    return client_of(staff(Role.GENERAL_MANAGER))


def preview(gm_client, upload):
    return gm_client.post(reverse("customers:import"), {"file": upload})


def confirm(gm_client):
    return gm_client.post(reverse("customers:import_confirm"))


def test_the_dry_run_lists_every_rows_errors_and_saves_nothing(gm_client):
    rows = [
        GOOD,
        ["李娜", "12345", "女", "", "", "", "", ""],
        ["王芳", "13700001111", "未知", "2999-01-01", "LFV2A21K8N304123", "粤12345", "", ""],
    ]
    response = preview(gm_client, csv_file(*rows))
    assert response.status_code == 200
    page = page_of(response)
    assert page.count('data-testid="import-row"') == 3
    assert shown("Enter a valid mainland mobile number (11 digits starting with 1).") in page
    assert shown("The birthday cannot be in the future.") in page
    assert shown("A VIN has exactly 17 characters.") in page
    assert shown("Gender must be 男 or 女.") in page
    assert reverse("customers:import_confirm") not in page
    assert not Customer.objects.exists() and not Vehicle.objects.exists()
    assert confirm(gm_client).status_code == 422
    assert not Customer.objects.exists()


def test_a_clean_file_is_previewed_then_imported(gm_client, store):
    response = preview(gm_client, xlsx_file(GOOD, ["李娜", "15820001234", "女", "", "", "", "", ""]))
    assert reverse("customers:import_confirm") in page_of(response)
    assert not Customer.objects.exists()
    assert confirm(gm_client).status_code == 302
    assert Customer.objects.filter(store=store).count() == 2
    vehicle = Vehicle.objects.get()
    assert vehicle.owner.name == "张伟明" and vehicle.plate == "粤AD12345" and vehicle.vin == "LFV2A21K8N3041234"
    assert confirm(gm_client).status_code == 422  # the preview was used up


def test_a_duplicate_mobile_merges_into_the_existing_customer_never_doubled(gm_client, store):
    existing = CustomerFactory(store=store, mobile="13912345678", name="张伟明", occupation="")
    second_car = ["张伟明", "139 1234 5678", "", "", "LSVAU2180N2183294", "粤A12345", "大众", "帕萨特"]
    page = page_of(preview(gm_client, csv_file(GOOD, second_car)))
    assert page.count(shown("Merge")) >= 2
    confirm(gm_client)
    assert Customer.objects.count() == 1
    existing.refresh_from_db()
    assert existing.vehicles.count() == 2 and existing.gender == "male"


def test_a_vin_of_another_customer_is_refused(gm_client, store):
    VehicleFactory(owner__store=store, owner__mobile="13700001111", owner__name="王老五", vin="LFV2A21K8N3041234")
    page = page_of(preview(gm_client, csv_file(GOOD)))
    assert (
        shown("VIN %(vin)s already belongs to another customer (%(owner)s).", vin="LFV2A21K8N3041234", owner="王老五")
        in page
    )
    confirm(gm_client)
    assert not Customer.objects.filter(mobile="13912345678").exists()


def test_the_same_vin_twice_in_a_file_is_refused(gm_client):
    other = ["李娜", "15820001234", "女", "", "LFV2A21K8N3041234", "", "", ""]
    page = page_of(preview(gm_client, csv_file(GOOD, other)))
    assert shown("VIN %(vin)s also appears in row %(row)s.", vin="LFV2A21K8N3041234", row=2) in page


def test_a_gbk_csv_from_an_old_system_is_read(gm_client):
    assert "张伟明" in page_of(preview(gm_client, csv_file(GOOD, encoding="gb18030")))


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("x.txt", b"hello"), "Upload an .xlsx or .csv file."),
        (
            SimpleUploadedFile("x.xlsx", b"not a workbook"),
            "The file could not be read; is it a valid Excel or CSV file?",
        ),
        (
            SimpleUploadedFile("x.csv", "名字,电话\n张三,13912345678".encode()),
            "The first row must name the columns; 姓名 and 手机 are required.",
        ),
        (SimpleUploadedFile("x.csv", b""), "The submitted file is empty."),
    ],
)
def test_unreadable_files_are_a_422_with_a_message(upload, message, gm_client):
    response = preview(gm_client, upload)
    assert response.status_code == 422
    assert shown(message) in page_of(response)


def test_only_managers_import(staff, client_of):
    response = client_of(staff(Role.SERVICE_ADVISOR)).post(reverse("customers:import"), {"file": csv_file(GOOD)})
    assert response.status_code == 403
    assert not Customer.objects.exists()


def test_imported_files_keep_their_history_grade_suggestion_and_marketing_opt_out(gm_client, store):
    existing = CustomerFactory(store=store, mobile="13912345678", name="张伟明", occupation="")
    VehicleFactory(owner=existing, vin="LFV2A21K8N3041234", plate="")
    preview(gm_client, csv_file(GOOD, ["李娜", "15820001234", "女", "", "LSVAU2180N2183294", "", "", ""]))
    assert confirm(gm_client).status_code == 302
    new = Customer.objects.get(mobile="15820001234")
    assert new.suggested_grade == grades.suggested_grade_for(new)
    assert MessageOptOut.objects.filter(store=store, mobile="15820001234", category="marketing").exists()
    assert new.history.get().history_type == "+" and new.vehicles.get().history.get().history_type == "+"
    existing.refresh_from_db()
    vehicle = existing.vehicles.get()
    assert existing.gender == "male" and existing.row_version == 1 and vehicle.plate == "粤AD12345"
    assert vehicle.row_version == 1
    merge = existing.history.first()
    assert (merge.history_type, merge.gender, merge.row_version) == ("~", "male", 1)
    assert Role.GENERAL_MANAGER in merge.history_user.roles and new.history.get().history_user == merge.history_user
