"""The GM's page shows when the deadline sweep last ran and warns when it is older than 5 minutes."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from complaints import enforcement
from organization.roles import Role

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def gm_client(staff, client_of):
    return client_of(staff(Role.GENERAL_MANAGER))


@pytest.mark.parametrize(("age", "stale"), [(timedelta(minutes=5), False), (timedelta(minutes=5, seconds=1), True)])
def test_the_gm_sees_the_last_sweep_and_a_warning_when_it_is_older_than_five_minutes(
    age, stale, gm_client, time_machine
):
    time_machine.move_to(NOW - age, tick=False)
    enforcement.sweep()
    time_machine.move_to(NOW, tick=False)

    page = gm_client.get(reverse("dashboard:gm")).content.decode()

    when = (NOW - age).strftime("%Y-%m-%d %H:%M:%S")
    checked = gettext("Complaint deadlines checked; last sweep at %(when)s.") % {"when": when}
    late = gettext(
        "Complaint deadlines were last checked at %(when)s, more than 5 minutes ago: breaches are not being "
        "recorded. Tell IT to start the Celery worker with beat."
    ) % {"when": when}
    assert (checked in page) is not stale
    assert (late in page) is stale


def test_a_sweep_that_never_ran_is_a_warning(gm_client):
    page = gm_client.get(reverse("dashboard:gm")).content.decode()

    assert (
        gettext(
            "Complaint deadlines have never been checked: breaches are not being recorded. "
            "Tell IT to start the Celery worker with beat."
        )
        in page
    )
