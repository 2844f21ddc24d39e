"""Uploads that try to take all memory: refused early, with a message, and peak memory stays flat."""

import io
import json
import os
import subprocess
import sys
import tracemalloc
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from customers.models import Customer, Vehicle
from organization.roles import Role
from tests.customers.helpers import page_of, shown

ROOT = Path(__file__).resolve().parents[2]
# Measured on SQLite: preview 25.9 MiB, confirm 39.8 MiB (tracemalloc peaks; the set-based confirm holds the
# 10,000 new records until they are written); asserted with headroom.
PREVIEW_PEAK = 40 * 2**20
CONFIRM_PEAK = 48 * 2**20
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">'
        f'<Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} xmlns:r="{DOC_RELS}">'
        '<sheets><sheet name="客户" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">'
        f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def xlsx_bomb(*, dimension: str = "A1:XFD1048576", last_row: int = 1_048_576) -> bytes:
    """A hand-written workbook of a few KB: 40 real customers, then one cell in the sheet's last row and column."""
    rows = [f'<row r="1">{_cell("A1", "姓名")}{_cell("B1", "手机")}</row>']
    for number in range(2, 42):
        rows.append(
            f'<row r="{number}">{_cell(f"A{number}", f"客户{number}")}{_cell(f"B{number}", 13900000000 + number)}</row>'
        )
    rows.append(f'<row r="{last_row}">{_cell(f"XFD{last_row}", "x")}</row>')
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><dimension ref="{dimension}"/>'
        f"<sheetData>{''.join(rows)}</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in {**XLSX_PARTS, "xl/worksheets/sheet1.xml": sheet}.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def csv_bomb() -> bytes:
    """5 MB of one-character rows: a million rows under the upload size limit."""
    heading = "姓名,手机\n".encode()
    return heading + b"a,1\n" * ((5 * 1024 * 1024 - len(heading)) // 4)


# Runs in a child process whose address space is limited to 512 MB; prints what read_rows answered.
UNDER_512_MB = """
import json, os, resource, sys, time, tracemalloc
resource.setrlimit(resource.RLIMIT_AS, (512 * 1024 * 1024, 512 * 1024 * 1024))
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from customers.importing import read_rows
path = sys.argv[1]
upload = SimpleUploadedFile(os.path.basename(path), open(path, "rb").read())
tracemalloc.start()
started = time.monotonic()
try:
    read_rows(upload)
    answer = None
except Exception as error:
    answer = getattr(error, "code", type(error).__name__)
seconds = time.monotonic() - started
print(json.dumps({"answer": answer, "seconds": seconds, "peak_mb": tracemalloc.get_traced_memory()[1] / 2**20}))
"""


def read_under_512_mb(tmp_path, name: str, content: bytes) -> dict:
    path = tmp_path / name
    path.write_bytes(content)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dealer_crm.settings"}
    done = subprocess.run(
        [sys.executable, "-c", UNDER_512_MB, str(path)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "name, content",
    [
        ("whole-sheet.xlsx", xlsx_bomb()),
        ("ten-thousand-rows.xlsx", xlsx_bomb(dimension="A1:XFD10001", last_row=10_001)),
        ("lying-dimension.xlsx", xlsx_bomb(dimension="A1:B2")),
        ("million-rows.csv", csv_bomb()),
    ],
)
def test_a_small_file_declaring_a_huge_sheet_is_refused_quickly_under_512_mb(tmp_path, name, content):
    if name.endswith(".xlsx"):
        assert len(content) < 5 * 1024
    result = read_under_512_mb(tmp_path, name, content)
    assert result["answer"] == "too_many_rows"
    assert result["seconds"] < 5
    assert result["peak_mb"] < 16


@pytest.mark.parametrize("name, content", [("bomb.xlsx", xlsx_bomb()), ("bomb.csv", csv_bomb())])
def test_the_import_page_refuses_the_bomb_with_a_message(name, content, staff, client_of):
    client = client_of(staff(Role.GENERAL_MANAGER))
    response = client.post(reverse("customers:import"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 422
    assert shown("At most %(max)s rows per file; split the file.", max=5000) in page_of(response)
    assert not Customer.objects.exists()


def five_thousand_customers() -> SimpleUploadedFile:
    """An old system's export: 5,000 customers with their cars, every column we read filled."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("客户")
    sheet.append(["姓名", "手机", "性别", "生日", "职业", "备注", "车架号", "车牌", "品牌", "车型", "购车日期", "里程"])
    for n in range(5000):
        sheet.append(
            [
                f"客户{n:04d}",
                f"139{n:08d}",
                "男" if n % 2 else "女",
                date(1970 + n % 30, 1 + n % 12, 1 + n % 28),
                "工程师",
                "老系统导入的客户，每年保养两次",
                f"LFV2A21K{n % 10}N{n:06d}"[:17].ljust(17, "0"),
                f"粤A{n:05d}",
                "大众",
                "帕萨特",
                date(2015 + n % 10, 1 + n % 12, 1 + n % 28),
                12000 + n,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("customers-5000.xlsx", buffer.getvalue())


def test_a_real_5000_row_file_is_previewed_and_imported_with_flat_memory(staff, client_of, store):
    client = client_of(staff(Role.GENERAL_MANAGER))
    upload = five_thousand_customers()
    tracemalloc.start()
    try:
        response = client.post(reverse("customers:import"), {"file": upload})
        preview_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        confirmed = client.post(reverse("customers:import_confirm"))
        confirm_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    print(f"5,000-row import: preview peak {preview_peak / 2**20:.1f} MiB, confirm peak {confirm_peak / 2**20:.1f} MiB")
    assert response.status_code == 200 and reverse("customers:import_confirm") in response.content.decode()
    assert confirmed.status_code == 302
    assert Customer.objects.filter(store=store).count() == 5000 and Vehicle.objects.count() == 5000
    assert preview_peak < PREVIEW_PEAK and confirm_peak < CONFIRM_PEAK
