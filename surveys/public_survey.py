"""The customer's survey page (no login), opened from an SMS link.

The link carries a token signed with the project's secret key under its own salt; it names the survey and a random
nonce stored on it, so it cannot be guessed from a survey's number and a new link voids the old one. The link works
until the customer answers (single use) or its expiry, a policy value from the moment it was sent. Requests are
counted per client address in the database, so the limit holds across every web worker.
"""

import secrets
from datetime import datetime, timedelta
from decimal import Decimal

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.messaging import send_sms
from organization.models import OutboundMessage, PolicySet
from organization.policies import Unit, current_policy, define
from surveys.models import Survey, SurveyPageRequest

SECTION = _("Surveys")
LINK_LIFETIME = define(
    "surveys.link_days", SECTION, _("A survey's SMS link works for"), Unit.DAYS, Decimal(1), Decimal(60)
)
REQUESTS_PER_ADDRESS = define(
    "surveys.public_requests_per_address_per_hour",
    SECTION,
    _("Requests to the public survey page per client address per hour"),
    Unit.COUNT,
    Decimal(5),
    Decimal(1000),
)
SALT = "surveys.public_survey"
RATE_WINDOW = timedelta(hours=1)


class Unusable(Exception):
    """A link that was good once: answered or expired (the page says which, 410)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def token_for(survey: Survey) -> str:
    return signing.dumps({"s": survey.pk, "n": survey.link_nonce}, salt=SALT, compress=True)


def survey_for_token(token: str, *, now: datetime | None = None) -> Survey | None:
    """The survey a valid token names, None for a forged one; raises Unusable for an answered or expired link."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("s"), int) or not data.get("n"):
        return None
    surveys = Survey.objects.select_related("vehicle", "store", "questionnaire")
    survey = surveys.filter(pk=data["s"], link_nonce=str(data["n"])).first()
    if survey is None:
        return None
    if survey.answered_at is not None:
        raise Unusable("answered")
    if survey.link_expires_at is None or survey.link_expires_at <= (now or timezone.now()):
        raise Unusable("expired")
    return survey


@transaction.atomic
def send_survey_link(survey: Survey, *, link_for, policy: PolicySet | None = None, now: datetime | None = None):
    """Text the customer a new link to the survey (`link_for(token)` makes its address); the outbox message."""
    if survey.answered_at is not None:
        raise ValidationError(_("This survey was already answered."), code="already_answered")
    now = now or timezone.now()
    policy = policy or current_policy(survey.store)
    survey.link_nonce = secrets.token_urlsafe(16)
    survey.link_sent_at = now
    survey.link_expires_at = now + policy.value(LINK_LIFETIME)
    survey.save(update_fields=["link_nonce", "link_sent_at", "link_expires_at"])
    return send_sms(
        store=survey.store,
        to=survey.customer.mobile,
        category=OutboundMessage.Category.SURVEY,
        template="callback_survey",
        params={"name": survey.customer.name, "link": link_for(token_for(survey))},
    )


def over_the_limit(address: str | None, *, limit: int, now: datetime | None = None) -> bool:
    """Count this request for `address`; True when it is beyond `limit` requests in the past hour."""
    now = now or timezone.now()
    SurveyPageRequest.objects.create(address=address, at=now)
    return SurveyPageRequest.objects.filter(address=address, at__gt=now - RATE_WINDOW).count() > limit
