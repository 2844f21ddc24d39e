"""python manage.py export_complaint_stats writes the same workbook as the download."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from tests.complaints.month_data import generate_month, open_workbook, sheet_rows


def contents(book):
    return {sheet.title: sheet_rows(sheet) for sheet in book.worksheets}


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def test_it_writes_the_same_file_as_the_download(client, cast, log, other_store, group_user, tmp_path):
    generate_month(cast, log, other_store, count=6)
    for user, store in [(cast.gm, cast.store.code), (group_user, "")]:
        client.force_login(user)
        response = client.get(reverse("complaints:export"), {"month": "2026-10"})
        downloaded = contents(open_workbook(b"".join(response.streaming_content)))
        out = tmp_path / f"stats-{store or 'group'}.xlsx"
        call_command(
            "export_complaint_stats", "--month", "2026-10", "--out", str(out), *(["--store", store] * bool(store))
        )
        assert contents(open_workbook(out.read_bytes())) == downloaded
        assert len(downloaded[next(iter(downloaded))]) > 10


@pytest.mark.parametrize(
    ("args", "message"), [(["--month", "2026-13"], "YYYY-MM"), (["--store", "nowhere"], "nowhere")]
)
def test_it_refuses_a_bad_month_or_store(store, tmp_path, args, message):
    options = {"--month": "2026-10", "--out": str(tmp_path / "x.xlsx")} | dict([args])
    with pytest.raises(CommandError, match=message):
        call_command("export_complaint_stats", *[part for pair in options.items() for part in pair])
    assert not (tmp_path / "x.xlsx").exists()
