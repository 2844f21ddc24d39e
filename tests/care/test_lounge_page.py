"""The lounge page and the monthly summary through the test client: ticking, a violation, lost property, roles,
other stores, and a query count that stays put as the register and the violations grow."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from care.models import LostProperty, LoungeChecklist, LoungeItem, LoungeViolation
from organization.roles import Role
from tests.factories import LostPropertyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lounge_staff(staff):
    return staff(Role.LOUNGE_STAFF, name="林小红")


def checklist_post(**counts):
    """Everything ticked and at its threshold; `counts` overrides a count by code ("" or a number), `unticked` an
    item by code."""
    unticked = counts.pop("unticked", None)
    data = {}
    for item in LoungeItem.objects.filter(active=True):
        if item.counted:
            data[f"count_{item.pk}"] = counts.get(
                item.code, item.at_least if item.at_least is not None else item.at_most
            )
        elif item.code != unticked:
            data[f"item_{item.pk}"] = "on"
    return data


def test_the_lounge_staff_land_on_the_lounge(client_of, lounge_staff):
    response = client_of(lounge_staff).get(reverse("landing"))
    assert response["Location"] == reverse("care:lounge")


def test_the_lounge_staff_tick_the_day_with_a_violation_that_shows_in_the_summary(
    client_of, lounge_staff, staff, store
):
    advisor = staff(Role.SERVICE_ADVISOR, name="刘洋")
    client = client_of(lounge_staff)
    assert (
        client.post(reverse("care:lounge_checklist"), checklist_post(unticked="sofa_not_occupied")).status_code == 302
    )
    checklist = LoungeChecklist.objects.get(store=store, day=timezone.localdate())
    sofa = LoungeItem.objects.get(code="sofa_not_occupied")
    page = client.get(reverse("care:lounge"))
    form = page.context["violation_form"]
    response = client.post(
        reverse("care:lounge_violation"),
        {"item": sofa.pk, "staff": advisor.pk, "note": "占用沙发", "submission": form.initial["submission"]},
    )
    assert response.status_code == 302
    violation = LoungeViolation.objects.get()
    assert (violation.checklist, violation.staff, violation.fine) == (checklist, advisor, 20)
    assert "刘洋" in client.get(reverse("care:lounge")).content.decode()

    manager = staff(Role.AFTER_SALES_MANAGER)
    summary = client_of(manager).get(reverse("care:lounge_summary"), {"month": f"{timezone.localdate():%Y-%m}"})
    fines = summary.context["summary"].fines
    assert [(row.staff, row.violations, row.total) for row in fines] == [(advisor, 1, 20)]
    assert summary.context["summary"].items_short == 1


def test_a_short_count_is_kept_and_a_done_item_refused_as_a_violation(client_of, lounge_staff, store):
    client = client_of(lounge_staff)
    client.post(reverse("care:lounge_checklist"), checklist_post(glass=1))
    glass = LoungeItem.objects.get(code="glass")
    assert LoungeChecklist.objects.get().checks.get(item=glass).done is False
    rack = LoungeItem.objects.get(code="reading_rack")
    form = client.get(reverse("care:lounge")).context["violation_form"]
    response = client.post(
        reverse("care:lounge_violation"),
        {"item": rack.pk, "staff": lounge_staff.pk, "submission": form.initial["submission"]},
    )
    assert response.status_code == 422
    message = gettext("Only an item the day's checklist records as short or unticked can be logged as a violation.")
    assert escape(message) in response.content.decode()
    assert not LoungeViolation.objects.exists()


def test_a_violation_before_the_day_is_ticked_is_refused(client_of, lounge_staff):
    client = client_of(lounge_staff)
    form = client.get(reverse("care:lounge")).context["violation_form"]
    glass = LoungeItem.objects.get(code="glass")
    response = client.post(
        reverse("care:lounge_violation"),
        {"item": glass.pk, "staff": lounge_staff.pk, "submission": form.initial["submission"]},
    )
    assert response.status_code == 422
    message = gettext("Tick today's checklist first; a violation is logged against it.")
    assert escape(message) in response.content.decode()


def test_a_stale_checklist_form_is_refused(client_of, lounge_staff):
    client = client_of(lounge_staff)
    client.post(reverse("care:lounge_checklist"), checklist_post())
    read = LoungeChecklist.objects.get().row_version
    stale = {**checklist_post(glass=0), "row_version": read}
    assert client.post(reverse("care:lounge_checklist"), {**checklist_post(), "row_version": read}).status_code == 302
    response = client.post(reverse("care:lounge_checklist"), stale)
    assert response.status_code == 422
    glass = LoungeItem.objects.get(code="glass")
    assert LoungeChecklist.objects.get().checks.get(item=glass).done is True


def test_lost_property_found_reported_and_returned_through_the_page(client_of, lounge_staff, staff, store):
    manager = staff(Role.AFTER_SALES_MANAGER, name="售后经理")
    client = client_of(lounge_staff)
    form = client.get(reverse("care:lounge")).context["lost_form"]
    found_at = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("care:lost_property_create"),
        {"description": "钱包", "found_where": "茶几", "found_at": found_at, "submission": form.initial["submission"]},
    )
    assert response.status_code == 302
    lost = LostProperty.objects.get()
    assert client.post(reverse("care:lost_property_report", args=[lost.pk]), {"manager": manager.pk}).status_code == 302
    response = client.post(reverse("care:lost_property_return", args=[lost.pk]), {"signature": "王先生"})
    assert response.status_code == 302
    lost.refresh_from_db()
    assert (lost.reported_to, lost.returned_to) == (manager, "王先生")
    again = client.post(reverse("care:lost_property_return", args=[lost.pk]), {"signature": "王先生"})
    assert again.status_code == 422
    assert gettext("This item was already returned.") in again.content.decode()


@pytest.mark.parametrize("role", [Role.SERVICE_ADVISOR, Role.TECHNICIAN, Role.CUSTOMER_SERVICE])
def test_other_roles_are_refused(client_of, staff, role):
    client = client_of(staff(role))
    assert client.get(reverse("care:lounge")).status_code == 403
    assert client.get(reverse("care:lounge_summary")).status_code == 403
    assert client.post(reverse("care:lounge_checklist"), checklist_post()).status_code == 403


def test_the_lounge_staff_do_not_read_the_summary_and_managers_do_not_tick(client_of, lounge_staff, staff):
    assert client_of(lounge_staff).get(reverse("care:lounge_summary")).status_code == 403
    manager = staff(Role.AFTER_SALES_MANAGER)
    assert client_of(manager).post(reverse("care:lounge_checklist"), checklist_post()).status_code == 403
    assert client_of(manager).get(reverse("care:lounge")).status_code == 200


def test_another_stores_lost_property_is_not_found(client_of, lounge_staff, other_store):
    theirs = LostPropertyFactory(store=other_store)
    client = client_of(lounge_staff)
    assert client.post(reverse("care:lost_property_return", args=[theirs.pk]), {"signature": "王"}).status_code == 404
    assert client.post(reverse("care:lost_property_report", args=[theirs.pk]), {"manager": 1}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.returned_at is None


def test_the_group_user_chooses_a_store_and_reads_it(client_of, group_user, store, other_store):
    LostPropertyFactory(store=other_store, description="蓝色雨伞")
    client = client_of(group_user)
    assert client.get(reverse("care:lounge")).context["store"] is None
    response = client.get(reverse("care:lounge"), {"store": other_store.code})
    assert "蓝色雨伞" in response.content.decode()
    assert client.post(reverse("care:lounge_checklist"), checklist_post()).status_code == 403
    summary = client.get(reverse("care:lounge_summary"), {"store": store.code, "month": "2026-11"})
    assert summary.context["summary"].month == date(2026, 11, 1)


def test_the_lounge_page_keeps_its_query_count_as_data_grows(
    client_of, lounge_staff, staff, store, django_assert_max_num_queries
):
    advisor = staff(Role.SERVICE_ADVISOR)
    client = client_of(lounge_staff)
    client.post(reverse("care:lounge_checklist"), checklist_post(glass=0))
    checklist = LoungeChecklist.objects.get()
    glass = LoungeItem.objects.get(code="glass")

    def grow(rows):
        LostPropertyFactory.create_batch(rows, store=store, found_by=lounge_staff)
        LostPropertyFactory.create_batch(
            rows, store=store, found_by=advisor, returned_to="王", returned_at=timezone.now()
        )
        LoungeViolation.objects.bulk_create(
            LoungeViolation(store=store, checklist=checklist, item=glass, staff=advisor, fine=20, recorded_by=advisor)
            for _ in range(rows)
        )

    grow(1)
    with django_assert_max_num_queries(30) as one:
        assert client.get(reverse("care:lounge")).status_code == 200
    grow(29)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("care:lounge")).status_code == 200
