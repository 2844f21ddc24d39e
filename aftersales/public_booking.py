"""Customer self-booking (the online channel): a public page per store, confirmed with a 6-digit SMS code.

The customer picks a service, a day and a slot that some advisor of the store has free (the front desk's slot
rule, opening hours and bay-hours), gives name, plate and mobile, and confirms with the code sent to that mobile.
The booking goes to the advisor with the fewest appointments that day among those free at the slot. A mobile the
store does not know becomes a self-registered customer, checked by the advisor on arrival.

Codes are stored hashed, expire, are single-use and allow a few wrong tries; codes sent are limited per mobile
and per client address each hour. The limits count BookingCode rows in the database, so they hold across every
gunicorn worker without a shared cache.
"""

import secrets
from collections import defaultdict
from datetime import date, datetime, timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales import appointments, slots
from aftersales.models import Appointment, BookingCode, JobType
from aftersales.roles import RECEIVE_VEHICLES
from customers.models import Customer, Vehicle
from customers.registration import register_customer
from organization import calendar
from organization.concurrency import save_if_unchanged
from organization.messaging import send_sms
from organization.models import OutboundMessage, PolicySet, Store, User
from organization.policies import Unit, current_policy, define

SECTION = _("Online booking")
CODE_LIFETIME = define(
    "online_booking.code_minutes", SECTION, _("An SMS booking code expires after"), Unit.MINUTES, minimum=1, maximum=60
)
CODE_TRIES = define(
    "online_booking.code_tries", SECTION, _("Wrong entries allowed per SMS booking code"), Unit.COUNT, 1, 20
)
CODES_PER_MOBILE = define(
    "online_booking.codes_per_mobile_per_hour", SECTION, _("SMS booking codes per mobile per hour"), Unit.COUNT, 1, 50
)
CODES_PER_ADDRESS = define(
    "online_booking.codes_per_address_per_hour",
    SECTION,
    _("SMS booking codes per client address per hour"),
    Unit.COUNT,
    1,
    500,
)
DAYS_AHEAD = define(
    "online_booking.days_ahead", SECTION, _("Customers book online up to this far ahead"), Unit.DAYS, 0, 90
)
RATE_WINDOW = timedelta(hours=1)
CODE_DIGITS = 6
DEFAULT_DURATION = timedelta(hours=1)
"""Bay-hours an online booking takes until the advisor estimates the job."""


class TooManyAttempts(ValidationError):
    """A rate limit or a code's wrong tries are used up: the page answers 429 and nothing is booked or sent."""


def bookable_days(policy: PolicySet, today: date) -> list[date]:
    return [today + timedelta(days=n) for n in range(policy.value(DAYS_AHEAD).days + 1)]


def _advisors(store: Store):
    return User.objects.filter(store=store, groups__name__in=RECEIVE_VEHICLES, is_active=True).distinct()


def free_slots_by_advisor(store: Store, day: date, policy: PolicySet) -> dict[User, list[datetime]]:
    """Each advisor's bookable slots on `day`, the advisor with the fewest bookings that day first (then by name).

    The store's calendar is looked up once and the day's held slots of every advisor come in one query, so the
    page costs as many queries for ten advisors as for one; the slot rule is aftersales.slots', as at the desk.
    """
    advisors = list(_advisors(store))
    starts = slots.slot_starts(day, calendar.hours_of_day(store, day, policy), policy)
    start, end = calendar.day_bounds(day)
    held = defaultdict(list)
    day_slots = Appointment.objects.holding_slots().filter(
        advisor__in=advisors, slot_start__gte=start, slot_start__lt=end
    )
    for advisor_id, slot_start in day_slots.values_list("advisor_id", "slot_start"):
        held[advisor_id].append(slot_start)
    advisors.sort(key=lambda advisor: (len(held[advisor.pk]), advisor.name, advisor.pk))
    return {advisor: slots.free_slots(starts, held[advisor.pk], policy) for advisor in advisors}


def free_slots(store: Store, day: date, policy: PolicySet, now: datetime) -> list[datetime]:
    """The slots of `day` some advisor of the store has free, later than now, if the day's bay-hours take a job."""
    if not slots.fits_capacity(appointments._booked_hours(store, day), DEFAULT_DURATION, policy):
        return []
    free = set().union(*free_slots_by_advisor(store, day, policy).values())
    return sorted(slot for slot in free if slot > now)


def advisor_for(store: Store, slot_start: datetime, policy: PolicySet) -> User | None:
    """Of the advisors free at the slot, the one with the fewest appointments that day (then by name)."""
    by_advisor = free_slots_by_advisor(store, timezone.localdate(slot_start), policy)
    return next((advisor for advisor, free in by_advisor.items() if slot_start in free), None)


def _check_rate_limits(store: Store, mobile: str, address: str | None, policy: PolicySet, now: datetime) -> None:
    recent = BookingCode.objects.filter(created_at__gt=now - RATE_WINDOW)
    if recent.filter(mobile=mobile).count() >= policy.value(CODES_PER_MOBILE):
        raise TooManyAttempts(
            _("Too many codes were sent to this mobile in the last hour. Please try again later or call the store."),
            code="mobile_rate_limited",
        )
    if address and recent.filter(client_address=address).count() >= policy.value(CODES_PER_ADDRESS):
        raise TooManyAttempts(
            _("Too many codes were requested from your network in the last hour. Please try again later."),
            code="address_rate_limited",
        )


def _slot_gone(store: Store, slot_start: datetime, policy: PolicySet, now: datetime) -> ValidationError:
    offered = free_slots(store, timezone.localdate(slot_start), policy, now)[: appointments.SLOTS_OFFERED]
    return ValidationError(
        _("Sorry, this time has just been taken. Free times that day: %(slots)s"),
        code="slot_taken",
        params={"slots": appointments._slot_list(offered)},
    )


@transaction.atomic
def request_code(
    store: Store, *, job_type: str, slot_start: datetime, name: str, plate: str, mobile: str, address: str | None
) -> BookingCode:
    """Check the rate limits and the slot, then text a fresh code to `mobile`; the pending booking to confirm."""
    store = Store.objects.select_for_update().get(pk=store.pk)  # one store's requests count and book in turn
    policy = current_policy(store)
    now = timezone.now()
    _check_rate_limits(store, mobile, address, policy, now)
    if slot_start not in free_slots(store, timezone.localdate(slot_start), policy, now):
        raise _slot_gone(store, slot_start, policy, now)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    lifetime = policy.value(CODE_LIFETIME)
    pending = BookingCode.objects.create(
        store=store,
        job_type=job_type,
        slot_start=slot_start,
        name=name,
        plate=plate,
        mobile=mobile,
        client_address=address,
        code_hash=make_password(code),
        created_at=now,
        expires_at=now + lifetime,
    )
    send_sms(
        store=store,
        to=mobile,
        category=OutboundMessage.Category.VERIFICATION_CODE,
        template="verification_code",
        params={"code": code, "minutes": int(lifetime.total_seconds() // 60)},
    )
    return pending


def confirm_booking(pending: BookingCode, code: str) -> Appointment:
    """Book the pending choice if `code` is right, unused, unexpired and its tries are not used up.

    A wrong code counts against the code's tries (kept even though the booking is refused).
    """
    with transaction.atomic():
        outcome = _confirm(pending.pk, code)
    if isinstance(outcome, ValidationError):
        raise outcome
    return outcome


def _confirm(pk: int, code: str) -> Appointment | ValidationError:
    pending = BookingCode.objects.select_for_update().select_related("store").get(pk=pk)
    now = timezone.now()
    policy = current_policy(pending.store)
    if pending.used_at is not None:
        return ValidationError(_("This code has already been used. Your booking stands."), code="code_used")
    if now >= pending.expires_at:
        return ValidationError(_("This code has expired. Please book again to receive a new code."), code="expired")
    if pending.wrong_tries >= policy.value(CODE_TRIES):
        return TooManyAttempts(
            _("Too many wrong codes. Please book again to receive a new code."), code="too_many_tries"
        )
    if not check_password(code, pending.code_hash):
        pending.wrong_tries += 1
        pending.save(update_fields=["wrong_tries"])
        return ValidationError(_("The code is not right. Check the SMS and try again."), code="wrong_code")
    try:
        with transaction.atomic():
            appointment = _book(pending, policy, now)
    except ValidationError as error:
        return error
    pending.used_at = now
    pending.appointment = appointment
    pending.save(update_fields=["used_at", "appointment"])
    return appointment


def _vehicle_of(store: Store, pending: BookingCode) -> Vehicle:
    """The customer by mobile and their car by plate; a new self-registered customer or car where unknown."""
    customer = Customer.objects.filter(store=store, mobile=pending.mobile).first()
    if customer is None:
        customer = register_customer(
            store=store,
            by=None,
            name=pending.name,
            mobile=pending.mobile,
            source=Customer.Source.ONLINE,
            self_registered=True,
        )
    vehicle = customer.vehicles.filter(plate=pending.plate, status=Vehicle.Status.IN_USE).first()
    if vehicle is None:
        vehicle = Vehicle.objects.create(store=store, owner=customer, plate=pending.plate)
    return vehicle


def _book(pending: BookingCode, policy: PolicySet, now: datetime) -> Appointment:
    store = Store.objects.select_for_update().get(pk=pending.store_id)
    advisor = advisor_for(store, pending.slot_start, policy)
    if advisor is None or pending.slot_start <= now:
        raise _slot_gone(store, pending.slot_start, policy, now)
    try:
        return appointments.book_appointment(
            vehicle=_vehicle_of(store, pending),
            advisor=advisor,
            slot_start=pending.slot_start,
            channel=Appointment.Channel.ONLINE,
            estimated_duration=DEFAULT_DURATION,
            by=advisor,  # nobody at the desk booked it: the appointment is entered in the advisor's book
            fault_description=str(JobType(pending.job_type).label),
        )
    except ValidationError as error:
        if error.code in ("slot_taken", "over_capacity"):
            raise _slot_gone(store, pending.slot_start, policy, now) from error
        raise


@transaction.atomic
def confirm_self_registered(customer: Customer, *, expected_version: int) -> Customer:
    """The advisor has checked a self-registered customer's file at the desk."""
    save_if_unchanged(customer, expected_version, {"self_registered": False})
    return customer
