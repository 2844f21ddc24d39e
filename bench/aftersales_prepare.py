"""Sessions and requests for bench/aftersales.sh, drawn from the data seed_demo --scale generated.

    aftersales_prepare.py pages <dir>          # cookies and GET paths: day view, workshop board, order pages
    aftersales_prepare.py settle <dir> <url>   # one POST per READY order, its form read from the running server

Run with the bench's DATABASE_URL. A page whose URL is not there yet (another slice lands it) is left out and said.
The settle requests are built from each order's own settle page, so the POST carries that form's fields as the
advisor would send them (CSRF token, row_version, defaults), whatever fields the form has.
"""

import os
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dealer_crm.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from aftersales.models import RepairOrder  # noqa: E402
from bench.prepare import session_cookie  # noqa: E402

PAGE_STORE = "scale-050"  # bench/prepare.py's store: its day is a believable one
SETTLE_STORE = "scale-051"  # aftersales.scale keeps its READY orders to settle here
ORDER_PAGES = 1000
SETTLE_ORDERS = int(os.environ.get("SETTLE_ORDERS", "2000"))


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        print(f"{name}: no such URL yet, case skipped")
        return None


def pages(out: Path) -> None:
    (out / "advisor.cookie").write_text(session_cookie(f"advisor-{PAGE_STORE}"))
    cases = {"workbench": [_url("aftersales:workbench")], "workshop_board": [_url("aftersales:workshop_board")]}
    orders = RepairOrder.objects.filter(store__code=PAGE_STORE).order_by("?").values_list("pk", flat=True)
    if _url("aftersales:repair_order", 1):
        cases["repair_order"] = [reverse("aftersales:repair_order", args=[pk]) for pk in orders[:ORDER_PAGES]]
    for case, paths in cases.items():
        if all(paths):
            (out / f"{case}.requests").write_text("\n".join(paths) + "\n")


class _FormReader(HTMLParser):
    """The fields of the first form posting to `action` (the page's own URL), as its first submit button sends them."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.done, self.fields = action, False, False, []
        self._select, self._textarea, self._submitted = None, None, False
        self._radios = {}  # a required choice shown as radio buttons: the advisor picks the first when none is checked

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.done:
            self.inside = (a.get("action") or self.action).split("?")[0] == self.action
        elif not self.inside:
            return
        elif tag == "option" and self._select:
            if self._select[1] is None and a.get("value"):
                self._select[1] = a["value"]
            if "selected" in a:
                self._select[2] = a.get("value", "")
        elif not a.get("name") or "disabled" in a:
            return
        elif a.get("type", "submit" if tag == "button" else "text") == "submit":
            if not self._submitted:
                self.fields.append((a["name"], a.get("value", "")))
                self._submitted = True
        elif tag == "input" and a.get("type") == "radio":
            if "checked" in a or a["name"] not in self._radios:
                self._radios[a["name"]] = a.get("value", "")
        elif tag == "input" and a.get("type") not in ("button", "file", "reset"):
            if a.get("type") != "checkbox" or "checked" in a:
                self.fields.append((a["name"], a.get("value") or ("on" if a.get("type") == "checkbox" else "")))
        elif tag == "select":
            self._select = [a["name"], None, None]
        elif tag == "textarea":
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside, self.done = False, True
            self.fields += list(self._radios.items())
        elif tag == "select" and self._select:
            name, first, selected = self._select
            self.fields.append((name, selected if selected is not None else first or ""))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append(tuple(self._textarea))
            self._textarea = None


def settle(out: Path, base_url: str) -> None:
    if not _url("aftersales:repair_order_settle", 1):
        return
    ready = RepairOrder.objects.filter(store__code=SETTLE_STORE, status=RepairOrder.Status.READY)
    orders = list(ready.order_by("pk").values_list("pk", "advisor__username")[:SETTLE_ORDERS])
    csrf = get_random_string(32)  # an unmasked CSRF secret: the cookie, and the page's token masks it
    cookies, lines = {}, []
    for pk, advisor in orders:
        if advisor not in cookies:
            cookies[advisor] = f"{session_cookie(advisor)}; {settings.CSRF_COOKIE_NAME}={csrf}"
        path = reverse("aftersales:repair_order_settle", args=[pk])
        with urlopen(Request(base_url + path, headers={"Cookie": cookies[advisor]}), timeout=30) as page:
            reader = _FormReader(path)
            reader.feed(page.read().decode())
        if not reader.fields:
            raise SystemExit(f"{path}: no form posting to it on the settle page")
        lines.append(f"{path}\t{cookies[advisor]}\t{urlencode(reader.fields)}")
    (out / "settle.requests").write_text("\n".join(lines) + "\n")
    print(f"settle: {len(lines)} READY orders of {SETTLE_STORE} prepared")


if __name__ == "__main__":
    if sys.argv[1] == "pages":
        pages(Path(sys.argv[2]))
    else:
        settle(Path(sys.argv[2]), sys.argv[3])
