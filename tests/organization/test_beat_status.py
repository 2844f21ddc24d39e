from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from organization.models import Heartbeat
from organization.roles import Role
from organization.tasks import record_beat_heartbeat

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def gm_client(staff, client_of):
    return client_of(staff(Role.GENERAL_MANAGER))


def test_the_heartbeat_task_records_when_it_ran(db, time_machine):
    time_machine.move_to(NOW, tick=False)
    record_beat_heartbeat()
    record_beat_heartbeat()
    assert list(Heartbeat.objects.values_list("name", "last_run_at")) == [("beat", NOW)]


@pytest.mark.parametrize(("age", "stale"), [(timedelta(minutes=5), False), (timedelta(minutes=5, seconds=1), True)])
def test_the_gm_is_warned_when_beat_is_older_than_five_minutes(age, stale, gm_client, time_machine):
    time_machine.move_to(NOW - age, tick=False)
    record_beat_heartbeat()
    time_machine.move_to(NOW, tick=False)
    page = gm_client.get(reverse("dashboard:gm")).content.decode()
    assert ("alert-warning" in page) is stale
    assert ("定时任务运行正常" in page) is not stale
    assert (NOW - age).strftime("%Y-%m-%d %H:%M") in page


def test_a_scheduler_that_never_ran_is_a_warning(gm_client):
    assert "定时任务从未运行" in gm_client.get(reverse("dashboard:gm")).content.decode()


def test_the_heartbeat_shows_at_once_whatever_the_panels_cache(gm_client):
    """The other panels' figures may be a minute old; the scheduler's heartbeat never is."""
    assert "定时任务从未运行" in gm_client.get(reverse("dashboard:gm")).content.decode()
    record_beat_heartbeat()
    assert "定时任务运行正常" in gm_client.get(reverse("dashboard:gm")).content.decode()
