"""The daily care-list job: each rule lists its contact once, on its day; catch-up after downtime is late, no flood."""

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext

from aftersales.models import RepairOrder
from care.lists import build_care_lists, send_care_reminders
from care.models import CareContact, CareOptOut
from care.models.contacts import ContactKind
from organization.models import OutboundMessage
from organization.roles import Role
from tests.factories import RepairOrderFactory, StoreFactory, VehicleFactory

ZONE = timezone.get_current_timezone()


def run(day: date) -> dict[str, int]:
    with time_machine.travel(datetime(day.year, day.month, day.day, 5, 30, tzinfo=ZONE), tick=False):
        return build_care_lists()


def contacts(kind):
    return list(CareContact.objects.filter(kind=kind).order_by("due_on").values_list("due_on", "event_date", "late"))


def run_days(first: date, last: date, skip=()):
    day = first
    while day <= last:
        if day not in skip:
            run(day)
        day += timedelta(days=1)


@pytest.mark.django_db
class TestInsuranceRenewal:
    def test_three_calls_exactly_45_33_and_30_days_before_expiry(self, store):
        VehicleFactory(owner__store=store, insurance_expiry=date(2027, 3, 31))
        run_days(date(2027, 2, 1), date(2027, 3, 31))
        assert contacts(ContactKind.INSURANCE_RENEWAL) == [
            (date(2027, 2, 14), date(2027, 3, 31), False),
            (date(2027, 2, 26), date(2027, 3, 31), False),
            (date(2027, 3, 1), date(2027, 3, 31), False),
        ]

    def test_two_days_of_downtime_list_the_missed_call_once_marked_late(self, store):
        VehicleFactory(owner__store=store, insurance_expiry=date(2027, 3, 31))
        run_days(date(2027, 2, 10), date(2027, 3, 5), skip={date(2027, 2, 26), date(2027, 2, 27)})
        assert contacts(ContactKind.INSURANCE_RENEWAL) == [
            (date(2027, 2, 14), date(2027, 3, 31), False),
            (date(2027, 2, 26), date(2027, 3, 31), True),
            (date(2027, 3, 1), date(2027, 3, 31), False),
        ]
        assert CareContact.objects.get(due_on=date(2027, 2, 26)).listed_on == date(2027, 2, 28)

    def test_running_twice_creates_nothing_twice(self, store):
        VehicleFactory(owner__store=store, insurance_expiry=date(2027, 3, 31))
        assert run(date(2027, 2, 14))["insurance_renewal"] == 1
        assert run(date(2027, 2, 14))["insurance_renewal"] == 0
        assert CareContact.objects.count() == 1

    def test_an_expiry_entered_late_lists_only_the_call_whose_turn_it_is(self, store):
        VehicleFactory(owner__store=store, insurance_expiry=date(2027, 3, 31))
        run(date(2027, 3, 2))
        assert contacts(ContactKind.INSURANCE_RENEWAL) == [(date(2027, 3, 1), date(2027, 3, 31), True)]

    def test_a_contact_older_than_the_catch_up_window_is_not_created(self, store):
        VehicleFactory(owner__store=store, warranty_end=date(2027, 4, 1))
        run(date(2027, 2, 10))  # due 2027-01-31, ten days ago: beyond the 7-day catch-up
        assert contacts(ContactKind.WARRANTY_EXPIRY) == []


@pytest.mark.django_db
def test_warranty_expiry_60_days_before(store):
    VehicleFactory(owner__store=store, warranty_end=date(2027, 4, 1))
    run_days(date(2027, 1, 25), date(2027, 2, 5))
    assert contacts(ContactKind.WARRANTY_EXPIRY) == [(date(2027, 1, 31), date(2027, 4, 1), False)]


@pytest.mark.django_db
class TestInspection:
    def test_30_days_before_the_second_anniversary_of_registration(self, store):
        VehicleFactory(owner__store=store, purchase_date=date(2024, 6, 15))
        run_days(date(2026, 5, 10), date(2026, 5, 20))
        assert contacts(ContactKind.INSPECTION) == [(date(2026, 5, 16), date(2026, 6, 15), False)]

    def test_no_inspection_in_an_odd_year_of_a_young_car(self, store):
        VehicleFactory(owner__store=store, purchase_date=date(2025, 6, 15))
        run_days(date(2026, 5, 10), date(2026, 5, 20))
        assert contacts(ContactKind.INSPECTION) == []

    def test_every_year_after_ten_years(self, store):
        VehicleFactory(owner__store=store, purchase_date=date(2015, 6, 15))
        run(date(2026, 5, 16))
        assert contacts(ContactKind.INSPECTION) == [(date(2026, 5, 16), date(2026, 6, 15), False)]

    def test_a_car_registered_on_29_february_is_inspected_on_28_february(self, store):
        VehicleFactory(owner__store=store, purchase_date=date(2016, 2, 29))
        run(date(2027, 1, 29))
        assert contacts(ContactKind.INSPECTION) == [(date(2027, 1, 29), date(2027, 2, 28), False)]

    def test_and_on_29_february_in_a_leap_year(self, store):
        VehicleFactory(owner__store=store, purchase_date=date(2016, 2, 29))
        run(date(2028, 1, 29))
        run(date(2028, 1, 30))
        assert contacts(ContactKind.INSPECTION) == [(date(2028, 1, 30), date(2028, 2, 29), False)]


@pytest.mark.django_db
class TestBirthdays:
    def owner(self, store, birthday, consent=True):
        return VehicleFactory(owner__store=store, owner__birthday=birthday, owner__marketing_consent=consent).owner

    def test_on_the_day(self, store):
        self.owner(store, date(1980, 7, 3))
        run_days(date(2026, 7, 1), date(2026, 7, 5))
        assert contacts(ContactKind.BIRTHDAY) == [(date(2026, 7, 3), date(2026, 7, 3), False)]

    def test_29_february_on_28_february_in_other_years_and_on_29_in_leap_years(self, store):
        self.owner(store, date(1988, 2, 29))
        run_days(date(2027, 2, 27), date(2027, 3, 1))
        run_days(date(2028, 2, 27), date(2028, 3, 1))
        assert contacts(ContactKind.BIRTHDAY) == [
            (date(2027, 2, 28), date(2027, 2, 28), False),
            (date(2028, 2, 29), date(2028, 2, 29), False),
        ]

    def test_a_missed_birthday_is_not_greeted_late(self, store):
        self.owner(store, date(1980, 7, 3))
        run(date(2026, 7, 4))
        assert contacts(ContactKind.BIRTHDAY) == []

    def test_greetings_are_marketing_and_need_consent(self, store):
        self.owner(store, date(1980, 7, 3), consent=False)
        run(date(2026, 7, 3))
        assert contacts(ContactKind.BIRTHDAY) == []


@pytest.mark.django_db
class TestChurned:
    def test_six_months_after_the_last_visit_once(self, store):
        VehicleFactory(owner__store=store, owner__marketing_consent=True, last_service_date=date(2026, 1, 10))
        run_days(date(2026, 7, 1), date(2026, 8, 31))
        assert contacts(ContactKind.WIN_BACK) == [(date(2026, 7, 10), date(2026, 7, 10), False)]

    def test_a_customer_whose_other_car_came_since_is_not_churned(self, store):
        vehicle = VehicleFactory(owner__store=store, owner__marketing_consent=True, last_service_date=date(2026, 1, 10))
        VehicleFactory(owner=vehicle.owner, last_service_date=date(2026, 5, 1))
        run(date(2026, 7, 10))
        assert contacts(ContactKind.WIN_BACK) == []

    def test_a_new_absence_after_a_visit_is_a_new_episode(self, store):
        vehicle = VehicleFactory(owner__store=store, owner__marketing_consent=True, last_service_date=date(2026, 1, 10))
        run(date(2026, 7, 10))
        vehicle.last_service_date = date(2026, 8, 1)
        vehicle.save(update_fields=["last_service_date"])
        run(date(2027, 2, 1))
        assert len(contacts(ContactKind.WIN_BACK)) == 2


@pytest.mark.django_db
class TestServices:
    def vehicle(self, store, **fields):
        fields.setdefault("purchase_date", date(2026, 1, 1))
        return VehicleFactory(owner__store=store, **fields)

    def reading(self, vehicle, day, km):
        RepairOrderFactory(
            vehicle=vehicle,
            job_type="repair",
            mileage_in=km,
            opened_at=datetime(day.year, day.month, day.day, 10, tzinfo=ZONE),
        )

    def test_first_service_14_days_before_its_date(self, store):
        self.vehicle(store, next_service_due_date=date(2026, 7, 1), next_service_due_mileage=5000)
        run_days(date(2026, 6, 10), date(2026, 6, 20))
        assert contacts(ContactKind.FIRST_SERVICE) == [(date(2026, 6, 17), date(2026, 7, 1), False)]

    def test_by_the_mileage_estimate_when_it_comes_first(self, store):
        vehicle = self.vehicle(store, next_service_due_date=date(2026, 7, 1), next_service_due_mileage=5000)
        self.reading(vehicle, date(2026, 3, 2), 2000)  # 60 days, 2,000 km: 33⅓ km a day
        run_days(date(2026, 4, 1), date(2026, 6, 20))
        # 4,000 km (1,000 ahead of 5,000) on day 120 = 2026-05-01; 5,000 km on day 150 = 2026-05-31
        assert contacts(ContactKind.FIRST_SERVICE) == [(date(2026, 5, 1), date(2026, 5, 31), False)]

    def test_by_date_when_the_car_is_driven_little(self, store):
        vehicle = self.vehicle(store, next_service_due_date=date(2026, 7, 1), next_service_due_mileage=5000)
        self.reading(vehicle, date(2026, 3, 2), 300)
        run_days(date(2026, 6, 10), date(2026, 6, 20))
        assert contacts(ContactKind.FIRST_SERVICE) == [(date(2026, 6, 17), date(2026, 7, 1), False)]

    def test_scheduled_service_after_a_first_one_owned_by_the_advisor_who_delivered(self, store, staff):
        advisor = staff(Role.SERVICE_ADVISOR)
        vehicle = self.vehicle(store, last_service_date=date(2026, 1, 5), next_service_due_date=date(2026, 7, 1))
        RepairOrderFactory(
            vehicle=vehicle,
            status=RepairOrder.Status.DELIVERED,
            delivered_by=advisor,
            delivered_at=datetime(2026, 1, 5, 16, tzinfo=ZONE),
            opened_at=datetime(2026, 1, 5, 9, tzinfo=ZONE),
        )
        run(date(2026, 6, 17))
        contact = CareContact.objects.get()
        assert (contact.kind, contact.owner, contact.vehicle) == (ContactKind.SCHEDULED_SERVICE, advisor, vehicle)

    def test_no_repair_order_here_lists_for_customer_service(self, store):
        self.vehicle(store, next_service_due_date=date(2026, 7, 1))
        run(date(2026, 6, 17))
        assert CareContact.objects.get().owner is None


@pytest.mark.django_db
def test_an_opt_out_suppresses_that_contact_type_only(store, staff):
    vehicle = VehicleFactory(owner__store=store, insurance_expiry=date(2026, 8, 1), warranty_end=date(2026, 8, 17))
    CareOptOut.objects.create(
        store=store,
        customer=vehicle.owner,
        kind=ContactKind.INSURANCE_RENEWAL,
        reason="已在别处续保",
        recorded_by=staff(Role.CUSTOMER_SERVICE),
    )
    run(date(2026, 6, 18))
    assert list(CareContact.objects.values_list("kind", flat=True)) == [ContactKind.WARRANTY_EXPIRY]


@pytest.mark.django_db
def test_anonymized_customers_are_never_listed(store):
    VehicleFactory(owner__store=store, owner__anonymized_at=timezone.now(), insurance_expiry=date(2026, 8, 1))
    run(date(2026, 6, 17))
    assert CareContact.objects.count() == 0


def _fleet_of(stores, per_store):
    for store in stores:
        for index in range(per_store):
            vehicle = VehicleFactory(
                owner__store=store,
                owner__marketing_consent=True,
                owner__birthday=date(1980, 6, 17),
                insurance_expiry=date(2026, 8, 1),
                purchase_date=date(2024, 7, 17),
                next_service_due_date=date(2026, 7, 1),
                next_service_due_mileage=10000,
            )
            RepairOrderFactory(vehicle=vehicle, opened_at=datetime(2026, 3, 1, 9, tzinfo=ZONE), mileage_in=5000 + index)


@pytest.mark.django_db
def test_the_job_runs_the_same_queries_at_1x_and_10x_the_vehicles(store, other_store):
    _fleet_of([store, other_store], 1)
    with CaptureQueriesContext(connection) as small:
        small_counts = run(date(2026, 6, 17))
    CareContact.objects.all().delete()
    more = [StoreFactory() for _ in range(3)]
    _fleet_of([store, other_store, *more], 4)
    with CaptureQueriesContext(connection) as large:
        large_counts = run(date(2026, 6, 17))
    assert small_counts["insurance_renewal"] == 2 and large_counts["insurance_renewal"] == 2 + 5 * 4
    assert large_counts["birthday"] == 22 and large_counts["inspection"] == 22
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.django_db
class TestReminderSms:
    def test_the_new_contacts_get_one_sms_each_even_when_sent_twice(self, store):
        VehicleFactory(
            owner__store=store, owner__mobile="13900000001", plate="粤A12345", insurance_expiry=date(2026, 8, 1)
        )
        run(date(2026, 6, 17))
        with time_machine.travel(datetime(2026, 6, 17, 10, tzinfo=ZONE), tick=False):
            assert send_care_reminders() == 1
            assert send_care_reminders() == 0
        contact = CareContact.objects.get()
        message = OutboundMessage.objects.get()
        assert contact.sms == message
        assert (message.to, message.category) == ("13900000001", OutboundMessage.Category.REMINDER)
        assert (
            gettext("the insurance of %(vehicle)s expires on %(date)s; we will help you renew it.")
            % {
                "vehicle": "粤A12345",
                "date": "2026-08-01",
            }
            in message.body
        )

    def test_a_kind_whose_sms_is_off_only_lists(self, store):
        VehicleFactory(owner__store=store, owner__marketing_consent=True, last_service_date=date(2026, 1, 10))
        run(date(2026, 7, 10))
        with time_machine.travel(datetime(2026, 7, 10, 10, tzinfo=ZONE), tick=False):
            assert send_care_reminders() == 0
        assert CareContact.objects.get().sms is None

    def test_held_through_quiet_hours(self, store):
        VehicleFactory(owner__store=store, insurance_expiry=date(2026, 8, 1))
        run(date(2026, 6, 17))
        with time_machine.travel(datetime(2026, 6, 17, 5, 30, tzinfo=ZONE), tick=False):
            send_care_reminders()
        assert OutboundMessage.objects.get().status == OutboundMessage.Status.DEFERRED


@pytest.mark.django_db
def test_the_command_lists_and_sends(store):
    VehicleFactory(owner__store=store, insurance_expiry=date(2026, 8, 1))
    out = StringIO()
    call_command("build_care_lists", "--date", "2026-06-17", stdout=out)
    assert "insurance_renewal: 1" in out.getvalue()
    assert CareContact.objects.get().sms is not None


def test_the_job_is_on_beat_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["build-care-lists"]
    assert entry["task"] == "care.tasks.build_care_lists"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({5}, {30})
