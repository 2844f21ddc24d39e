"""Files a person uploads to an import: a CSV or a workbook with a heading row."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook


def csv_upload(header, rows, *, name="upload.csv", encoding="utf-8-sig") -> SimpleUploadedFile:
    text = "\n".join(",".join(row) for row in [header, *rows])
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_upload(header, rows, *, name="upload.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    for row in [header, *rows]:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())
