"""Importing the published prices (labor operations, parts price list) from Excel or CSV.

`preview_import` is the dry run: every row checked, its errors listed, nothing written. `run_import` writes the
same rows in one transaction, and only when no row has an error: a code (or part number) new to the store is
created, a known one whose prices or names changed is updated, an unchanged one is left alone, and a code twice in
the file is refused, so nothing is ever doubled. The file is read by the customer import's safe reader.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from aftersales.models import FreeLabor, JobType, LaborOperation, PartPrice
from customers.importing import read_rows

MAX_PRICE = Decimal("9999999.99")
MAX_HOURS = Decimal("999.99")
YES = {"是", "yes", "y", "1", "true", ""}  # a blank 启用 keeps the line active
NO = {"否", "no", "n", "0", "false"}
# Each choice by its value, its English label or the words of the old systems' exports.
JOB_TYPES = (
    {
        "保养": JobType.MAINTENANCE,
        "维修": JobType.REPAIR,
        "机修": JobType.REPAIR,
        "钣喷": JobType.BODY_AND_PAINT,
        "保险": JobType.INSURANCE_CLAIM,
        "理赔": JobType.INSURANCE_CLAIM,
        "保险理赔": JobType.INSURANCE_CLAIM,
        "保修": JobType.WARRANTY,
        "索赔": JobType.WARRANTY,
    }
    | {choice.value: choice for choice in JobType}
    | {str(choice.label).lower(): choice for choice in JobType}
)
FREE_LABOR = (
    {
        "": "",
        "轮胎": FreeLabor.TYRES,
        "电瓶": FreeLabor.BATTERY,
        "蓄电池": FreeLabor.BATTERY,
        "遥控器电池": FreeLabor.KEY_FOB_BATTERY,
        "刹车灯泡": FreeLabor.BRAKE_BULB,
        "雨刮": FreeLabor.WIPERS,
    }
    | {choice.value: choice for choice in FreeLabor}
    | {str(choice.label).lower(): choice for choice in FreeLabor}
)
PART_KINDS = {
    "": PartPrice.Kind.PART,
    "配件": PartPrice.Kind.PART,
    "备件": PartPrice.Kind.PART,
    "精品": PartPrice.Kind.ACCESSORY,
    "part": PartPrice.Kind.PART,
    "accessory": PartPrice.Kind.ACCESSORY,
}


def _choice(text: str, choices: dict, message):
    key = text.strip().lower()
    if key not in choices:
        raise ValidationError(message)
    return choices[key]


def _price_field(**kwargs):
    return forms.DecimalField(min_value=0, max_value=MAX_PRICE, decimal_places=2, **kwargs)


class _RowForm(forms.Form):
    name = forms.CharField(max_length=100)
    active = forms.CharField(required=False)

    def clean_active(self):
        return _choice(
            self.cleaned_data["active"], dict.fromkeys(YES, True) | dict.fromkeys(NO, False), _("Write 是 or 否.")
        )


class LaborRowForm(_RowForm):
    """The shape of one imported labor operation."""

    code = forms.CharField(max_length=30)
    job_type = forms.CharField()
    standard_hours = forms.DecimalField(min_value=0, max_value=MAX_HOURS, decimal_places=2)
    hourly_rate = _price_field()
    free_labor = forms.CharField(required=False)

    def clean_job_type(self):
        return _choice(
            self.cleaned_data["job_type"], JOB_TYPES, _("Job type must be 保养, 维修, 钣喷, 保险理赔 or 保修.")
        )

    def clean_free_labor(self):
        return _choice(
            self.cleaned_data["free_labor"],
            FREE_LABOR,
            _("Write 轮胎, 电瓶, 遥控器电池, 刹车灯泡, 雨刮 or leave it empty."),
        )


class PartRowForm(_RowForm):
    """The shape of one imported line of the parts price list."""

    part_number = forms.CharField(max_length=40)
    kind = forms.CharField(required=False)
    list_price = _price_field()
    cost = _price_field()

    def clean_kind(self):
        return _choice(self.cleaned_data["kind"], PART_KINDS, _("Kind must be 配件 or 精品."))


@dataclass(frozen=True)
class Catalog:
    """One published list: its model, the column that identifies a line, and the file's columns."""

    key: str  # the session key and the URL names' stem
    model: type
    code_field: str
    row_form: type
    headers: dict
    missing_columns: object
    labels: dict

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.row_form.base_fields)


LABOR = Catalog(
    key="labor_operations",
    model=LaborOperation,
    code_field="code",
    row_form=LaborRowForm,
    headers={
        "工时代码": "code",
        "项目代码": "code",
        "code": "code",
        "工时名称": "name",
        "项目名称": "name",
        "name": "name",
        "工种": "job_type",
        "维修类型": "job_type",
        "job type": "job_type",
        "标准工时": "standard_hours",
        "standard hours": "standard_hours",
        "工时单价": "hourly_rate",
        "hourly rate": "hourly_rate",
        "免工时费": "free_labor",
        "no labor charge": "free_labor",
        "启用": "active",
        "active": "active",
    },
    missing_columns=_(
        "The first row must name the columns; 工时代码, 工时名称, 工种, 标准工时 and 工时单价 are required."
    ),
    labels={
        "code": _("code"),
        "name": _("name"),
        "job_type": _("job type"),
        "standard_hours": _("standard hours"),
        "hourly_rate": _("hourly rate"),
        "free_labor": _("no labor charge"),
        "active": _("active"),
    },
)
PARTS = Catalog(
    key="part_prices",
    model=PartPrice,
    code_field="part_number",
    row_form=PartRowForm,
    headers={
        "配件编号": "part_number",
        "零件号": "part_number",
        "part number": "part_number",
        "配件名称": "name",
        "零件名称": "name",
        "name": "name",
        "类别": "kind",
        "kind": "kind",
        "销售价": "list_price",
        "零售价": "list_price",
        "list price": "list_price",
        "成本价": "cost",
        "cost": "cost",
        "启用": "active",
        "active": "active",
    },
    missing_columns=_("The first row must name the columns; 配件编号, 配件名称, 销售价 and 成本价 are required."),
    labels={
        "part_number": _("part number"),
        "name": _("name"),
        "kind": _("kind"),
        "list_price": _("list price"),
        "cost": _("cost"),
        "active": _("active"),
    },
)


def read(catalog: Catalog, uploaded) -> list[dict[str, str]]:
    """The file's rows by our field names; a file without the required columns is refused."""
    required = tuple(name for name, f in catalog.row_form.base_fields.items() if f.required)
    return read_rows(uploaded, headers=catalog.headers, required=required, missing_columns=catalog.missing_columns)


NEW, UPDATE, UNCHANGED, ERROR = "new", "update", "unchanged", "error"
ACTIONS = (NEW, UPDATE, UNCHANGED, ERROR)


@dataclass
class RowResult:
    number: int  # the row number in the spreadsheet, header = 1
    raw: dict
    action: str = ""
    errors: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # "list price: 100.00 → 120.00"
    data: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class CheckedRows:
    results: list[RowResult]
    existing: dict  # the store's lines with a code of the file


def preview_import(catalog: Catalog, store, rows: list[dict[str, str]]) -> list[RowResult]:
    """The dry run: what each row would do, with its errors; writes nothing."""
    return check_rows(catalog, store, rows).results


def check_rows(catalog: Catalog, store, rows: list[dict[str, str]], *, lock: bool = False) -> CheckedRows:
    """Every row checked against its form, the rest of the file and the store's list, in one query."""
    parsed = []
    for number, raw in enumerate(rows, start=2):
        result = RowResult(number=number, raw=raw)
        form = catalog.row_form(raw)
        if form.is_valid():
            result.data = form.cleaned_data
        else:
            result.errors = [_label(catalog, name) + ": " + " ".join(errs) for name, errs in form.errors.items()]
        parsed.append(result)
    lines = catalog.model.objects.filter(store=store)
    if lock:  # an update writes loaded rows back: nobody may change them before the import commits
        lines = lines.select_for_update()
    codes = [r.data[catalog.code_field] for r in parsed if r.ok]
    existing = {
        getattr(line, catalog.code_field): line for line in lines.filter(**{f"{catalog.code_field}__in": codes})
    }
    seen: dict[str, int] = {}
    for result in parsed:
        if result.ok:
            code = result.data[catalog.code_field]
            if code in seen:
                result.errors.append(
                    str(_("%(code)s also appears in row %(row)s.") % {"code": code, "row": seen[code]})
                )
            seen.setdefault(code, result.number)
        if not result.ok:
            result.action = ERROR
        elif (line := existing.get(result.data[catalog.code_field])) is None:
            result.action = NEW
        else:
            result.changes = [
                f"{_label(catalog, name)}: {getattr(line, name)} → {value}"
                for name, value in result.data.items()
                if getattr(line, name) != value
            ]
            result.action = UPDATE if result.changes else UNCHANGED
    return CheckedRows(parsed, existing)


def _label(catalog: Catalog, name: str) -> str:
    return str(catalog.labels.get(name, _("Row") if name == "__all__" else name))


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


BATCH = 500


@transaction.atomic
def run_import(catalog: Catalog, store, rows: list[dict[str, str]], *, by) -> ImportSummary:
    """Write the rows; refused as a whole while any row has an error, so nothing is half-imported.

    Set-based: new lines are created and changed lines updated in batches with their history, so the query
    count does not grow with the rows.
    """
    checked = check_rows(catalog, store, rows, lock=True)
    failed = [r for r in checked.results if not r.ok]
    if failed:
        raise ValidationError(
            _("%(count)s rows have errors; correct the file and preview it again."),
            params={"count": len(failed)},
            code="rows_with_errors",
        )
    created, updated = [], []
    for result in checked.results:
        if result.action == NEW:
            created.append(catalog.model(store=store, **result.data))
        elif result.action == UPDATE:
            line = checked.existing[result.data[catalog.code_field]]
            for name, value in result.data.items():
                setattr(line, name, value)
            updated.append(line)
    try:
        with transaction.atomic():
            for start in range(0, len(created), BATCH):
                bulk_create_with_history(created[start : start + BATCH], catalog.model, default_user=by)
    except IntegrityError as error:  # someone imported the same code since the check
        raise ValidationError(
            _("Someone else imported some of these lines meanwhile; preview the file again."), code="imported_meanwhile"
        ) from error
    changed_fields = [name for name in catalog.fields if name != catalog.code_field]
    bulk_update_with_history(updated, catalog.model, changed_fields, batch_size=BATCH, default_user=by)
    return ImportSummary(
        created=len(created), updated=len(updated), unchanged=len(checked.results) - len(created) - len(updated)
    )
