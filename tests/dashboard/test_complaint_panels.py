"""The GM dashboard's complaint panels and the group dashboard's complaint measures (SPEC section 6): figures by
data-testid, each panel alone for htmx, ranking by a measure, and query counts that do not grow with the data."""

import re
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints.models import Complaint, Fine, Milestone, Severity, Stage
from dashboard.models import GroupMonthFigures
from organization.roles import Role
from tests.complaints.test_figures import breach, complaint, milestone  # the same records as the rules' tests
from tests.factories import StoreFactory

Kind = Milestone.Kind
PANELS = ["complaint_open", "complaint_late", "complaint_gm", "complaint_causes", "complaint_staff"]
NOW = datetime(2026, 10, 20, 15, 0, tzinfo=timezone.get_fixed_timezone(8 * 60))


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


def text_of(html: str, name: str) -> str:
    """The text of the first element marked data-testid=`name` (through one link inside it)."""
    match = re.search(rf'data-testid="{re.escape(name)}"[^>]*>\s*(?:<a [^>]*>)?([^<]*)', html)
    assert match, f"no {name} on the page"
    return match.group(1).strip()


def a_day_of_complaints(store, gm, times=1):
    """`times` × (a major awaiting the GM with a deadline in an hour, an overdue breached general complaint with a
    process root cause and its at-fault fine, a grumble logged, an archived one)."""
    for _ in range(times):
        major = complaint(store, severity=Severity.MAJOR, root_cause=Complaint.RootCause.PRODUCT_QUALITY)
        milestone(major, Kind.GM_INSTRUCTION, NOW + timedelta(hours=1))
        late = complaint(store, root_cause=Complaint.RootCause.PROCESS)
        breach(milestone(late, Kind.FIRST_CONTACT, NOW - timedelta(hours=1)))
        late.at_fault.add(late.customer_service)
        Fine.objects.create(
            store=store,
            person=late.customer_service,
            kind=Fine.Kind.LATE_REPORT,
            amount=Decimal("80"),
            month=NOW.date().replace(day=1),
            recorded_by=gm,
            complaint=late,
        )
        complaint(store, stage=Stage.LOGGED, severity=Severity.GRUMBLE)
        complaint(store, stage=Stage.ARCHIVED, root_cause=Complaint.RootCause.PROCESS)


@pytest.fixture
def gm(staff):
    return staff(Role.GENERAL_MANAGER, name="总经理")


def test_the_gm_sees_the_stores_complaint_figures_and_not_another_stores(gm, other_store, client_of):
    a_day_of_complaints(gm.store, gm)
    a_day_of_complaints(other_store, gm, times=2)

    html = client_of(gm).get(reverse("dashboard:gm")).content.decode()

    # Open by stage and severity: the archived one is not open.
    assert text_of(html, f"open-{Stage.HANDLING}-{Severity.MAJOR}") == "1"
    assert text_of(html, f"open-{Stage.HANDLING}-{Severity.GENERAL}") == "1"
    assert text_of(html, f"open-{Stage.HANDLING}-total") == "2"
    assert text_of(html, f"open-total-{Severity.GRUMBLE}") == "1"
    assert text_of(html, "open-total") == "3"
    assert f'href="{reverse("complaints:queue")}?stage=handling&amp;severity=major"' in html
    # Overdue and breached.
    assert (text_of(html, "late-overdue"), text_of(html, "late-breached"), text_of(html, "late-breaches-month")) == (
        "1",
        "1",
        "1",
    )
    assert f'href="{reverse("complaints:queue")}?state=overdue"' in html
    # Waiting for the GM, and at risk: both the major (its instruction due in an hour).
    major = Complaint.objects.get(store=gm.store, severity=Severity.MAJOR)
    assert text_of(html, "gm-waiting-count") == "1"
    assert text_of(html, "gm-at-risk-count") == "1"
    at_risk = re.search(r'data-testid="at-risk-item"[^>]*>\s*<a href="([^"]+)">([^<]+)</a>', html)
    assert at_risk.groups() == (reverse("complaints:detail", args=[major.pk]), major.number)
    # Root causes: the archived one counts too (raised this month), most first.
    assert re.findall(r'data-testid="root-cause-count">(\d+)<', html) == ["2", "1"]
    # Staff: the customer-service specialist at fault with the 80 CNY fine.
    assert text_of(html, "staff-fine") == "¥80"
    assert f'href="{reverse("complaints:penalties")}?month=2026-10"' in html


def test_the_gm_lists_at_most_ten_waiting_complaints_and_links_the_rest(gm, client_of):
    for hours in range(12):
        major = complaint(gm.store, severity=Severity.MAJOR, raised_at=NOW - timedelta(hours=hours + 1))
        milestone(major, Kind.GM_INSTRUCTION, NOW + timedelta(hours=3))
    newest = Complaint.objects.order_by("-raised_at").first()

    html = client_of(gm).get(reverse("dashboard:panel", args=["complaint_gm"])).content.decode()

    assert html.count('data-testid="gm-waiting-item"') == 10
    assert text_of(html, "gm-waiting-count") == "12"
    assert 'data-testid="gm-waiting-more"' in html
    assert re.search(r'data-testid="gm-waiting-item" data-number="([^"]+)"', html).group(1) == newest.number


@pytest.mark.parametrize("key", PANELS)
def test_each_panel_answers_alone_for_htmx(key, gm, client_of):
    a_day_of_complaints(gm.store, gm)

    response = client_of(gm).get(reverse("dashboard:panel", args=[key]), headers={"HX-Request": "true"})

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card h-100" id="panel-' + key)
    live = key in {"complaint_open", "complaint_late", "complaint_gm"}
    assert ('hx-trigger="every 60s"' in html) is live


def test_other_roles_do_not_get_the_panels(staff, client_of):
    manager = staff(Role.AFTER_SALES_MANAGER)
    assert client_of(manager).get(reverse("dashboard:panel", args=["complaint_open"])).status_code == 403


def test_the_group_user_reads_a_stores_panels_with_links_to_that_stores_statistics(gm, group_user, client_of):
    a_day_of_complaints(gm.store, gm)

    html = client_of(group_user).get(reverse("dashboard:store", args=[gm.store.code])).content.decode()

    assert text_of(html, "open-total") == "3"
    assert f'?month=2026-10&amp;store={gm.store.code}"' in html


def values_of(html, store, key):
    row = re.search(rf'<tr data-store="{store.code}">(.*?)</tr>', html, re.S).group(1)
    return re.search(rf'data-measure="{key}">([^<]*)<', row).group(1)


def test_the_group_compares_the_stores_complaints_and_ranks_by_open_complaints(gm, other_store, group_user, client_of):
    a_day_of_complaints(gm.store, gm)
    a_day_of_complaints(other_store, gm, times=2)
    FIRST_CONTACT_ON_TIME = f"on_time_{Kind.FIRST_CONTACT}"
    client = client_of(group_user)

    html = client.get(reverse("dashboard:group"), {"month": "2026-10"}).content.decode()

    north, south = gm.store, other_store
    assert [values_of(html, north, key) for key in ("complaints_open", "complaints_raised", "complaint_breaches")] == [
        "3",
        "4",
        "1",
    ]
    assert [values_of(html, south, key) for key in ("complaints_open", "complaints_raised", "complaint_breaches")] == [
        "6",
        "8",
        "2",
    ]
    assert values_of(html, north, FIRST_CONTACT_ON_TIME) == "0.0%"
    assert values_of(html, north, f"on_time_{Kind.ARCHIVE}") == "—"
    assert values_of(html, north, "complaint_fines") == "¥80"
    assert values_of(html, south, "complaint_fines") == "¥160"

    ranked = client.get(reverse("dashboard:group"), {"month": "2026-10", "sort": "complaints_open"}).content.decode()
    assert re.findall(r'<tr data-store="([^"]+)">\s*<td>(\d+)</td>', ranked) == [("north", "1"), ("south", "2")]


def queries_for(client, url, **params):
    """The queries of the page with its figures computed (not cached), after a first request logged the user in."""
    client.get(url, params)
    cache.clear()
    GroupMonthFigures.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_the_gm_page_takes_the_same_queries_with_ten_times_the_complaints(gm, client_of, django_assert_num_queries):
    client = client_of(gm)
    a_day_of_complaints(gm.store, gm)
    once = queries_for(client, reverse("dashboard:gm"))
    a_day_of_complaints(gm.store, gm, times=9)
    cache.clear()

    with django_assert_num_queries(once):
        html = client.get(reverse("dashboard:gm")).content.decode()
    assert text_of(html, "open-total") == "30"


def test_the_group_page_takes_the_same_queries_with_ten_times_the_complaints_and_stores(
    gm, other_store, group_user, client_of, django_assert_num_queries
):
    client = client_of(group_user)
    for store in (gm.store, other_store):
        a_day_of_complaints(store, gm)
    once = queries_for(client, reverse("dashboard:group"), month="2026-10", sort="complaint_fines")
    stores = [StoreFactory() for _ in range(18)]
    for store in (gm.store, other_store):
        a_day_of_complaints(store, gm, times=9)
    for store in stores:
        a_day_of_complaints(store, gm)

    GroupMonthFigures.objects.all().delete()  # the month's figures computed again, now over 20 stores
    with django_assert_num_queries(once):
        html = client.get(reverse("dashboard:group"), {"month": "2026-10", "sort": "complaint_fines"}).content.decode()
    assert html.count("<tr data-store=") == 20
    assert values_of(html, gm.store, "complaints_open") == "30"
