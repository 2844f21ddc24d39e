"""Session cookies and request paths for bench/customer_search.sh, drawn from the generated data.

Run by the bench script with its DATABASE_URL; writes one file of paths per case into the directory given.
"""

import os
import random
import sys
from pathlib import Path
from urllib.parse import urlencode

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dealer_crm.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.urls import reverse  # noqa: E402

from customers.models import Customer, Vehicle  # noqa: E402
from organization.models import User  # noqa: E402

PATHS_PER_CASE = 200
STORE = "scale-050"


def session_cookie(username: str) -> str:
    user = User.objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def search(text: str) -> str:
    return reverse("customers:list") + "?" + urlencode({"q": text})


def main(out: Path) -> None:
    rng = random.Random(7)
    customers = list(
        Customer.objects.filter(store__code=STORE).order_by("?").values_list("pk", "name", "mobile")[:PATHS_PER_CASE]
    )
    vehicles = list(
        Vehicle.objects.filter(store__code=STORE)
        .exclude(plate="")
        .order_by("?")
        .values_list("plate", "vin")[:PATHS_PER_CASE]
    )
    three = [name for _, name, _ in customers if len(name) >= 3] or [customers[0][1]]
    cases = {
        "mobile": [search(mobile) for _, _, mobile in customers],
        "mobile_last4": [search(mobile[-4:]) for _, _, mobile in customers],
        "plate": [search(plate) for plate, _ in vehicles],
        "vin": [search(vin) for _, vin in vehicles],
        "vin_last6": [search(vin[-6:]) for _, vin in vehicles],
        "name_1char": [search(name[0]) for _, name, _ in customers],
        "name_2char": [search(name[:2]) for _, name, _ in customers],
        "name_3char": [search(rng.choice(three)[:3]) for _ in customers],
        "detail": [reverse("customers:detail", args=[pk]) for pk, _, _ in customers],
        "list_unfiltered": [reverse("customers:list") + f"?page={rng.randint(1, 20)}" for _ in customers],
    }
    for case, paths in cases.items():
        (out / f"{case}.paths").write_text("\n".join(paths) + "\n")
        (out / f"group_{case}.paths").write_text("\n".join(paths) + "\n")
    (out / "store.cookie").write_text(session_cookie(f"advisor-{STORE}"))
    (out / "group.cookie").write_text(session_cookie("group"))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
