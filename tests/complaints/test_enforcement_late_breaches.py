"""The GM's list of breaches recorded late after downtime (complaints/late_views.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from complaints import enforcement
from complaints.models import Breach, Severity
from organization.roles import Role
from tests.complaints.clock import at

URL = reverse("complaints:late_breaches")


@pytest.fixture
def gm_client(cast, client_of):
    return client_of(cast.gm)


def test_only_breaches_noticed_more_than_five_minutes_late_are_listed_newest_first(log, gm_client):
    log(severity=Severity.GENERAL, raised_at=at("2026-11-27 10:00"), now=at("2026-11-27 10:00"))
    enforcement.sweep(at("2026-11-27 10:31"))  # hand-over due 10:30, noticed on time
    enforcement.sweep(at("2026-11-27 18:00"))  # first contact due 12:00, noticed 6 h late

    page = gm_client.get(URL).content.decode()

    assert page.count('data-testid="late-breach"') == 1
    assert "2026-11-27 12:00" in page and "2026-11-27 10:30" not in page
    assert gettext("%(hours)d h %(minutes)d min") % {"hours": 6, "minutes": 0} in page


def test_another_stores_late_breaches_are_not_listed(log, gm_client, other_store, staff, client_of):
    log(severity=Severity.GENERAL, raised_at=at("2026-11-27 10:00"), now=at("2026-11-27 10:00"))
    enforcement.sweep(at("2026-11-27 18:00"))

    other_gm = client_of(staff(Role.GENERAL_MANAGER, store=other_store))

    assert 'data-testid="late-breach"' not in other_gm.get(URL).content.decode()
    assert gettext("No breach was recorded late.") in other_gm.get(URL).content.decode()


def test_the_query_count_does_not_grow_with_the_list(log, gm_client, django_assert_max_num_queries):
    log(severity=Severity.GENERAL, raised_at=at("2026-11-27 10:00"), now=at("2026-11-27 10:00"))
    enforcement.sweep(at("2026-11-27 11:00"))
    assert Breach.objects.count() == 1
    with django_assert_max_num_queries(15) as one:
        assert gm_client.get(URL).status_code == 200

    for hour in range(6):  # five breaches each, all found late: 31 rows
        raised = at("2026-11-26 08:00") + timedelta(hours=hour)
        log(severity=Severity.GENERAL, raised_at=raised, now=raised)
    enforcement.sweep(at("2026-11-30 12:00"))
    assert Breach.objects.count() >= 30

    with django_assert_max_num_queries(len(one.captured_queries)):
        assert gm_client.get(URL).status_code == 200


def test_the_gm_finds_it_in_the_navigation(gm_client):
    page = gm_client.get(reverse("dashboard:gm")).content.decode()

    assert URL in page
