import pytest
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from organization.models import Heartbeat
from organization.roles import Role
from tests.services.conftest import wait_for

pytestmark = [pytest.mark.services, pytest.mark.usefixtures("reference_data")]


def test_beat_runs_the_heartbeat_by_schedule_and_the_gm_sees_it(celery_worker_with_beat, staff, client_of):
    gm_page = client_of(staff(Role.GENERAL_MANAGER))
    assert "定时任务从未运行" in gm_page.get(reverse("dashboard:gm")).content.decode()

    heartbeat = wait_for(lambda: Heartbeat.objects.filter(name="beat").first(), timeout=150)

    assert heartbeat is not None, "beat did not run the heartbeat task within 150 s"
    assert PeriodicTask.objects.filter(name="beat-heartbeat", task="organization.tasks.record_beat_heartbeat").exists()
    page = gm_page.get(reverse("dashboard:gm")).content.decode()
    assert "定时任务运行正常" in page
    assert timezone.localtime(heartbeat.last_run_at).strftime("%Y-%m-%d %H:%M:%S") in page
