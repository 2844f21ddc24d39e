"""The lounge's rules (care/lounge.py): seed 000's counted items, a short count fined to the named person, the
fine's policy value and per-item override, the lost-property register and the monthly summary."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from care import lounge
from care.models import LoungeItem
from organization.roles import Role
from tests.factories import LostPropertyFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def item(code) -> LoungeItem:
    return LoungeItem.objects.get(code=code)


def all_done(**counts):
    """Every item ticked, every counted item at its threshold; `counts` overrides a count by code."""
    ticks = {}
    for one in lounge.checklist_items():
        count = one.at_least if one.at_least is not None else one.at_most
        ticks[one.pk] = (True, counts.get(one.code, count) if one.counted else None)
    return ticks


@pytest.fixture
def lounge_staff(staff):
    return staff(Role.LOUNGE_STAFF, name="林小红")


def test_the_checklist_holds_seed_000s_items_in_four_groups():
    items = lounge.checklist_items()
    assert len(items) == 21
    assert {one.group for one in items} == {"hygiene", "assets", "conduct", "service"}


@pytest.mark.parametrize(
    ("code", "at_least", "at_most"),
    [("reading_rack", 3, None), ("glass", 2, None), ("ashtray_cleanings", 3, None), ("ashtray_butts", None, 2)]
    + [("drink_choices", 3, None)],
)
def test_the_counted_items_carry_the_seeds_thresholds(code, at_least, at_most):
    assert (item(code).at_least, item(code).at_most) == (at_least, at_most)


@pytest.mark.parametrize(
    ("code", "count", "short"),
    [
        ("reading_rack", 2, True),
        ("reading_rack", 3, False),
        ("glass", 1, True),
        ("glass", 2, False),
        ("ashtray_cleanings", 2, True),
        ("ashtray_cleanings", 3, False),
        ("ashtray_butts", 3, True),
        ("ashtray_butts", 2, False),
        ("drink_choices", 2, True),
        ("drink_choices", 3, False),
        ("drink_choices", None, True),
    ],
)
def test_a_count_outside_the_items_bounds_falls_short(store, lounge_staff, code, count, short):
    checklist = lounge.tick_checklist(
        store=store, day=date(2026, 11, 30), ticks=all_done(**{code: count}), expected_version=None, by=lounge_staff
    )
    assert [one.code for one in lounge.short_items(checklist)] == ([code] if short else [])


def test_an_unticked_item_falls_short(store, lounge_staff):
    ticks = all_done()
    ticks[item("sofa_not_occupied").pk] = (False, None)
    checklist = lounge.tick_checklist(
        store=store, day=date(2026, 11, 30), ticks=ticks, expected_version=None, by=lounge_staff
    )
    assert [one.code for one in lounge.short_items(checklist)] == ["sofa_not_occupied"]


def test_ticking_again_updates_the_days_list_and_needs_the_version_read(store, lounge_staff):
    day = date(2026, 11, 30)
    checklist = lounge.tick_checklist(
        store=store, day=day, ticks=all_done(glass=1), expected_version=None, by=lounge_staff
    )
    version = checklist.row_version
    again = lounge.tick_checklist(store=store, day=day, ticks=all_done(), expected_version=version, by=lounge_staff)
    assert again.pk == checklist.pk
    assert lounge.short_items(again) == []
    with pytest.raises(ValidationError):
        lounge.tick_checklist(store=store, day=day, ticks=all_done(), expected_version=version, by=lounge_staff)


def test_a_short_count_logs_a_20_cny_violation_to_the_named_person_in_the_monthly_summary(
    store, staff, lounge_staff, time_machine
):
    time_machine.move_to(datetime(2026, 11, 30, 18, 0, tzinfo=SHANGHAI), tick=False)
    advisor = staff(Role.SERVICE_ADVISOR, name="刘洋")
    checklist = lounge.tick_checklist(
        store=store, day=date(2026, 11, 30), ticks=all_done(ashtray_butts=5), expected_version=None, by=lounge_staff
    )
    violation = lounge.log_violation(
        checklist=checklist, item=item("ashtray_butts"), staff=advisor, note="烟头未清", by=lounge_staff
    )
    assert violation.fine == Decimal("20.00")
    fines = lounge.lounge_fines(store, date(2026, 11, 1))
    assert [(row.staff, row.violations, row.total) for row in fines] == [(advisor, 1, Decimal("20.00"))]
    summary = lounge.monthly_summary(store, date(2026, 11, 1))
    assert (summary.days_ticked, summary.items_short, summary.total_fines) == (1, 1, Decimal("20.00"))
    assert lounge.lounge_fines(store, date(2026, 10, 1)) == []


def test_an_items_own_fine_overrides_the_policy(store, lounge_staff):
    sofa = item("sofa_not_occupied")
    sofa.fine_yuan = Decimal("50")
    sofa.save(update_fields=["fine_yuan"])
    ticks = all_done()
    ticks[sofa.pk] = (False, None)
    checklist = lounge.tick_checklist(
        store=store, day=date(2026, 11, 30), ticks=ticks, expected_version=None, by=lounge_staff
    )
    assert lounge.log_violation(checklist=checklist, item=sofa, staff=lounge_staff, note="", by=lounge_staff).fine == 50


def test_a_done_item_is_no_violation(store, lounge_staff):
    checklist = lounge.tick_checklist(
        store=store, day=date(2026, 11, 30), ticks=all_done(), expected_version=None, by=lounge_staff
    )
    with pytest.raises(ValidationError) as refused:
        lounge.log_violation(checklist=checklist, item=item("glass"), staff=lounge_staff, note="", by=lounge_staff)
    assert refused.value.messages == [
        gettext("Only an item the day's checklist records as short or unticked can be logged as a violation.")
    ]


def test_a_violation_names_staff_of_the_checklists_store(store, other_store, lounge_staff, staff):
    outsider = staff(Role.SERVICE_ADVISOR, store=other_store)
    checklist = lounge.tick_checklist(
        store=store, day=date(2026, 11, 30), ticks=all_done(glass=0), expected_version=None, by=lounge_staff
    )
    with pytest.raises(ValidationError) as refused:
        lounge.log_violation(checklist=checklist, item=item("glass"), staff=outsider, note="", by=lounge_staff)
    assert refused.value.messages == [gettext("Choose a staff member of this store.")]


def test_lost_property_is_reported_once_then_returned_once_and_counts_in_its_month(
    store, staff, lounge_staff, time_machine
):
    time_machine.move_to(datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI), tick=False)
    manager = staff(Role.AFTER_SALES_MANAGER)
    lost = lounge.register_lost_property(
        store=store,
        description="手机",
        found_where="沙发",
        found_at=datetime(2026, 11, 30, 9, 0, tzinfo=SHANGHAI),
        by=lounge_staff,
    )
    with pytest.raises(ValidationError):
        lounge.report_to_manager(lost, manager=lounge_staff, by=lounge_staff)  # not a manager
    lounge.report_to_manager(lost, manager=manager, by=lounge_staff)
    with pytest.raises(ValidationError):
        lounge.report_to_manager(lost, manager=manager, by=lounge_staff)
    lounge.return_to_customer(lost, signature="王先生", by=lounge_staff)
    with pytest.raises(ValidationError) as refused:
        lounge.return_to_customer(lost, signature="王先生", by=lounge_staff)
    assert refused.value.messages == [gettext("This item was already returned.")]
    lost.refresh_from_db()
    assert (lost.reported_to, lost.returned_to, lost.returned_at) == (
        manager,
        "王先生",
        datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI),
    )
    summary = lounge.monthly_summary(store, date(2026, 11, 1))
    assert (summary.found, summary.returned) == (1, 1)


def test_the_register_lists_open_items_first(store):
    returned = LostPropertyFactory(
        store=store, returned_to="李女士", returned_at=datetime(2026, 11, 29, tzinfo=SHANGHAI)
    )
    older_open = LostPropertyFactory(store=store, found_at=datetime(2026, 11, 1, tzinfo=SHANGHAI))
    newer_open = LostPropertyFactory(store=store, found_at=datetime(2026, 11, 20, tzinfo=SHANGHAI))
    assert list(lounge.lost_property_register(store)) == [newer_open, older_open, returned]
