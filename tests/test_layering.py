"""Apps stack in one direction (STYLE.md): nothing imports an app above it, nor names its URLs."""

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
ABOVE = {
    "organization": {"customers", "aftersales", "complaints", "care", "surveys", "dashboard"},
    "customers": {"aftersales", "complaints", "care", "surveys", "dashboard"},
    "aftersales": {"care", "surveys", "dashboard"},
    "complaints": {"care", "surveys", "dashboard"},
    "care": {"complaints", "surveys", "dashboard"},
    "surveys": {"dashboard"},
}


def _offenders(pattern, files):
    return [
        f"{path.relative_to(ROOT)}: {match.group(0).strip()}"
        for path in files
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]


@pytest.mark.parametrize("app", list(ABOVE))
def test_an_app_imports_nothing_above_it(app):
    pattern = re.compile(rf"^\s*(from|import)\s+({'|'.join(ABOVE[app])})\b", re.MULTILINE)
    assert _offenders(pattern, (ROOT / app).rglob("*.py")) == []


@pytest.mark.parametrize("app", list(ABOVE))
def test_an_app_names_no_url_of_an_app_above_it(app):
    """An upper app registers its navigation entries and landing pages from its AppConfig.ready()."""
    pattern = re.compile(rf"""["'](?:{"|".join(ABOVE[app])}):[\w-]+["']""")
    files = [*(ROOT / app).rglob("*.py"), *(ROOT / app / "templates").rglob("*.html")]
    assert _offenders(pattern, files) == []
