"""Messages to customers and staff: SMS through the outbox, and in-app notifications.

`send_sms()` records every message in the outbox first, then honours opt-out and the store's
quiet hours; delivery happens after commit in a Celery task through settings.SMS_BACKEND.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.claims import claim_batch
from organization.models import MessageOptOut, Notification, OutboundMessage, PolicySet, Store
from organization.policies import Unit, current_policies, current_policy, define
from organization.sms import get_backend
from organization.sms.base import SendResult

QUIET_HOURS_START = define(
    "messages.quiet_hours_start",
    _("Messages"),
    _("Quiet hours start (no SMS to customers after this time)"),
    Unit.CLOCK,
)
QUIET_HOURS_END = define(
    "messages.quiet_hours_end",
    _("Messages"),
    _("Quiet hours end (held SMS go out from this time)"),
    Unit.CLOCK,
)
MAX_ATTEMPTS = define(
    "messages.max_attempts",
    _("Messages"),
    _("Delivery attempts before an SMS is marked failed"),
    Unit.COUNT,
    minimum=Decimal(1),
    maximum=Decimal(10),
)

# Texts for the local backends and the outbox; the gateway uses its own registered template per key.
TEMPLATES = {
    "callback_survey": _("[{store}] Dear {name}, thank you for choosing us. Please rate our service: {link}"),
    "reminder": _("[{store}] Dear {name}, {text}"),
    "staff_alert": _("[{store}] {text}"),
    "verification_code": _("[{store}] Your verification code is {code}, valid for {minutes} minutes. Do not share it."),
}

# Staff alerts (escalations) go out at any hour and cannot be opted out of; nor can a verification code, which
# the person has just asked for and is waiting for.
CUSTOMER_CATEGORIES = frozenset(OutboundMessage.Category) - {
    OutboundMessage.Category.STAFF_ALERT,
    OutboundMessage.Category.VERIFICATION_CODE,
}


def in_quiet_hours(store: Store | None, moment: datetime) -> datetime | None:
    """If `moment` falls in the store's quiet hours, the time they end; else None."""
    if store is None:
        return None
    return quiet_hours_end(current_policy(store), moment)


def quiet_hours_end(policy: PolicySet, moment: datetime) -> datetime | None:
    """If `moment` falls in the quiet hours of `policy`, the time they end; else None."""
    start, end = policy.value(QUIET_HOURS_START), policy.value(QUIET_HOURS_END)
    local = timezone.localtime(moment)
    clock = local.time()
    wraps_midnight = start > end
    quiet = (clock >= start or clock < end) if wraps_midnight else (start <= clock < end)
    if not quiet:
        return None
    end_day = local.date() + timedelta(days=1) if wraps_midnight and clock >= start else local.date()
    return timezone.make_aware(datetime.combine(end_day, end))


def is_opted_out(store: Store | None, mobile: str, category: str) -> bool:
    if store is None or category not in CUSTOMER_CATEGORIES:
        return False
    return MessageOptOut.objects.filter(store=store, mobile=mobile, category__in=[category, ""]).exists()


@transaction.atomic
def send_sms(*, store: Store | None, to: str, category: str, template: str, params: dict) -> OutboundMessage:
    """Record an SMS in the outbox and queue it, held for quiet hours or suppressed by opt-out."""
    now = timezone.now()
    text_params = {"store": store.name if store else "", **params}
    message = OutboundMessage(
        store=store,
        to=to,
        category=category,
        template=template,
        params=params,
        body=str(TEMPLATES[template]).format(**text_params),
        send_after=now,
    )
    if is_opted_out(store, to, category):
        message.status = OutboundMessage.Status.SUPPRESSED
    elif category in CUSTOMER_CATEGORIES and (quiet_until := in_quiet_hours(store, now)):
        message.status = OutboundMessage.Status.DEFERRED
        message.send_after = quiet_until
    message.save()
    if message.status == OutboundMessage.Status.PENDING:
        from organization.tasks import deliver_message

        transaction.on_commit(lambda: deliver_message.delay(message.pk))
    return message


# A worker that claimed messages and has not recorded them after this long is taken to have died.
STALE_CLAIM = timedelta(minutes=10)
RETRY_AFTER = timedelta(minutes=5)
BATCH = 500


def _due_messages(now: datetime):
    waiting = [OutboundMessage.Status.PENDING, OutboundMessage.Status.DEFERRED]
    return OutboundMessage.objects.filter(
        Q(status__in=waiting, send_after__lte=now) | Q(status=OutboundMessage.Status.SENDING)
    )


def _policies_by_store(messages) -> dict:
    """The current policy of every store in the batch in one read (the group's for messages without a store)."""
    store_ids = {message.store_id for message in messages}
    policies = current_policies(store_ids - {None})
    if None in store_ids:
        policies[None] = current_policy(None)
    return policies


def _held_for_quiet_hours(messages, policies: dict, now: datetime) -> dict:
    """The customer messages whose store is in quiet hours `now`, each with the time they end."""
    held = {}
    for message in messages:
        if message.category in CUSTOMER_CATEGORIES and message.store_id is not None:
            if quiet_until := quiet_hours_end(policies[message.store_id], now):
                held[message.pk] = quiet_until
    return held


def deliver_messages(ids: list[int] | None = None, now: datetime | None = None, batch: int = BATCH) -> int:
    """Send the due messages (among `ids`, if given) through the backend; returns how many went out.

    The backend is built before anything is claimed (a misconfigured one raises and leaves the
    messages waiting); the batch is claimed in one UPDATE (organization/claims.py), and every
    outcome, sent, failed or held, is recorded on its message and the claim released in one write.
    A customer message claimed in its store's quiet hours (a retry, a stale claim) is held until
    they end without counting an attempt; staff alerts go out at any hour.
    """
    now = now or timezone.now()
    backend = get_backend()
    due = _due_messages(now) if ids is None else _due_messages(now).filter(pk__in=ids)
    claimed = claim_batch(due, now=now, stale_after=STALE_CLAIM, limit=batch, status=OutboundMessage.Status.SENDING)
    messages = list(claimed.select_related("store"))
    if not messages:
        return 0
    policies = _policies_by_store(messages)
    held = _held_for_quiet_hours(messages, policies, now)
    for message in messages:
        message.claimed_at = message.claim_id = None
        if message.pk in held:
            message.status, message.send_after = OutboundMessage.Status.DEFERRED, held[message.pk]
    sending = [message for message in messages if message.pk not in held]
    try:
        results = backend.send_messages(sending) if sending else []
    except Exception as error:  # the gateway as a whole failed: every message in the batch failed this attempt
        results = [SendResult(ok=False, error=str(error) or type(error).__name__)] * len(sending)
    for message, result in zip(sending, results, strict=True):
        message.attempts += 1
        if result.ok:
            message.status, message.sent_at, message.error = OutboundMessage.Status.SENT, now, ""
            message.provider_message_id = result.provider_message_id
        else:
            message.error = result.error[:255]
            gave_up = message.attempts >= policies[message.store_id].value(MAX_ATTEMPTS)
            message.status = OutboundMessage.Status.FAILED if gave_up else OutboundMessage.Status.PENDING
            message.send_after = now + RETRY_AFTER
    OutboundMessage.objects.bulk_update(
        messages,
        ["status", "sent_at", "error", "provider_message_id", "attempts", "send_after", "claimed_at", "claim_id"],
    )
    return sum(result.ok for result in results)


def deliver_due_messages(now: datetime | None = None, batch: int = BATCH) -> int:
    """Send what is waiting and due: messages held for quiet hours, retries, stale claims, lost queue entries."""
    return deliver_messages(now=now, batch=batch)


def notify(recipients, title: str, *, body: str = "", url: str = "") -> int:
    """Put an in-app notice in each recipient's bell."""
    notices = [Notification(recipient=user, title=title, body=body, url=url) for user in recipients if user]
    Notification.objects.bulk_create(notices)
    return len(notices)
