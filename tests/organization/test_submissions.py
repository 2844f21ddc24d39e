import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from organization import tasks
from organization.models import SubmittedForm
from tests.factories import UserFactory

NOW = datetime(2026, 11, 24, 3, 15, tzinfo=ZoneInfo("Asia/Shanghai"))


def used_token(age: timedelta, by) -> uuid.UUID:
    return SubmittedForm.objects.create(token=uuid.uuid4(), submitted_by=by, submitted_at=NOW - age, result_url="/").pk


def test_the_nightly_purge_deletes_the_tokens_used_more_than_seven_days_ago(db, time_machine, store):
    by = UserFactory(store=store)
    kept = {used_token(timedelta(minutes=1), by), used_token(timedelta(days=7), by)}
    used_token(timedelta(days=7, seconds=1), by)
    used_token(timedelta(days=400), by)
    time_machine.move_to(NOW, tick=False)
    assert tasks.purge_used_form_tokens() == 2
    assert set(SubmittedForm.objects.values_list("pk", flat=True)) == kept
    assert tasks.purge_used_form_tokens() == 0
    assert SubmittedForm.objects.count() == 2


def test_the_purge_is_one_delete_whatever_the_number_of_tokens(db, time_machine, store, django_assert_num_queries):
    by = UserFactory(store=store)
    for _ in range(30):
        used_token(timedelta(days=8), by)
    time_machine.move_to(NOW, tick=False)
    with django_assert_num_queries(1):
        assert tasks.purge_used_form_tokens() == 30


def test_beat_runs_the_purge_once_a_day():
    (entry,) = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == tasks.purge_used_form_tokens.name]
    schedule = entry["schedule"]
    assert len(schedule.hour) == len(schedule.minute) == 1
    assert len(schedule.day_of_week) == 7 and len(schedule.day_of_month) == 31 and len(schedule.month_of_year) == 12
