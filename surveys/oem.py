"""OEM scores typed in by hand per quarter and item (SPEC section 4, seed 004 六), and the plan they raise."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from organization.models import Store, User
from surveys.improvement import plan_from_oem_scores
from surveys.models import OemScore

QUARTER_FIRST_MONTHS = (1, 4, 7, 10)


def quarter_of(day: date) -> date:
    """The first day of the quarter `day` falls in."""
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def quarter_label(quarter: date) -> str:
    return f"{quarter:%Y}Q{(quarter.month + 2) // 3}"


@transaction.atomic
def enter_oem_scores(store: Store, quarter: date, items: list[dict], *, by: User) -> list[OemScore]:
    """Save a quarter's items (one per kind and code: typing it again corrects it), then plan the weak ones."""
    fields = ["name", "score", "national_average", "region_average", "owner", "department"]
    saved = []
    for item in items:
        values = {name: item[name] for name in fields}
        values["lost_by_management_or_staff"] = bool(item.get("lost_by_management_or_staff"))
        values |= {"entered_by": by, "entered_at": timezone.now()}
        score, _created = OemScore.objects.update_or_create(
            store=store, quarter=quarter, kind=item["kind"], code=item["code"], defaults=values
        )
        saved.append(score)
    plan_from_oem_scores(store, quarter)
    return saved
