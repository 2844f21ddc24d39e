"""The demo store's care lists: a customer on each list today (one 续保 at 45 days, one churned)."""

from datetime import date, timedelta

from django.utils import timezone

from care import rules
from care.lists import build_care_lists
from care.models import CareContact
from customers.models import Vehicle
from organization.policies import current_policy


def load_demo_care(store, users: dict) -> None:
    today = timezone.localdate()
    if CareContact.objects.filter(store=store, listed_on=today).exists():
        return
    policy = current_policy(store)
    cars = []
    for vehicle in (
        Vehicle.objects.filter(store=store, status=Vehicle.Status.IN_USE, owner__anonymized_at=None)
        .filter(memberships__isnull=True)
        .select_related("owner")
        .order_by("-pk")
    ):
        if vehicle.owner_id not in {car.owner_id for car in cars}:
            cars.append(vehicle)
        if len(cars) == 7:
            break
    if len(cars) < 7:
        return
    renewal, warranty, inspection, first, scheduled, birthday, churned = cars
    _set(renewal, insurance_expiry=today + policy.value(rules.RENEWAL_LEAD_DAYS[0]))
    _set(warranty, warranty_end=today + policy.value(rules.WARRANTY_LEAD_DAYS))
    inspection_age = rules.inspection_years(policy)[0]
    _set(inspection, purchase_date=rules.add_years(today + policy.value(rules.INSPECTION_LEAD_DAYS), -inspection_age))
    service_due = today + policy.value(rules.SERVICE_LEAD_DAYS)
    _set(first, last_service_date=None, last_service_mileage=None, next_service_due_date=service_due)
    _set(scheduled, last_service_date=today - timedelta(days=150), next_service_due_date=service_due)
    for customer, fields in (
        (birthday.owner, {"birthday": date(1988, today.month, today.day)}),  # 1988 was a leap year
        (churned.owner, {}),
    ):
        customer.marketing_consent = True
        for name, value in fields.items():
            setattr(customer, name, value)
        customer.save(update_fields=["marketing_consent", *fields])
    churned.owner.vehicles.update(last_service_date=rules.add_months(today, -policy.value(rules.CHURN_AFTER_MONTHS)))
    build_care_lists(today=today)


def _set(vehicle: Vehicle, **fields) -> None:
    for name, value in fields.items():
        setattr(vehicle, name, value)
    vehicle.save(update_fields=list(fields))
