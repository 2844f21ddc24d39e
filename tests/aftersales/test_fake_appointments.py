"""An appointment that proves fake is flagged and the staff member responsible fined (seed 000, SPEC §2)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from hypothesis import given

from aftersales.appointments import fake_appointment_fines, flag_fake
from aftersales.models import Appointment
from organization.concurrency import ConcurrentEditError
from organization.roles import Role
from tests.customers.test_bad_input import FUZZ, field, form, number, split
from tests.factories import AppointmentFactory


@pytest.fixture
def manager(staff):
    return staff(Role.AFTER_SALES_MANAGER)


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


def booked(store, advisor):
    """Tomorrow, each in a slot of its own, booked early enough to count for the appointment discount."""
    slot = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=1)
    slot += timedelta(minutes=15 * Appointment.objects.count())
    return AppointmentFactory(vehicle__owner__store=store, advisor=advisor, slot_start=slot, counts_as_appointment=True)


def test_a_fake_appointment_fines_half_the_loss_and_loses_the_appointment_discount(store, advisor, manager):
    appointment = booked(store, advisor)
    flag_fake(appointment, loss=Decimal("333.33"), staff_member=advisor, by=manager, expected_version=0)
    appointment.refresh_from_db()
    assert appointment.fake_fine == Decimal("166.67") and appointment.fake_loss == Decimal("333.33")
    assert appointment.fined_staff == advisor and appointment.fake_flagged_by == manager
    assert appointment.fake_flagged_at is not None and not appointment.counts_as_appointment
    assert appointment.history.latest().fake_fine == Decimal("166.67")


def test_flagging_twice_a_negative_loss_and_another_stores_staff_are_refused(store, other_store, advisor, manager):
    appointment = booked(store, advisor)
    stranger = AppointmentFactory(vehicle__owner__store=other_store).advisor
    refusals = [
        ({"loss": Decimal("-1"), "staff_member": advisor}, "negative_loss"),
        ({"loss": Decimal("100"), "staff_member": stranger}, "other_store"),
    ]
    for fields, code in refusals:
        with pytest.raises(ValidationError) as refused:
            flag_fake(appointment, by=manager, expected_version=0, **fields)
        assert refused.value.code == code
    flag_fake(appointment, loss=Decimal("100"), staff_member=advisor, by=manager, expected_version=0)
    appointment.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        flag_fake(appointment, loss=Decimal("80"), staff_member=advisor, by=manager, expected_version=1)
    assert refused.value.code == "already_fake"
    appointment.refresh_from_db()
    assert appointment.fake_fine == Decimal("50.00") and appointment.row_version == 1


def test_a_stale_form_is_refused_and_nothing_is_flagged(store, advisor, manager, client_of):
    appointment = booked(store, advisor)
    Appointment.objects.filter(pk=appointment.pk).update(status=Appointment.Status.CONFIRMED)  # someone confirmed
    with pytest.raises(ConcurrentEditError):
        flag_fake(appointment, loss=Decimal("100"), staff_member=advisor, by=manager, expected_version=0)
    url = reverse("aftersales:appointment_flag_fake", args=[appointment.pk])
    response = client_of(manager).post(url, {"loss": "100", "staff_member": advisor.pk, "row_version": 0})
    assert response.status_code == 422
    assert response.context["form"].has_error("__all__", "concurrent_edit")
    assert Appointment.objects.get().fake_flagged_at is None


def test_a_manager_flags_from_the_day_view_and_the_row_shows_the_fine(store, advisor, manager, client_of):
    appointment = booked(store, advisor)
    day = {"day": timezone.localdate(appointment.slot_start).isoformat()}
    url = reverse("aftersales:appointment_flag_fake", args=[appointment.pk])
    client = client_of(manager)
    assert url in client.get(reverse("aftersales:workbench"), day).content.decode()
    assert client.get(url).status_code == 200
    response = client.post(url, {"loss": "200", "staff_member": advisor.pk, "row_version": 0})
    assert response.status_code == 302
    page = client.get(reverse("aftersales:workbench"), day).content.decode()
    assert gettext("Fake appointment · fine %(fine)s CNY") % {"fine": "100.00"} in page
    assert url not in page  # flagged once
    assert client.post(url, {"loss": "200", "staff_member": advisor.pk, "row_version": 1}).status_code == 422


def test_advisors_other_stores_and_the_group_user_are_refused(
    store, other_store, advisor, manager, group_user, client_of
):
    mine = booked(store, advisor)
    theirs = AppointmentFactory(vehicle__owner__store=other_store)
    data = {"loss": "100", "staff_member": advisor.pk, "row_version": 0}
    url = reverse("aftersales:appointment_flag_fake", args=[mine.pk])
    day = {"day": timezone.localdate(mine.slot_start).isoformat()}
    assert url not in client_of(advisor).get(reverse("aftersales:workbench"), day).content.decode()
    assert client_of(advisor).post(url, data).status_code == 403
    assert client_of(group_user).post(url, data).status_code == 403
    assert client_of(group_user).get(url).status_code == 403
    other_url = reverse("aftersales:appointment_flag_fake", args=[theirs.pk])
    assert client_of(manager).post(other_url, data).status_code == 404
    assert not Appointment.objects.exclude(fake_flagged_at=None).exists()


def test_the_managers_day_view_keeps_its_query_count_with_flagged_rows(store, manager, client_of):
    client = client_of(manager)
    first = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=1)
    day = {"day": timezone.localdate(first).isoformat()}
    client.get(reverse("aftersales:workbench"), day)  # the session's first request stamps its idle clock
    queries = {}
    for count in (1, 30):
        while Appointment.objects.count() < count:
            n = Appointment.objects.count()
            made = AppointmentFactory(vehicle__owner__store=store, slot_start=first + timedelta(minutes=15 * n))
            if n % 2 == 0:
                flag_fake(made, loss=Decimal("10"), staff_member=made.advisor, by=manager, expected_version=0)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("aftersales:workbench"), day)
        assert len(response.context["rows"]) == count
        queries[count] = len(captured)
    assert queries[1] == queries[30] <= 5


def test_the_months_fines_per_staff_member_in_one_query(
    store, other_store, advisor, staff, manager, django_assert_num_queries
):
    other_advisor = staff(Role.SERVICE_ADVISOR)
    for who, loss in ((advisor, "100"), (advisor, "41"), (other_advisor, "10")):
        flag_fake(booked(store, who), loss=Decimal(loss), staff_member=who, by=manager, expected_version=0)
    last_month = booked(store, advisor)
    flag_fake(last_month, loss=Decimal("1000"), staff_member=advisor, by=manager, expected_version=0)
    earlier = timezone.localtime().replace(day=1) - timedelta(days=1)
    Appointment.objects.filter(pk=last_month.pk).update(fake_flagged_at=earlier)
    theirs = AppointmentFactory(vehicle__owner__store=other_store)
    flag_fake(theirs, loss=Decimal("500"), staff_member=theirs.advisor, by=theirs.advisor, expected_version=0)
    booked(store, advisor)  # not flagged
    with django_assert_num_queries(1):
        fines = fake_appointment_fines(store, timezone.localdate())
    assert fines == {advisor.pk: Decimal("70.50"), other_advisor.pk: Decimal("5.00")}
    assert fake_appointment_fines(store, earlier.date()) == {advisor.pk: Decimal("500.00")}


@FUZZ
@given(
    drawn=form(
        loss=number(["0", "500.00"], required=True),
        staff_member=field(["advisor"], ["999999", "abc", ""]),
        row_version=field(["0"], ["", "-1", "7", "abc"]),
    )
)
def test_bad_input_is_a_4xx_and_flags_nothing(drawn, store, advisor, manager, client_of):
    appointment = booked(store, advisor)
    data, is_bad = split(drawn)
    if data["staff_member"] == "advisor":
        data["staff_member"] = str(advisor.pk)
    response = client_of(manager).post(reverse("aftersales:appointment_flag_fake", args=[appointment.pk]), data)
    status = response.status_code
    assert status == 302 or 400 <= status < 500, status
    if is_bad:
        assert 400 <= status < 500, status
    appointment.refresh_from_db()
    assert (appointment.fake_flagged_at is None) == (status != 302)
    assert appointment.row_version == (1 if status == 302 else 0)
    Appointment.objects.all().delete()
