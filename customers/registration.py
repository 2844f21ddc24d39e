"""Registering and editing customer and vehicle files, one store at a time.

A mobile number or VIN is unique per store: a duplicate is refused with the existing record,
so the page can link to it. Edits carry the row version they were read at (concurrency.py).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from customers import grades, membership
from customers.models import Customer, Vehicle
from customers.privacy import set_marketing_consent
from organization.concurrency import save_if_unchanged

CUSTOMER_FIELDS = [
    "name",
    "mobile",
    "gender",
    "birthday",
    "occupation",
    "source",
    "marketing_consent",
    "referred_by",
    "notes",
    "purchase_budget",
    "planned_purchase_on",
]
VEHICLE_FIELDS = [
    "vin",
    "plate",
    "brand",
    "model_name",
    "status",
    "purchase_date",
    "bought_here",
    "insured_here",
    "mileage",
    "warranty_end",
    "extended_warranty_end",
    "insurance_expiry",
    "last_service_date",
    "last_service_mileage",
    "next_service_due_date",
    "next_service_due_mileage",
]


class DuplicateRecord(ValidationError):
    """The store already has this mobile or VIN; `existing` is the record to link to."""

    def __init__(self, message, existing):
        super().__init__(message, code="duplicate")
        self.existing = existing


def _customer_with_mobile(store, mobile: str, exclude_pk=None) -> Customer | None:
    return Customer.objects.filter(store=store, mobile=mobile).exclude(pk=exclude_pk).first()


def _vehicle_with_vin(store, vin: str, exclude_pk=None) -> Vehicle | None:
    return Vehicle.objects.filter(store=store, vin=vin).exclude(pk=exclude_pk).first()


def other_customers_vehicle_with_plate(vehicle: Vehicle) -> Vehicle | None:
    """Plates move between owners (a car sold on keeps its plate): another customer's vehicle with this
    plate is worth a warning, never a refusal."""
    if not vehicle.plate:
        return None
    same_plate = Vehicle.objects.filter(store=vehicle.store, plate=vehicle.plate).exclude(owner=vehicle.owner_id)
    return same_plate.select_related("owner").first()


def duplicate_mobile(existing: Customer) -> DuplicateRecord:
    return DuplicateRecord(
        _("A customer with this mobile number already exists: %(name)s.") % {"name": existing.name}, existing
    )


def duplicate_vin(existing: Vehicle) -> DuplicateRecord:
    return DuplicateRecord(
        _("A vehicle with this VIN already exists (%(vehicle)s, owner %(owner)s).")
        % {"vehicle": existing, "owner": existing.owner},
        existing,
    )


def _check_referrer(store, referred_by: Customer | None, customer_pk=None) -> None:
    if referred_by is None:
        return
    if referred_by.store_id != store.pk or (customer_pk and referred_by.pk == customer_pk):
        raise ValidationError(_("Choose a referrer among this store's other customers."), code="bad_referrer")


@transaction.atomic
def register_customer(*, store, by, **fields) -> Customer:
    """A new customer file; refused if the store already has the mobile number."""
    if existing := _customer_with_mobile(store, fields["mobile"]):
        raise duplicate_mobile(existing)
    _check_referrer(store, fields.get("referred_by"))
    customer = Customer(store=store, **fields)
    grades.refresh_suggestion(customer)
    try:
        with transaction.atomic():
            customer.save()
    except IntegrityError as error:  # registered by someone else a moment ago
        raise duplicate_mobile(_customer_with_mobile(store, fields["mobile"])) from error
    set_marketing_consent(customer, customer.marketing_consent)
    return customer


@transaction.atomic
def update_customer(customer: Customer, *, expected_version: int, by, **fields) -> Customer:
    """Save an edit of the customer file unless someone saved it since `expected_version`; without a `mobile`
    or `referred_by` the current ones stay."""
    customer.refuse_if_anonymized()
    if "mobile" in fields and (existing := _customer_with_mobile(customer.store, fields["mobile"], customer.pk)):
        raise duplicate_mobile(existing)
    _check_referrer(customer.store, fields.get("referred_by"), customer.pk)
    try:
        with transaction.atomic():
            save_if_unchanged(customer, expected_version, fields, then=grades.refresh_suggestion)
    except IntegrityError as error:
        raise duplicate_mobile(_customer_with_mobile(customer.store, customer.mobile, customer.pk)) from error
    set_marketing_consent(customer, customer.marketing_consent)
    return customer


@transaction.atomic
def register_vehicle(*, owner: Customer, by, **fields) -> Vehicle:
    """A vehicle in the owner's file; refused if the store already has the VIN."""
    owner.refuse_if_anonymized()
    if existing := _vehicle_with_vin(owner.store, fields["vin"]):
        raise duplicate_vin(existing)
    vehicle = Vehicle(store=owner.store, owner=owner, **fields)
    try:
        with transaction.atomic():
            vehicle.save()
    except IntegrityError as error:
        raise duplicate_vin(_vehicle_with_vin(owner.store, fields["vin"])) from error
    return vehicle


@transaction.atomic
def update_vehicle(vehicle: Vehicle, *, expected_version: int, by, **fields) -> Vehicle:
    """Save an edit of a vehicle; a vehicle now sold or scrapped loses its membership."""
    if existing := _vehicle_with_vin(vehicle.store, fields["vin"], exclude_pk=vehicle.pk):
        raise duplicate_vin(existing)
    try:
        with transaction.atomic():
            save_if_unchanged(vehicle, expected_version, fields)
    except IntegrityError as error:
        raise duplicate_vin(_vehicle_with_vin(vehicle.store, fields["vin"], vehicle.pk)) from error
    membership.vehicle_left_service(vehicle, by=by)
    return vehicle
