"""Apps stack in one direction (STYLE.md): nothing imports an app above it."""

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
ABOVE = {
    "organization": {"customers", "aftersales", "complaints", "surveys", "dashboard"},
    "customers": {"aftersales", "complaints", "surveys", "dashboard"},
    "aftersales": {"surveys", "dashboard"},
    "complaints": {"surveys", "dashboard"},
    "surveys": {"dashboard"},
}


@pytest.mark.parametrize("app", list(ABOVE))
def test_an_app_imports_nothing_above_it(app):
    pattern = re.compile(rf"^\s*(from|import)\s+({'|'.join(ABOVE[app])})\b", re.MULTILINE)
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0).strip()}"
        for path in (ROOT / app).rglob("*.py")
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
