"""Dates and times people type get a sane range for what they are; pages never crash on a stored one."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from customers.models import Customer, FollowUp, ShowroomVisit, Vehicle, VehicleSale
from customers.validation import RECORDS_START
from organization.roles import Role
from tests.customers.helpers import customer_post, vehicle_post
from tests.factories import CustomerFactory, VehicleFactory
from tests.services.conftest import require_postgresql

ABSURD_MOMENTS = ["0001-01-01T00:00", "1111-11-11T11:11", "1899-12-31T23:59", "1999-12-31T23:59"]


@pytest.fixture
def consultant(staff):
    return staff(Role.SALES_CONSULTANT)


@pytest.mark.parametrize("moment", ABSURD_MOMENTS)
def test_a_delivery_before_the_store_kept_records_is_refused_and_the_customer_page_still_opens(
    moment, store, consultant, client_of
):
    vehicle = VehicleFactory(owner__store=store, plate="")
    client = client_of(consultant)
    data = {"vehicle": vehicle.pk, "consultant": consultant.pk, "delivered_at": moment, "price": ""}
    response = client.post(reverse("customers:sale_create", args=[vehicle.owner.pk]), data)
    assert response.status_code == 422
    assert not VehicleSale.objects.exists()
    assert client.get(vehicle.owner.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("moment", ABSURD_MOMENTS)
def test_a_follow_up_before_the_store_kept_records_is_refused(moment, store, consultant, client_of):
    customer = CustomerFactory(store=store)
    client = client_of(consultant)
    data = {"contacted_at": moment, "channel": "phone", "content": "问候", "result": ""}
    response = client.post(reverse("customers:follow_up_create", args=[customer.pk]), data)
    assert response.status_code == 422
    assert not FollowUp.objects.exists()
    assert client.get(customer.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("moment", ABSURD_MOMENTS)
def test_a_showroom_visit_before_the_store_kept_records_is_refused(moment, store, consultant, client_of):
    client = client_of(consultant)
    data = {"name": "王先生", "mobile": "", "interested_model": "", "party_size": "1", "visited_at": moment}
    response = client.post(reverse("customers:showroom_visit_create"), data)
    assert response.status_code == 422
    assert not ShowroomVisit.objects.exists()
    assert client.get(reverse("customers:showroom")).status_code == 200


def test_a_moment_a_few_minutes_ahead_of_the_server_clock_is_not_refused_by_the_form(store, consultant, client_of):
    from customers.forms import FollowUpForm

    ahead = timezone.localtime() + timedelta(minutes=2)
    form = FollowUpForm({"contacted_at": ahead.strftime("%Y-%m-%dT%H:%M"), "channel": "phone", "content": "问候"})
    assert form.is_valid(), form.errors
    later = timezone.localtime() + timedelta(hours=1)
    form = FollowUpForm({"contacted_at": later.strftime("%Y-%m-%dT%H:%M"), "channel": "phone", "content": "问候"})
    assert not form.is_valid()


@pytest.mark.parametrize(
    "field, value",
    [
        ("birthday", "1899-12-31"),
        ("birthday", "0001-01-01"),
        ("planned_purchase_on", "0001-01-01"),
        ("planned_purchase_on", "9999-12-31"),
    ],
)
def test_customer_dates_out_of_range_are_refused(field, value, store, staff, client_of):
    client = client_of(staff(Role.SERVICE_ADVISOR))
    response = client.post(reverse("customers:create"), customer_post(**{field: value}))
    assert response.status_code == 422
    assert not Customer.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("purchase_date", "0001-01-01"),
        ("purchase_date", "1899-12-31"),
        ("warranty_end", "0001-01-01"),
        ("warranty_end", "9999-12-31"),
        ("extended_warranty_end", "9999-12-31"),
        ("insurance_expiry", "1111-11-11"),
        ("insurance_expiry", "9999-12-31"),
        ("last_service_date", "0001-01-01"),
        ("next_service_due_date", "9999-12-31"),
    ],
)
def test_vehicle_dates_out_of_range_are_refused(field, value, store, staff, client_of):
    customer = CustomerFactory(store=store)
    client = client_of(staff(Role.SERVICE_ADVISOR))
    response = client.post(reverse("customers:vehicle_create", args=[customer.pk]), vehicle_post(**{field: value}))
    assert response.status_code == 422
    assert not Vehicle.objects.exists()


def test_dates_inside_their_ranges_are_accepted(store, staff, client_of):
    client = client_of(staff(Role.SERVICE_ADVISOR))
    today = timezone.localdate()
    customer_data = customer_post(birthday="1900-01-01", planned_purchase_on=str(today + timedelta(days=365)))
    assert client.post(reverse("customers:create"), customer_data).status_code == 302
    customer = Customer.objects.get()
    vehicle_data = vehicle_post(
        purchase_date="1995-05-01",
        warranty_end=str(today + timedelta(days=3 * 365)),
        extended_warranty_end=str(today + timedelta(days=8 * 365)),
        insurance_expiry=str(today + timedelta(days=300)),
        last_service_date=str(today),
        next_service_due_date=str(today + timedelta(days=180)),
    )
    assert client.post(reverse("customers:vehicle_create", args=[customer.pk]), vehicle_data).status_code == 302
    assert Vehicle.objects.get().purchase_date == date(1995, 5, 1)


UPDATES = [
    ("customers_customer", "birthday", "'0001-01-01'"),
    ("customers_customer", "planned_purchase_on", "'9999-12-31'"),
    ("customers_vehicle", "purchase_date", "'0001-01-01'"),
    ("customers_vehicle", "warranty_end", "'9999-12-31'"),
    ("customers_vehicle", "extended_warranty_end", "'0001-01-01'"),
    ("customers_vehicle", "insurance_expiry", "'0001-01-01'"),
    ("customers_vehicle", "last_service_date", "'0001-01-01'"),
    ("customers_vehicle", "next_service_due_date", "'9999-12-31'"),
    ("customers_vehiclesale", "delivered_at", "'0001-01-01 00:00:00+08'"),
    ("customers_followup", "contacted_at", "'0001-01-01 00:00:00+08'"),
    ("customers_showroomvisit", "visited_at", "'0001-01-01 00:00:00+08'"),
]


@pytest.mark.parametrize("table, column, value", UPDATES)
def test_the_database_refuses_a_date_out_of_range_from_any_path(table, column, value, store, consultant, client_of):
    from customers.deliveries import deliver_vehicle
    from customers.follow_ups import record_follow_up
    from customers.prospects import record_showroom_visit

    vehicle = VehicleFactory(owner__store=store, plate="")
    now = timezone.now()
    deliver_vehicle(vehicle=vehicle, buyer=vehicle.owner, consultant=consultant, delivered_at=now, by=consultant)
    record_follow_up(vehicle.owner, contacted_at=now, channel="phone", content="问候", result="", by=consultant)
    record_showroom_visit(store=store, prospect=None, name="王先生", by=consultant)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = {value}")
    client = client_of(consultant)
    assert client.get(vehicle.owner.get_absolute_url()).status_code == 200
    assert client.get(reverse("customers:showroom")).status_code == 200


def test_postgresql_migration_repairs_absurd_dates_stored_before_the_checks(store, consultant, client_of):
    require_postgresql()
    from django.db.migrations.executor import MigrationExecutor

    from customers.deliveries import deliver_vehicle

    vehicle = VehicleFactory(owner__store=store, plate="", warranty_end=date(2030, 1, 1))
    deliver_vehicle(
        vehicle=vehicle, buyer=vehicle.owner, consultant=consultant, delivered_at=timezone.now(), by=consultant
    )
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the rows above were written in this test's transaction
    executor = MigrationExecutor(connection)
    executor.migrate([("customers", "0009_store_owned_related_names")])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE customers_vehiclesale SET delivered_at = '0001-01-01 00:00:00+08'")
        cursor.execute("UPDATE customers_historicalvehiclesale SET delivered_at = '0001-01-01 00:00:00+08'")
        cursor.execute("UPDATE customers_customer SET birthday = '0001-01-01'")
        cursor.execute("UPDATE customers_vehicle SET insurance_expiry = '9999-12-31'")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("customers"))
    assert VehicleSale.objects.get().delivered_at == RECORDS_START
    assert Customer.objects.get().birthday is None
    repaired = Vehicle.objects.get()
    assert repaired.insurance_expiry is None and repaired.warranty_end == date(2030, 1, 1)
    assert client_of(consultant).get(vehicle.owner.get_absolute_url()).status_code == 200


def test_an_imported_purchase_date_out_of_range_is_listed_in_the_dry_run_and_never_imported(store, staff, client_of):
    from django.core.files.uploadedfile import SimpleUploadedFile

    rows = ["姓名,手机,车架号,购车日期", "张伟明,13912345678,LFV2A21K8N3041234,1899-01-01"]
    upload = SimpleUploadedFile("customers.csv", "\n".join(rows).encode(), content_type="text/csv")
    client = client_of(staff(Role.GENERAL_MANAGER))
    response = client.post(reverse("customers:import"), {"file": upload})
    assert response.status_code == 200
    assert reverse("customers:import_confirm") not in response.content.decode()
    assert client.post(reverse("customers:import_confirm")).status_code == 422
    assert not Customer.objects.exists() and not Vehicle.objects.exists()


@pytest.mark.parametrize(
    "day, refused",
    [
        (date(1979, 12, 31), True),
        (date(1980, 1, 1), False),
        (date(2039, 2, 28), False),
        (date(2039, 3, 1), True),
    ],
)
def test_a_range_holds_its_floor_and_its_years_ahead_both_ends_included(day, refused):
    from customers.validation import WARRANTY_END

    leap_day = date(2024, 2, 29)  # 15 years later there is no 29 February: the range ends on the 28th
    assert WARRANTY_END.latest(leap_day) == date(2039, 2, 28)
    if refused:
        with pytest.raises(ValidationError) as caught:
            WARRANTY_END.check(day, leap_day)
        assert gettext("Enter a date from %(earliest)s to %(latest)s.") % caught.value.params in caught.value.messages
    else:
        WARRANTY_END.check(day, leap_day)


def test_the_moment_field_names_the_start_of_the_records_and_offers_it_as_the_minimum():
    from customers.forms import SaleForm

    field = SaleForm.base_fields["delivered_at"]
    assert field.widget.attrs["min"] == "2000-01-01T00:00" and field.widget.input_type == "datetime-local"
    with pytest.raises(ValidationError) as caught:
        field.clean("1999-12-31T23:59")
    assert caught.value.messages == [gettext("Enter a time from %(earliest)s to now.") % caught.value.params]
