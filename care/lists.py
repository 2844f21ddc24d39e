"""The daily care lists: one `INSERT … SELECT … ON CONFLICT (kind, event_key) DO NOTHING` per rule and policy.

Stores sharing the same policy values for a rule share one statement, so the number of statements depends on the
policies and the catch-up window, never on the number of vehicles. A contact lists on the day its rule makes it due;
after downtime it still lists, once and marked late, while its day is within `care.catch_up_days` and its event has
not passed. Anything older is not created (no flood). Running twice adds nothing: the event key is unique.
"""

import calendar
from collections import defaultdict
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, Greatest, Least, TruncDate
from django.utils import formats, timezone
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from aftersales.models import RepairOrder
from care import rules
from care.models import CareContact, CareOptOut
from care.models.contacts import ContactKind
from customers.models import Customer, Vehicle
from organization.messaging import send_sms
from organization.models import OutboundMessage, Store
from organization.policies import current_policies

COLUMNS = {
    "row_version": "c_version",
    "store_id": "c_store",
    "kind": "c_kind",
    "event_key": "c_key",
    "customer_id": "c_customer",
    "vehicle_id": "c_vehicle",
    "owner_id": "c_owner",
    "event_date": "c_event",
    "due_on": "c_due",
    "listed_on": "c_listed",
    "late": "c_late",
    "created_at": "c_created",
}


class DayNumber(Func):
    """Days since 1970-01-01 of a date column, the same integer on SQLite and PostgreSQL."""

    output_field = IntegerField()
    template = "CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)"

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(%(expressions)s - DATE '1970-01-01')", **extra)


class FromDayNumber(Func):
    """The date of a day number (the inverse of DayNumber)."""

    output_field = DateField()
    template = "date((%(expressions)s) * 86400, 'unixepoch')"

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(DATE '1970-01-01' + (%(expressions)s)::integer)", **extra)


def day_number(day: date) -> int:
    return (day - date(1970, 1, 1)).days


def _text(expression):
    return Coalesce(Cast(expression, CharField()), Value(""))


def _last_delivered(**match):
    """The advisor who delivered the last repair order (of a vehicle or a customer): the care owner."""
    orders = RepairOrder.objects.filter(status=RepairOrder.Status.DELIVERED, **match)
    return Subquery(orders.order_by("-delivered_at", "-pk").values("delivered_by")[:1])


def _opted_out(kind, customer_ref):
    return Exists(CareOptOut.objects.filter(customer=OuterRef(customer_ref), kind=kind))


def _vehicles(kind, store_ids):
    """Vehicles in use of live customers in these stores, without an opt-out for this kind."""
    return (
        Vehicle.objects.order_by()
        .filter(store_id__in=store_ids, status=Vehicle.Status.IN_USE, owner__anonymized_at=None)
        .exclude(_opted_out(kind, "owner"))
    )


def _customers(kind, store_ids):
    """Vehicle owners of these stores who consented to marketing, without an opt-out for this kind."""
    in_use = Vehicle.objects.filter(owner=OuterRef("pk"), status=Vehicle.Status.IN_USE)
    return (
        Customer.objects.order_by()
        .filter(store_id__in=store_ids, anonymized_at=None, marketing_consent=True)
        .filter(Exists(in_use))
        .exclude(_opted_out(kind, "pk"))
    )


def _insert(rows, *, kind, key, event, due, late, owner, customer, vehicle, today: date, now: datetime) -> int:
    """INSERT the rows of a queryset as contacts; an event already listed is skipped by its unique key."""
    rows = rows.annotate(
        c_version=Value(0),
        c_store=F("store_id"),
        c_kind=Value(kind.value, output_field=CharField()),
        c_key=key,
        c_customer=customer,
        c_vehicle=vehicle,
        c_owner=owner,
        c_event=event,
        c_due=due,
        c_listed=Value(today, output_field=DateField()),
        c_late=late,
        c_created=Value(now),
    ).values_list(*COLUMNS.values())
    select, params = rows.query.sql_with_params()
    table = CareContact._meta.db_table
    sql = f"INSERT INTO {table} ({', '.join(COLUMNS)}) {select} ON CONFLICT (kind, event_key) DO NOTHING"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def _by_policy(policies: dict, *keys) -> dict[tuple, list[int]]:
    """Store ids grouped by their values of `keys`: one statement per group."""
    groups = defaultdict(list)
    for store_id, policy in policies.items():
        groups[tuple(policy.value(key) for key in keys)].append(store_id)
    return groups


def _vehicle_key(label: str, *parts):
    return Concat(Value("vehicle:"), Cast("pk", CharField()), Value(f":{label}"), *parts, output_field=CharField())


def _customer_key(label: str, day: date):
    return Concat(Value("customer:"), Cast("pk", CharField()), Value(f":{label}:{day.isoformat()}"))


def _late(due: date, today: date):
    return Value(due < today, output_field=BooleanField())


def list_expiries(kind, field: str, lead_keys, label: str, policies: dict, today: date, now: datetime) -> int:
    """续保 (three calls) and warranty expiry: a call `lead` days before the date in `field`.

    Of a series of calls for one expiry only the one whose turn it is lists: a catch-up past the 33-day call while
    the 30-day call is not yet due lists the 33-day call, late; past both, only the 30-day call.
    """
    created = 0
    for (catch_up, *leads), store_ids in _by_policy(policies, rules.CATCH_UP_DAYS, *lead_keys).items():
        leads = sorted((lead.days for lead in leads), reverse=True)
        for index, lead in enumerate(leads):
            window = Q(**{f"{field}__gte": max(today + timedelta(days=lead) - catch_up, today)})
            window &= Q(**{f"{field}__lte": today + timedelta(days=lead)})
            if index + 1 < len(leads):
                window &= Q(**{f"{field}__gt": today + timedelta(days=leads[index + 1])})
            created += _insert(
                _vehicles(kind, store_ids).filter(window),
                kind=kind,
                key=_vehicle_key(label, Cast(field, CharField()), Value(f":{lead}")),
                event=F(field),
                due=FromDayNumber(DayNumber(field) - lead),
                late=ExpressionWrapper(Q(**{f"{field}__lt": today + timedelta(days=lead)}), BooleanField()),
                owner=_last_delivered(vehicle=OuterRef("pk")),
                customer=F("owner_id"),
                vehicle=F("pk"),
                today=today,
                now=now,
            )
    return created


def _registered_on(inspection_day: date, ages: list[int]) -> list[date]:
    """Registration dates whose inspection falls on `inspection_day` (29 February cars on 28 February)."""
    dates = set()
    for age in ages:
        year = inspection_day.year - age
        candidates = [date(year, 2, 29)] if calendar.isleap(year) else []
        if not (inspection_day.month, inspection_day.day) == (2, 29) or calendar.isleap(year):
            candidates.append(inspection_day.replace(year=year))
        dates.update(day for day in candidates if rules.add_years(day, age) == inspection_day)
    return sorted(dates)


def list_inspections(policies: dict, today: date, now: datetime) -> int:
    """年检: `inspection_lead_days` before the car's inspection date, computed from its purchase (registration) date."""
    created = 0
    keys = (rules.CATCH_UP_DAYS, rules.INSPECTION_LEAD_DAYS, rules.INSPECTION_EVERY_YEARS)
    for (catch_up, lead, *_ages), store_ids in _by_policy(policies, *keys, rules.INSPECTION_YEARLY_AFTER_YEARS).items():
        ages = rules.inspection_years(policies[store_ids[0]])
        for back in range(catch_up.days, -1, -1):
            due = today - timedelta(days=back)
            inspection_day = due + lead
            if inspection_day < today:
                continue
            kind = ContactKind.INSPECTION
            created += _insert(
                _vehicles(kind, store_ids).filter(purchase_date__in=_registered_on(inspection_day, ages)),
                kind=kind,
                key=_vehicle_key("inspection:", Value(inspection_day.isoformat())),
                event=Value(inspection_day, output_field=DateField()),
                due=Value(due, output_field=DateField()),
                late=_late(due, today),
                owner=_last_delivered(vehicle=OuterRef("pk")),
                customer=F("owner_id"),
                vehicle=F("pk"),
                today=today,
                now=now,
            )
    return created


def list_birthdays(policies: dict, today: date, now: datetime) -> int:
    """Birthday greetings on the day; 29 February birthdays on 28 February in other years. A missed day is not
    caught up: the greeting would come after the birthday."""
    kind = ContactKind.BIRTHDAY
    born_today = Q(birthday__month=today.month, birthday__day=today.day)
    if (today.month, today.day) == (2, 28) and rules.birthday_in(today.year, date(2000, 2, 29)) == today:
        born_today |= Q(birthday__month=2, birthday__day=29)
    return _insert(
        _customers(kind, list(policies)).filter(born_today),
        kind=kind,
        key=_customer_key("birthday", today),
        event=Value(today, output_field=DateField()),
        due=Value(today, output_field=DateField()),
        late=Value(False),
        owner=_last_delivered(customer=OuterRef("pk")),
        customer=F("pk"),
        vehicle=Value(None, output_field=IntegerField()),
        today=today,
        now=now,
    )


def list_churned(policies: dict, today: date, now: datetime) -> int:
    """流失: a customer whose last service here was `churn_after_months` ago; one win-back call per episode
    (the key names the last visit, so a later visit and a new absence make a new one)."""
    kind = ContactKind.WIN_BACK
    created = 0
    for (catch_up, months), store_ids in _by_policy(policies, rules.CATCH_UP_DAYS, rules.CHURN_AFTER_MONTHS).items():
        for back in range(catch_up.days, -1, -1):
            churned_on = today - timedelta(days=back)
            last_visit = rules.add_months(churned_on, -months)
            if back and rules.add_months(churned_on - timedelta(days=1), -months) == last_visit:
                continue  # the same last-visit day as the day before (month ends): listed once, on its first day
            visits = Vehicle.objects.filter(owner=OuterRef("pk"))
            created += _insert(
                _customers(kind, store_ids)
                .filter(Exists(visits.filter(last_service_date=last_visit)))
                .exclude(Exists(visits.filter(last_service_date__gt=last_visit))),
                kind=kind,
                key=_customer_key("churn", last_visit),
                event=Value(churned_on, output_field=DateField()),
                due=Value(churned_on, output_field=DateField()),
                late=_late(churned_on, today),
                owner=_last_delivered(customer=OuterRef("pk")),
                customer=F("pk"),
                vehicle=Value(None, output_field=IntegerField()),
                today=today,
                now=now,
            )
    return created


def list_services(policies: dict, today: date, now: datetime) -> dict[str, int]:
    """首保/定保: `service_lead_days` before the next service's due date, or when the mileage estimate (km per day
    from purchase to the last repair order's odometer reading) comes within `service_lead_km` of its due mileage,
    whichever comes first. 首保 while the car has had no service here, 定保 after."""
    created = defaultdict(int)
    today_n = day_number(today)
    last_order = RepairOrder.objects.filter(vehicle=OuterRef("pk")).order_by("-opened_at", "-pk")
    keys = (rules.CATCH_UP_DAYS, rules.SERVICE_LEAD_DAYS, rules.SERVICE_LEAD_KM)
    for (catch_up, lead_days, lead_km), store_ids in _by_policy(policies, *keys).items():
        for kind, first in ((ContactKind.FIRST_SERVICE, True), (ContactKind.SCHEDULED_SERVICE, False)):
            rows = (
                _vehicles(kind, store_ids)
                .filter(last_service_date__isnull=first)
                .filter(Q(next_service_due_date__isnull=False) | Q(next_service_due_mileage__isnull=False))
                .annotate(
                    reading_km=Subquery(last_order.values("mileage_in")[:1]),
                    reading_n=DayNumber(Subquery(last_order.annotate(day=TruncDate("opened_at")).values("day")[:1])),
                    bought_n=DayNumber("purchase_date"),
                )
                .annotate(
                    usable=ExpressionWrapper(
                        Q(reading_km__gt=0, reading_n__gt=F("bought_n"), next_service_due_mileage__isnull=False),
                        BooleanField(),
                    )
                )
                .annotate(
                    call_by_date_n=DayNumber("next_service_due_date") - lead_days.days,
                    due_by_date_n=DayNumber("next_service_due_date"),
                    call_by_km_n=Case(
                        When(
                            usable=True,
                            then=F("bought_n")
                            + Greatest(F("next_service_due_mileage") - lead_km, Value(0))
                            * (F("reading_n") - F("bought_n"))
                            / F("reading_km"),
                        ),
                        output_field=IntegerField(),
                    ),
                    due_by_km_n=Case(
                        When(
                            usable=True,
                            then=F("bought_n")
                            + F("next_service_due_mileage") * (F("reading_n") - F("bought_n")) / F("reading_km"),
                        ),
                        output_field=IntegerField(),
                    ),
                )
                .annotate(
                    call_n=Least(
                        Coalesce("call_by_date_n", "call_by_km_n"), Coalesce("call_by_km_n", "call_by_date_n")
                    ),
                    event_n=Least(Coalesce("due_by_date_n", "due_by_km_n"), Coalesce("due_by_km_n", "due_by_date_n")),
                )
                .filter(call_n__lte=today_n, call_n__gte=today_n - catch_up.days)
            )
            created[kind] += _insert(
                rows,
                kind=kind,
                key=_vehicle_key(
                    "service:", _text("next_service_due_date"), Value(":"), _text("next_service_due_mileage")
                ),
                event=FromDayNumber("event_n"),
                due=FromDayNumber("call_n"),
                late=ExpressionWrapper(Q(call_n__lt=today_n), BooleanField()),
                owner=_last_delivered(vehicle=OuterRef("pk")),
                customer=F("owner_id"),
                vehicle=F("pk"),
                today=today,
                now=now,
            )
    return created


@transaction.atomic
def build_care_lists(today: date | None = None, now: datetime | None = None) -> dict[str, int]:
    """Fill today's care lists for every active store; returns how many contacts each kind added."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    policies = current_policies(Store.objects.filter(is_active=True))
    counts = {
        ContactKind.INSURANCE_RENEWAL: list_expiries(
            ContactKind.INSURANCE_RENEWAL,
            "insurance_expiry",
            rules.RENEWAL_LEAD_DAYS,
            "insurance:",
            policies,
            today,
            now,
        ),
        ContactKind.WARRANTY_EXPIRY: list_expiries(
            ContactKind.WARRANTY_EXPIRY, "warranty_end", (rules.WARRANTY_LEAD_DAYS,), "warranty:", policies, today, now
        ),
        ContactKind.INSPECTION: list_inspections(policies, today, now),
        ContactKind.BIRTHDAY: list_birthdays(policies, today, now),
        ContactKind.WIN_BACK: list_churned(policies, today, now),
    }
    counts.update(list_services(policies, today, now))
    return {str(kind): count for kind, count in counts.items()}


SMS_TEXTS = {
    ContactKind.FIRST_SERVICE: _("the first service of %(vehicle)s is due by %(date)s; call us to book a time."),
    ContactKind.SCHEDULED_SERVICE: _("the next service of %(vehicle)s is due by %(date)s; call us to book a time."),
    ContactKind.INSPECTION: _("the annual inspection of %(vehicle)s is due on %(date)s; we can arrange it for you."),
    ContactKind.INSURANCE_RENEWAL: _("the insurance of %(vehicle)s expires on %(date)s; we will help you renew it."),
    ContactKind.WARRANTY_EXPIRY: _(
        "the warranty of %(vehicle)s ends on %(date)s; ask us about a check before it ends."
    ),
    ContactKind.BIRTHDAY: _("happy birthday from all of us!"),
    ContactKind.WIN_BACK: _("we have not seen you for a while; we would be glad to look after your car again."),
}
SMS_BATCH = 500


def _reminder_sms(contact: CareContact) -> OutboundMessage:
    with override(settings.LANGUAGE_CODE):
        text = gettext(SMS_TEXTS[contact.kind]) % {
            "vehicle": contact.vehicle or "",
            "date": formats.date_format(contact.event_date, "Y-m-d"),
        }
    category = (
        OutboundMessage.Category.MARKETING
        if contact.kind in rules.MARKETING_KINDS
        else OutboundMessage.Category.REMINDER
    )
    return send_sms(
        store=contact.store,
        to=contact.customer.mobile,
        category=category,
        template="reminder",
        params={"name": contact.customer.name, "text": text},
    )


def send_care_reminders(today: date | None = None, batch: int = SMS_BATCH) -> int:
    """The SMS of the contacts listed today whose kind sends one (a policy per kind), once each.

    Each contact is taken by a conditional UPDATE of its `sms` in the same transaction as its outbox row: a second
    run finds it set; on PostgreSQL a concurrent run waits on the row lock, finds it set and rolls its message back.
    `send_sms` honours the number's opt-out and holds the message through the store's quiet hours.
    """
    today = today or timezone.localdate()
    policies = current_policies(Store.objects.filter(is_active=True))
    sends = Q(pk__in=[])
    for kind, key in rules.SEND_SMS.items():
        stores = [store_id for store_id, policy in policies.items() if policy.value(key)]
        if stores:
            sends |= Q(kind=kind, store_id__in=stores)
    waiting = CareContact.objects.filter(sends, listed_on=today, sms=None, closed_at=None)
    sent = 0
    for contact in waiting.select_related("store", "customer", "vehicle").order_by("pk")[:batch]:
        with transaction.atomic():
            message = _reminder_sms(contact)
            if CareContact.objects.filter(pk=contact.pk, sms=None).update(sms=message):
                sent += 1
            else:
                transaction.set_rollback(True)
    return sent
