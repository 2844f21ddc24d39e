"""Callbacks (回访): which calls a business event creates, and recording what came of them.

Seed 000: a sales delivery gets the consultant's calls within 24 h and 72 h, a service delivery
the advisor's call within 48 h, a VIP reception customer service's call within 48 h; seeds 000
and 002: every delivery gets customer service's satisfaction callback within 7 days; seed 004:
a third sales call at 2–3 weeks introduces after-sales service.
"""

import math
import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.events import SERVICE_DELIVERY
from care.events import OWNER_LECTURE_FEEDBACK
from customers.deliveries import SALES_DELIVERY, VIP_RECEPTION
from customers.models import Prospect
from organization.concurrency import save_if_unchanged
from organization.events import BusinessEvent
from organization.messaging import notify
from organization.models import User
from organization.policies import Unit, current_policy, define
from organization.roles import Role
from surveys.models import Callback, CallbackAttempt

SECTION = _("Callbacks")
SALES_FIRST_WITHIN = define(
    "callbacks.sales_first_hours",
    SECTION,
    _("Sales consultant's first callback within"),
    Unit.HOURS,
    Decimal(1),
    Decimal(720),
)
SALES_SECOND_WITHIN = define(
    "callbacks.sales_second_hours",
    SECTION,
    _("Sales consultant's second callback within"),
    Unit.HOURS,
    Decimal(1),
    Decimal(720),
)
SALES_AFTER_SALES_INTRO_WITHIN = define(
    "callbacks.sales_after_sales_intro_days",
    SECTION,
    _("Sales call introducing after-sales service within"),
    Unit.DAYS,
    Decimal(1),
    Decimal(90),
)
SERVICE_FOLLOW_UP_WITHIN = define(
    "callbacks.service_follow_up_hours",
    SECTION,
    _("Service advisor's callback within"),
    Unit.HOURS,
    Decimal(1),
    Decimal(720),
)
SATISFACTION_SURVEY_WITHIN = define(
    "callbacks.satisfaction_survey_days",
    SECTION,
    _("Customer service's satisfaction callback within"),
    Unit.DAYS,
    Decimal(1),
    Decimal(90),
)
VIP_CARE_WITHIN = define(
    "callbacks.vip_care_hours",
    SECTION,
    _("Customer service's callback after a VIP reception within"),
    Unit.HOURS,
    Decimal(1),
    Decimal(720),
)
PROSPECT_SAMPLE_SHARE = define(
    "callbacks.prospect_sample_percent",
    SECTION,
    _("Share of the week's new showroom prospects customer service calls"),
    Unit.PERCENT,
    Decimal(0),
    Decimal(100),
)
PROSPECT_SAMPLE_WITHIN = define(
    "callbacks.prospect_sample_days",
    SECTION,
    _("Prospect sample call within"),
    Unit.DAYS,
    Decimal(1),
    Decimal(30),
)
MAX_ATTEMPTS = define(
    "callbacks.max_attempts",
    SECTION,
    _("Attempts before an unreachable customer's callback is closed"),
    Unit.COUNT,
    Decimal(1),
    Decimal(20),
)
OWNER_LECTURE_FEEDBACK_WITHIN = define(
    "callbacks.owner_lecture_feedback_hours",
    SECTION,
    _("Customer service's answer to owner-lecture feedback within"),
    Unit.HOURS,
    Decimal(1),
    Decimal(720),
)

# Who calls: the staff member who served the customer, or the store's customer service.
SERVING_STAFF, CUSTOMER_SERVICE = "serving_staff", "customer_service"

CALLBACK_PLAN = {
    SALES_DELIVERY: [
        (Callback.Kind.SALES_FIRST, SERVING_STAFF, SALES_FIRST_WITHIN),
        (Callback.Kind.SALES_SECOND, SERVING_STAFF, SALES_SECOND_WITHIN),
        (Callback.Kind.SALES_AFTER_SALES_INTRO, SERVING_STAFF, SALES_AFTER_SALES_INTRO_WITHIN),
        (Callback.Kind.SATISFACTION_SURVEY, CUSTOMER_SERVICE, SATISFACTION_SURVEY_WITHIN),
    ],
    SERVICE_DELIVERY: [
        (Callback.Kind.SERVICE_FOLLOW_UP, SERVING_STAFF, SERVICE_FOLLOW_UP_WITHIN),
        (Callback.Kind.SATISFACTION_SURVEY, CUSTOMER_SERVICE, SATISFACTION_SURVEY_WITHIN),
    ],
    VIP_RECEPTION: [
        (Callback.Kind.VIP_CARE, CUSTOMER_SERVICE, VIP_CARE_WITHIN),
    ],
    OWNER_LECTURE_FEEDBACK: [
        (Callback.Kind.OWNER_LECTURE_FEEDBACK, CUSTOMER_SERVICE, OWNER_LECTURE_FEEDBACK_WITHIN),
    ],
}


def least_busy_customer_service(store) -> User | None:
    """The store's customer-service specialist with the fewest open callbacks (None if it has none)."""
    return (
        User.objects.filter(store=store)
        .with_role(Role.CUSTOMER_SERVICE)
        .annotate(open_callbacks=Count("callbacks", filter=Q(callbacks__completed_at=None)))
        .order_by("open_callbacks", "pk")
        .first()
    )


def create_callbacks_for_event(sender, *, event: BusinessEvent, **kwargs) -> list[Callback]:
    """Create the callbacks the policy gives `event`; only those it created, none when announced again.

    The callbacks commit with the announcing record; their owners hear of them after the commit.
    """
    if event.customer is not None and event.customer.anonymized_at:  # forgotten on request: nobody calls them
        return []
    plan = CALLBACK_PLAN.get(event.kind, [])
    existing = set(Callback.objects.filter(source=event.source).values_list("kind", flat=True))
    plan = [(kind, owner, key) for kind, owner, key in plan if kind not in existing]
    if not plan:
        return []
    policy = current_policy(event.store)
    customer_service = (
        least_busy_customer_service(event.store) if any(who == CUSTOMER_SERVICE for _kind, who, _key in plan) else None
    )
    created = []
    for kind, owner, key in plan:
        try:
            with transaction.atomic():
                created.append(
                    Callback.objects.create(
                        store=event.store,
                        owner=event.staff if owner == SERVING_STAFF else customer_service,
                        customer=event.customer,
                        vehicle=event.vehicle,
                        kind=kind,
                        source=event.source,
                        policy=policy,
                        due_at=event.occurred_at + policy.value(key),
                    )
                )
        except IntegrityError:  # announced at the same moment elsewhere: that announcement created it
            continue
    transaction.on_commit(lambda: tell_owners(created))
    return created


def tell_owners(callbacks: list[Callback]) -> None:
    """A notice in each owner's bell for each new callback."""
    for callback in callbacks:
        notify(
            [callback.owner],
            _("New callback: %(callback)s") % {"callback": callback},
            url=reverse("surveys:callback_detail", args=[callback.pk]),
        )


def record_callback_outcome(
    callback: Callback,
    *,
    expected_version: int,
    reached: bool,
    satisfied: bool | None,
    notes: str,
    by: User,
    now: datetime | None = None,
) -> Callback:
    """Record one call, logged as an attempt. Reached closes it; unreached stays open until the attempts run out."""
    if not reached and satisfied is not None:
        raise ValidationError(
            _("A satisfaction result needs a customer who was reached."), code="satisfaction_needs_reached"
        )
    now = now or timezone.now()
    changes = {"attempts": callback.attempts + 1, "last_attempt_at": now, "reached": reached}
    changes["satisfied"] = satisfied
    if notes:
        stamp = timezone.localtime(now).strftime("%Y-%m-%d %H:%M")
        changes["notes"] = f"{callback.notes}\n[{stamp} {by}] {notes}".strip()
    if reached or changes["attempts"] >= callback.policy.value(MAX_ATTEMPTS):
        changes["completed_at"] = now
    if callback.owner_id is None:
        changes["owner"] = by
    with transaction.atomic():
        save_if_unchanged(callback, expected_version, changes)
        CallbackAttempt.objects.create(callback=callback, at=now, by=by, reached=reached, note=notes)
    return callback


def sample_prospects(store, *, now: datetime | None = None) -> list[Callback]:
    """Seed 000 意向客户抽访: customer service calls a sample of the week's new showroom prospects.

    Each run samples the prospects whose first visit fell in the past 7 days and were not sampled
    before; running it twice in a week adds no second call for anyone.
    """
    now = now or timezone.now()
    policy = current_policy(store)
    candidates = list(
        Prospect.objects.filter(
            store=store, visits__is_first_visit=True, visits__visited_at__gt=now - timedelta(days=7), customer=None
        )
        .exclude(callbacks__kind=Callback.Kind.PROSPECT_SAMPLE)
        .distinct()
        .values_list("pk", flat=True)
    )
    share = policy.value(PROSPECT_SAMPLE_SHARE) / 100
    sample = random.sample(candidates, math.ceil(len(candidates) * share))
    owner = least_busy_customer_service(store)
    callbacks = [
        Callback(
            store=store,
            owner=owner,
            prospect_id=pk,
            kind=Callback.Kind.PROSPECT_SAMPLE,
            source=f"prospect:{pk}",
            policy=policy,
            due_at=now + policy.value(PROSPECT_SAMPLE_WITHIN),
        )
        for pk in sample
    ]
    Callback.objects.bulk_create(callbacks, ignore_conflicts=True)
    return callbacks
