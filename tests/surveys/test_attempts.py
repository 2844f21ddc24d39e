from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from organization.roles import Role
from surveys.callbacks import record_callback_outcome
from surveys.models import CallbackAttempt
from tests.factories import CallbackFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def cs(staff):
    return staff(Role.CUSTOMER_SERVICE)


def call(callback, by, at, reached, note=""):
    callback.refresh_from_db()
    satisfied = True if reached else None
    return record_callback_outcome(
        callback, expected_version=callback.row_version, reached=reached, satisfied=satisfied, notes=note, by=by, now=at
    )


def test_each_call_is_logged_and_the_last_allowed_unreached_call_closes_it(store, cs):
    callback = CallbackFactory(customer__store=store, owner=cs)
    times = [datetime(2026, 11, day, 10, 0, tzinfo=SHANGHAI) for day in (27, 28, 30)]
    for at in times:
        call(callback, cs, at, reached=False, note=f"{at:%d}日无人接听")
    assert list(callback.attempt_log.values_list("at", "by", "reached", "note")) == [
        (times[0], cs.pk, False, "27日无人接听"),
        (times[1], cs.pk, False, "28日无人接听"),
        (times[2], cs.pk, False, "30日无人接听"),
    ]
    callback.refresh_from_db()
    assert callback.attempts == 3 and callback.completed_at == times[2] and callback.reached is False


def test_a_reached_call_is_logged_and_closes_it(store, cs):
    callback = CallbackFactory(customer__store=store, owner=cs)
    at = datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI)
    call(callback, cs, at, reached=False)
    call(callback, cs, at.replace(hour=15), reached=True, note="满意")
    assert list(callback.attempt_log.values_list("reached", flat=True)) == [False, True]
    callback.refresh_from_db()
    assert callback.completed_at == at.replace(hour=15) and callback.attempts == 2


def test_a_refused_call_logs_no_attempt(store, cs, client_of):
    callback = CallbackFactory(customer__store=store, owner=cs)
    data = {"row_version": callback.row_version + 1, "reached": "no", "notes": "过时的表单"}
    response = client_of(cs).post(reverse("surveys:record_outcome", args=[callback.pk]), data)
    assert response.status_code == 422
    assert not CallbackAttempt.objects.exists()


def test_the_callback_page_lists_its_attempts(store, cs, client_of):
    callback = CallbackFactory(customer__store=store, owner=cs)
    call(callback, cs, datetime(2026, 11, 28, 9, 5, tzinfo=SHANGHAI), reached=False, note="关机")
    call(callback, cs, datetime(2026, 11, 29, 16, 40, tzinfo=SHANGHAI), reached=False)
    page = client_of(cs).get(reverse("surveys:callback_detail", args=[callback.pk])).content.decode()
    rows = page.split('data-testid="callback-attempt"')[1:]
    assert len(rows) == 2
    assert "2026-11-28 09:05" in rows[0] and "关机" in rows[0] and str(cs) in rows[0]
    assert "2026-11-29 16:40" in rows[1]
