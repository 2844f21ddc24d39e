from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from organization.claims import claim_batch
from organization.models import OutboundMessage

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
STALE = timedelta(minutes=10)
pytestmark = pytest.mark.django_db


def messages(count):
    return OutboundMessage.objects.bulk_create(
        OutboundMessage(category="survey", to=f"1380000000{n}", template="reminder", body="x") for n in range(count)
    )


def test_a_claim_takes_at_most_the_limit_and_stamps_it():
    messages(5)
    claimed = claim_batch(OutboundMessage.objects.all(), now=NOW, stale_after=STALE, limit=3, status="sending")
    assert len(claimed) == 3
    assert {(m.claimed_at, m.status) for m in claimed} == {(NOW, "sending")}
    assert len({m.claim_id for m in claimed}) == 1


def test_two_claims_never_share_a_row():
    messages(5)
    first = claim_batch(OutboundMessage.objects.all(), now=NOW, stale_after=STALE, limit=3)
    second = claim_batch(OutboundMessage.objects.all(), now=NOW, stale_after=STALE, limit=3)
    assert len(first) == 3 and len(second) == 2
    assert not {m.pk for m in first} & {m.pk for m in second}
    assert not claim_batch(OutboundMessage.objects.all(), now=NOW, stale_after=STALE, limit=3)


def test_a_claim_older_than_the_stale_timeout_is_taken_again():
    (message,) = messages(1)
    claim_batch(OutboundMessage.objects.all(), now=NOW, stale_after=STALE, limit=1)
    assert not claim_batch(OutboundMessage.objects.all(), now=NOW + STALE, stale_after=STALE, limit=1)
    (again,) = claim_batch(
        OutboundMessage.objects.all(), now=NOW + STALE + timedelta(seconds=1), stale_after=STALE, limit=1
    )
    assert again.pk == message.pk and again.claimed_at == NOW + STALE + timedelta(seconds=1)


def test_only_rows_of_the_due_queryset_are_claimed():
    first, second = messages(2)
    claimed = claim_batch(OutboundMessage.objects.filter(pk=second.pk), now=NOW, stale_after=STALE, limit=10)
    assert [m.pk for m in claimed] == [second.pk]
    assert OutboundMessage.objects.get(pk=first.pk).claimed_at is None
