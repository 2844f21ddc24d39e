"""Importing customers and vehicles from the old system's Excel or CSV export.

`preview_import` is the dry run: every row checked, its errors and warnings listed, nothing
written. `run_import` writes the same rows in one transaction, and only when no row has an error.
Duplicates by rule, never doubled: a mobile already in the store (or earlier in the file) merges
into that customer, filling only empty fields; a VIN already in the store merges when it belongs
to the same customer and is refused when it belongs to someone else; a VIN twice in the file is refused.
"""

import codecs
import csv
import io
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from customers import grades, privacy, registration, validation
from customers.models import Customer, Vehicle
from organization.policies import current_policy

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
MAX_COLUMNS = 50  # read per row; an old system's further columns are never ours
CSV_ENCODINGS = ("utf-8-sig", "gb18030")

# Column headings the old systems use, Chinese or English, and the field each fills.
HEADERS = {
    "姓名": "name",
    "客户姓名": "name",
    "name": "name",
    "手机": "mobile",
    "手机号": "mobile",
    "mobile": "mobile",
    "性别": "gender",
    "gender": "gender",
    "生日": "birthday",
    "出生日期": "birthday",
    "birthday": "birthday",
    "职业": "occupation",
    "occupation": "occupation",
    "备注": "notes",
    "notes": "notes",
    "车架号": "vin",
    "vin": "vin",
    "车牌": "plate",
    "车牌号": "plate",
    "plate": "plate",
    "品牌": "brand",
    "brand": "brand",
    "车型": "model_name",
    "model": "model_name",
    "购车日期": "purchase_date",
    "purchase date": "purchase_date",
    "本店购车": "bought_here",
    "bought here": "bought_here",
    "里程": "mileage",
    "mileage": "mileage",
}
REQUIRED_COLUMNS = ("name", "mobile")
MISSING_COLUMNS = _("The first row must name the columns; 姓名 and 手机 are required.")
GENDERS = {
    "男": Customer.Gender.MALE,
    "male": Customer.Gender.MALE,
    "m": Customer.Gender.MALE,
    "女": Customer.Gender.FEMALE,
    "female": Customer.Gender.FEMALE,
    "f": Customer.Gender.FEMALE,
    "": "",
}
YES = {"是", "yes", "y", "1", "true", "本店"}
NO = {"否", "no", "n", "0", "false", ""}
CUSTOMER_COLUMNS = ("name", "mobile", "gender", "birthday", "occupation", "notes")
VEHICLE_COLUMNS = ("vin", "plate", "brand", "model_name", "purchase_date", "bought_here", "mileage")


class ImportRowForm(forms.Form):
    """The shape of one imported row; the rules live in validation.py."""

    name = forms.CharField(max_length=50)
    mobile = forms.CharField(max_length=30)
    gender = forms.CharField(required=False)
    birthday = forms.DateField(required=False)
    occupation = forms.CharField(max_length=50, required=False)
    notes = forms.CharField(max_length=2000, required=False)
    vin = forms.CharField(max_length=30, required=False)
    plate = forms.CharField(max_length=20, required=False)
    brand = forms.CharField(max_length=30, required=False)
    model_name = forms.CharField(max_length=50, required=False)
    purchase_date = validation.DateInRangeField(validation.PURCHASE_DATE, required=False)
    bought_here = forms.CharField(required=False)
    mileage = forms.IntegerField(min_value=0, max_value=2_000_000, required=False)

    def clean_mobile(self):
        return validation.normalize_mobile(self.cleaned_data["mobile"])

    def clean_gender(self):
        text = self.cleaned_data["gender"].strip().lower()
        if text not in GENDERS:
            raise ValidationError(_("Gender must be 男 or 女."))
        return GENDERS[text]

    def clean_birthday(self):
        validation.check_birthday(self.cleaned_data["birthday"], timezone.localdate())
        return self.cleaned_data["birthday"]

    def clean_vin(self):
        text = self.cleaned_data["vin"]
        return validation.normalize_vin(text) if text.strip() else ""

    def clean_plate(self):
        return validation.normalize_plate(self.cleaned_data["plate"])

    def clean_bought_here(self):
        text = self.cleaned_data["bought_here"].strip().lower()
        if text not in YES | NO:
            raise ValidationError(_("Write 是 or 否."))
        return text in YES

    def clean(self):
        data = super().clean()
        if not data.get("vin") and any(data.get(name) for name in ("plate", "brand", "model_name", "mileage")):
            self.add_error("vin", _("A vehicle needs its VIN."))
        return data


@dataclass
class RowResult:
    number: int  # the row number in the spreadsheet, header = 1
    raw: dict
    action: str = ""  # new, merge, error
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


NEW, MERGE, ERROR = "new", "merge", "error"


class ImportFileError(ValidationError):
    pass


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(
    uploaded, *, headers=HEADERS, required=REQUIRED_COLUMNS, missing_columns=MISSING_COLUMNS
) -> list[dict[str, str]]:
    """The rows of an .xlsx or .csv upload as {field: text}, keyed by our field names.

    `headers` maps each heading to the field it fills; a file without every `required` field is refused with
    `missing_columns`. The defaults are the customer import's; other imports pass their own.

    Read row by row, at most MAX_COLUMNS cells each, and refused at the first row past the limit:
    a few KB of spreadsheet can declare a million rows by 16,384 columns, so memory stays flat
    whatever the file declares.
    """
    if uploaded.size > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 5 MB; split it."), code="too_large")
    name = uploaded.name.lower()
    try:
        if name.endswith(".xlsx"):
            table = _xlsx_table(uploaded)
        elif name.endswith(".csv"):
            table = _csv_table(uploaded)
        else:
            raise ImportFileError(_("Upload an .xlsx or .csv file."), code="file_type")
        with closing(table):
            return _rows_of(table, headers, required, missing_columns)
    except ImportFileError:
        raise
    except Exception as error:  # a damaged workbook raises many kinds of errors
        raise ImportFileError(
            _("The file could not be read; is it a valid Excel or CSV file?"), code="unreadable"
        ) from error


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _("At most %(max)s rows per file; split the file."), params={"max": MAX_ROWS}, code="too_many_rows"
    )


def _xlsx_table(uploaded):
    uploaded.seek(0)
    workbook = load_workbook(uploaded, read_only=True, data_only=True)
    try:
        sheet = workbook.active
        if (sheet.max_row or 0) > MAX_ROWS + 1:  # as declared; rows past a lying declaration are counted below
            raise _too_many_rows()
        for row in sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS, values_only=True):
            yield [_text(value) for value in row]
    finally:
        workbook.close()


def _csv_table(uploaded):
    encoding = _csv_encoding(uploaded)
    uploaded.seek(0)
    text = io.TextIOWrapper(uploaded, encoding=encoding, newline="")
    try:
        for row in csv.reader(text):
            yield [cell.strip() for cell in row[:MAX_COLUMNS]]
    finally:
        text.detach()  # the upload stays open for Django to close


def _csv_encoding(uploaded) -> str:
    for encoding in CSV_ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        uploaded.seek(0)
        try:
            for chunk in uploaded.chunks():
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The CSV file is neither UTF-8 nor GBK."), code="encoding")


def _rows_of(table, headers, required, missing_columns) -> list[dict[str, str]]:
    """The heading row names the columns; each further row becomes {field: text}, blank rows skipped."""
    headings = next(table, None)
    if headings is None:
        raise ImportFileError(_("The file is empty."), code="empty")
    columns = [headers.get(heading.lower()) or headers.get(heading) for heading in headings]
    if any(c not in columns for c in required):
        raise ImportFileError(missing_columns, code="missing_columns")
    rows = []
    for number, values in enumerate(table, start=2):
        if number > MAX_ROWS + 1:
            raise _too_many_rows()
        if any(values):
            rows.append({column: value for column, value in zip(columns, values, strict=False) if column})
    return rows


@dataclass
class CheckedRows:
    results: list[RowResult]
    customers: dict[str, Customer]  # the store's customers with a mobile of the file
    vehicles: dict[str, Vehicle]  # the store's vehicles with a VIN of the file, owner loaded


def preview_import(store, rows: list[dict[str, str]]) -> list[RowResult]:
    """The dry run: what each row would do, with its errors and warnings; writes nothing."""
    return check_rows(store, rows).results


def on_file(store, mobiles: list[str], vins: list[str], *, lock: bool = False):
    """The store's customers and vehicles the file names, by mobile and by VIN; locked for an import."""
    customers, vehicles = Customer.objects.filter(store=store), Vehicle.objects.filter(store=store)
    if lock:  # a merge writes loaded values back: nobody may change these rows before the import commits
        customers, vehicles = customers.select_for_update(), vehicles.select_for_update()
    return (
        {c.mobile: c for c in customers.filter(mobile__in=mobiles)},
        {v.vin: v for v in vehicles.filter(vin__in=vins).select_related("owner")},
    )


def check_rows(store, rows: list[dict[str, str]], *, lock: bool = False) -> CheckedRows:
    """Every row checked against the form, the rest of the file and the store's files, in two queries."""
    results = []
    mobiles_in_file: dict[str, int] = {}
    vins_in_file: dict[str, int] = {}
    parsed = []
    for index, raw in enumerate(rows, start=2):
        result = RowResult(number=index, raw=raw)
        form = ImportRowForm(raw)
        if form.is_valid():
            result.data = form.cleaned_data
        else:
            result.errors = [_column_label(name) + ": " + " ".join(errs) for name, errs in form.errors.items()]
        parsed.append(result)
    valid = [r for r in parsed if r.ok]
    customers, vehicles = on_file(
        store, [r.data["mobile"] for r in valid], [r.data["vin"] for r in valid if r.data["vin"]], lock=lock
    )
    for result in parsed:
        results.append(result)
        if not result.ok:
            result.action = ERROR
            continue
        data = result.data
        mobile, vin = data["mobile"], data["vin"]
        merge = mobile in customers or mobile in mobiles_in_file
        if mobile in customers:
            result.warnings.append(
                str(
                    _("Mobile %(mobile)s is already %(name)s's; the row is merged into that file.")
                    % {"mobile": mobile, "name": customers[mobile].name}
                )
            )
        elif mobile in mobiles_in_file:
            result.warnings.append(
                str(
                    _("Mobile %(mobile)s also appears in row %(row)s; the rows are merged.")
                    % {"mobile": mobile, "row": mobiles_in_file[mobile]}
                )
            )
        if vin:
            if vin in vins_in_file:
                result.errors.append(
                    str(_("VIN %(vin)s also appears in row %(row)s.") % {"vin": vin, "row": vins_in_file[vin]})
                )
            elif vin in vehicles and vehicles[vin].owner.mobile != mobile:
                result.errors.append(
                    str(
                        _("VIN %(vin)s already belongs to another customer (%(owner)s).")
                        % {"vin": vin, "owner": vehicles[vin].owner}
                    )
                )
            elif not validation.vin_check_digit_ok(vin):
                result.warnings.append(str(_("VIN %(vin)s: the check digit does not match.") % {"vin": vin}))
            vins_in_file.setdefault(vin, result.number)
        mobiles_in_file.setdefault(mobile, result.number)
        result.action = ERROR if result.errors else MERGE if merge else NEW
    return CheckedRows(results, customers, vehicles)


def _column_label(name: str) -> str:
    labels = {
        "__all__": _("Row"),
        "name": _("name"),
        "mobile": _("mobile"),
        "gender": _("gender"),
        "birthday": _("birthday"),
        "occupation": _("occupation"),
        "notes": _("notes"),
        "vin": _("VIN"),
        "plate": _("plate"),
        "brand": _("brand"),
        "model_name": _("model"),
        "purchase_date": _("purchase date"),
        "bought_here": _("bought here"),
        "mileage": _("mileage (km)"),
    }
    return str(labels.get(name, name))


@dataclass
class ImportSummary:
    customers_created: int = 0
    customers_merged: int = 0
    vehicles_created: int = 0


BATCH = 500


@transaction.atomic
def run_import(store, rows: list[dict[str, str]], *, by) -> ImportSummary:
    """Write the rows; refused as a whole while any row has an error, so nothing is half-imported.

    Set-based: the rows are folded into new and merged customers and vehicles in memory, then written in
    batches with their history, so the query count does not grow with the rows.
    """
    checked = check_rows(store, rows, lock=True)
    failed = [r for r in checked.results if not r.ok]
    if failed:
        raise ValidationError(
            _("%(count)s rows have errors; correct the file and preview it again."),
            params={"count": len(failed)},
            code="rows_with_errors",
        )
    summary = ImportSummary()
    new_customers: dict[str, Customer] = {}
    new_vehicles: list[Vehicle] = []
    filled_customers: dict[Customer, set[str]] = {}
    filled_vehicles: dict[Vehicle, set[str]] = {}
    for result in checked.results:
        data = result.data
        customer_fields = {name: data[name] for name in CUSTOMER_COLUMNS}
        customer = checked.customers.get(data["mobile"]) or new_customers.get(data["mobile"])
        if customer is None:
            customer = new_customers[data["mobile"]] = Customer(store=store, **customer_fields)
            summary.customers_created += 1
        else:
            filled = _fill_empty_fields(customer, customer_fields, empty=("", None))
            if customer.pk is not None and filled:
                filled_customers.setdefault(customer, set()).update(filled)
            summary.customers_merged += 1
        if data["vin"]:
            vehicle_fields = {name: data[name] for name in VEHICLE_COLUMNS}
            vehicle = checked.vehicles.get(data["vin"])
            if vehicle is None:
                new_vehicles.append(Vehicle(store=store, owner=customer, **vehicle_fields))
                summary.vehicles_created += 1
            elif filled := _fill_empty_fields(vehicle, vehicle_fields, empty=("", None, False)):
                filled_vehicles.setdefault(vehicle, set()).update(filled)
    policy = current_policy(store)
    for customer in new_customers.values():
        grades.refresh_suggestion(customer, policy)
    _create_customers(store, list(new_customers.values()), by=by)
    privacy.opt_out_of_marketing(store, [c.mobile for c in new_customers.values() if not c.marketing_consent])
    _update(Customer, filled_customers, by=by)
    _create_vehicles(store, new_vehicles, by=by)
    _update(Vehicle, filled_vehicles, by=by)
    return summary


def _fill_empty_fields(record, fields: dict, *, empty: tuple) -> list[str]:
    """A merge fills only what the record left empty; the names of the fields it filled."""
    filled = [name for name, value in fields.items() if value not in empty and not getattr(record, name)]
    for name in filled:
        setattr(record, name, fields[name])
    return filled


def _create_customers(store, customers: list[Customer], *, by) -> None:
    try:
        with transaction.atomic():
            for start in range(0, len(customers), BATCH):  # a batch's history rows at a time: memory stays flat
                bulk_create_with_history(customers[start : start + BATCH], Customer, default_user=by)
    except IntegrityError as error:  # a mobile registered by someone else since the check
        existing = Customer.objects.filter(store=store, mobile__in=[c.mobile for c in customers]).first()
        if existing is None:
            raise
        raise registration.duplicate_mobile(existing) from error


def _create_vehicles(store, vehicles: list[Vehicle], *, by) -> None:
    try:
        with transaction.atomic():
            for start in range(0, len(vehicles), BATCH):  # a batch's history rows at a time: memory stays flat
                bulk_create_with_history(vehicles[start : start + BATCH], Vehicle, default_user=by)
    except IntegrityError as error:  # a VIN registered by someone else since the check
        taken = Vehicle.objects.filter(store=store, vin__in=[v.vin for v in vehicles])
        existing = taken.select_related("owner").first()
        if existing is None:
            raise
        raise registration.duplicate_vin(existing) from error


def _update(model, filled: dict, *, by) -> None:
    """Write the merged fields with their history; the queryset bumps each row's version, so forms opened
    before the import are stale."""
    for record in filled:
        record.row_version += 1  # what the update writes, so the history row shows it
    fields = sorted(set().union(*filled.values()))
    bulk_update_with_history(list(filled), model, fields, batch_size=BATCH, default_user=by)
