"""Scheduled survey callbacks (SPEC section 4): a month after purchase, six months after the last service.

A daily task lists them for customer service, set-based: one INSERT … SELECT per trigger and policy combination,
keyed on the callback's unique (source, kind), so a second run, or a catch-up after downtime, adds nothing twice.

- A month after purchase: a sale delivered `callbacks.after_purchase_survey_days` ago (source `sale:<pk>:1m`).
- Every six months for service customers: a vehicle whose last delivered repair order is
  `callbacks.after_service_survey_days` old gets one call for that period (source
  `vehicle:<pk>:6m:<date of that delivery>`); a later service delivery starts a new period.

A callback is listed on the day its anchor comes round and is due `callbacks.scheduled_survey_window_days`
later; an anchor whose window has passed (the task was down longer than that, or the data is older than the
feature) is never listed. They go to the store's customer service unassigned (any specialist takes them; the
customer-service head assigns them on the team queue). A forgotten (anonymized) customer gets none.
"""

from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import CharField, DateTimeField, Exists, F, IntegerField, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Cast, Concat, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.models import RepairOrder
from customers.models import VehicleSale
from organization.models import PolicySet, Store
from organization.policies import Unit, current_policies, define
from surveys.callbacks import SECTION
from surveys.models import Callback

AFTER_PURCHASE = define(
    "callbacks.after_purchase_survey_days",
    SECTION,
    _("Survey callback after a purchase, days after delivery"),
    Unit.DAYS,
    Decimal(7),
    Decimal(120),
)
AFTER_SERVICE = define(
    "callbacks.after_service_survey_days",
    SECTION,
    _("Survey callback for service customers, days after their last service"),
    Unit.DAYS,
    Decimal(30),
    Decimal(400),
)
SCHEDULED_WINDOW = define(
    "callbacks.scheduled_survey_window_days",
    SECTION,
    _("Scheduled survey callback within"),
    Unit.DAYS,
    Decimal(1),
    Decimal(30),
)

COLUMNS = ["store_id", "customer_id", "vehicle_id", "kind", "source", "policy_id", "created_at", "due_at", "attempts"]
COLUMNS += ["notes", "row_version"]


def newest_policy():
    return Subquery(PolicySet.objects.filter(store=OuterRef("store")).order_by("-version").values("pk")[:1])


def constants(kind: str, now: datetime, due_at: datetime) -> dict:
    return {
        "c_kind": Value(kind, output_field=CharField()),
        "c_policy": newest_policy(),
        "c_created": Value(now, output_field=DateTimeField()),
        "c_due": Value(due_at, output_field=DateTimeField()),
        "c_attempts": Value(0, output_field=IntegerField()),
        "c_notes": Value("", output_field=TextField()),
        "c_version": Value(0, output_field=IntegerField()),
    }


def after_purchase(stores, now: datetime, offset: timedelta, window: timedelta):
    return (
        VehicleSale.objects.filter(
            store__in=stores, delivered_at__lte=now - offset, delivered_at__gt=now - offset - window
        )
        .filter(buyer__anonymized_at=None)
        .annotate(
            c_store=F("store_id"),
            c_customer=F("buyer_id"),
            c_vehicle=F("vehicle_id"),
            c_source=Concat(Value("sale:"), Cast("pk", CharField()), Value(":1m"), output_field=CharField()),
            **constants(Callback.Kind.MONTH_AFTER_PURCHASE, now, now + window),
        )
    )


def after_service(stores, now: datetime, offset: timedelta, window: timedelta):
    later = RepairOrder.objects.filter(
        vehicle=OuterRef("vehicle"), delivered_at__gt=OuterRef("delivered_at"), status=RepairOrder.Status.DELIVERED
    )
    return (
        RepairOrder.objects.filter(
            store__in=stores,
            status=RepairOrder.Status.DELIVERED,
            delivered_at__lte=now - offset,
            delivered_at__gt=now - offset - window,
            customer__anonymized_at=None,
        )
        .filter(~Exists(later))
        .annotate(
            c_store=F("store_id"),
            c_customer=F("customer_id"),
            c_vehicle=F("vehicle_id"),
            c_source=Concat(
                Value("vehicle:"),
                Cast("vehicle_id", CharField()),
                Value(":6m:"),
                Cast(TruncDate("delivered_at"), CharField()),
                output_field=CharField(),
            ),
            **constants(Callback.Kind.HALF_YEAR_AFTER_SERVICE, now, now + window),
        )
    )


SELECTED = ["c_store", "c_customer", "c_vehicle", "c_kind", "c_source", "c_policy", "c_created", "c_due"]
SELECTED += ["c_attempts", "c_notes", "c_version"]


def insert_missing(rows) -> int:
    """INSERT … SELECT the rows; a (source, kind) already listed is skipped by the unique constraint."""
    select, params = rows.values(*SELECTED).query.sql_with_params()
    sql = (
        f"INSERT INTO {Callback._meta.db_table} ({', '.join(COLUMNS)}) "
        f"SELECT * FROM ({select}) AS scheduled WHERE true ON CONFLICT (source, kind) DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@transaction.atomic
def list_scheduled_survey_callbacks(now: datetime | None = None) -> int:
    """List the month-after-purchase and six-month service survey callbacks due by `now`; the number listed."""
    now = now or timezone.now()
    stores = Store.objects.filter(is_active=True)
    by_values = defaultdict(list)
    for store_id, policy in current_policies(stores).items():
        values = (policy.value(AFTER_PURCHASE), policy.value(AFTER_SERVICE), policy.value(SCHEDULED_WINDOW))
        by_values[values].append(store_id)
    listed = 0
    for (purchase, service, window), store_ids in by_values.items():
        listed += insert_missing(after_purchase(store_ids, now, purchase, window))
        listed += insert_missing(after_service(store_ids, now, service, window))
    return listed
