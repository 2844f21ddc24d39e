"""The workshop's panels of the GM dashboard and its columns on the group dashboard (dashboard.workshop_panels)."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from aftersales.models import Appointment, RepairOrder
from dashboard.models import GroupMonthFigures
from organization.roles import Role
from tests.aftersales.test_figures import appointment, order  # the same records as the rules' tests
from tests.factories import StoreFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 17, 10, 0, tzinfo=SHANGHAI)
Status = RepairOrder.Status


def local(*args):
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def at_ten(time_machine):
    time_machine.move_to(NOW, tick=False)


def a_day_of(store, times=1):
    """`times` × (today: 2 to come, 1 arrived, 1 received; orders: 1 at risk, 1 waiting for a technician, 2 started
    with waits of 10 and 30 minutes; the month: 1 of 4 orders from an appointment; last month: 1 of 2)."""
    for _ in range(times):
        appointment(store, local(2026, 11, 17, 14, 0))
        appointment(store, local(2026, 11, 17, 15, 0), Appointment.Status.CONFIRMED)
        appointment(store, local(2026, 11, 17, 9, 0), Appointment.Status.ARRIVED)
        received = appointment(store, local(2026, 11, 17, 8, 0), Appointment.Status.COMPLETED)
        order(store, Status.IN_PROGRESS, appointment=received, promised_at=local(2026, 11, 17, 9, 30))
        order(store, Status.SIGNED, promised_at=local(2026, 11, 17, 16, 0))
        for minutes in (10, 30):
            opened = local(2026, 11, 17, 8, 0)
            order(store, Status.QC, opened_at=opened, work_started_at=opened + timedelta(minutes=minutes))
        order(
            store,
            Status.DELIVERED,
            opened_at=local(2026, 10, 12, 9),
            appointment=appointment(store, local(2026, 10, 12, 8), Appointment.Status.COMPLETED),
        )
        order(store, Status.DELIVERED, opened_at=local(2026, 10, 13, 9))


def figure(html, testid, name):
    """The text of the element marked data-figure=`name` inside the element marked data-testid=`testid`."""
    section = html.split(f'data-testid="{testid}"', 1)[1]
    return re.search(rf'data-figure="{name}">([^<]*)<', section).group(1).strip()


def test_the_gm_sees_todays_load_the_wait_for_work_and_the_appointment_share(store, staff, client_of):
    a_day_of(store)
    html = client_of(staff(Role.GENERAL_MANAGER)).get(reverse("dashboard:gm")).content.decode()
    load = html.split('data-testid="panel-workshop-load"', 1)[1]
    assert [figure(load, "appointments-today", name) for name in ("booked", "arrived", "to_come", "no_show")] == [
        "4",
        "2",
        "2",
        "0",
    ]
    assert re.search(r'data-figure="open">4<', load)
    assert re.search(r'data-status="in_progress">1<', load) and re.search(r'data-status="qc">2<', load)
    assert re.search(r'data-figure="at_risk">1<', load)
    assert f'href="{reverse("aftersales:workbench")}?day=2026-11-17"' in load
    assert f'href="{reverse("aftersales:workshop_board")}"' in load
    assert f'href="{reverse("aftersales:repair_orders")}?status=signed"' in load

    wait = html.split('data-testid="wait-for-work"', 1)[1].split("</table>", 1)[0]
    today, month = wait.split('data-period="today"', 1)[1].split('data-period="month"', 1)
    assert re.findall(r'data-figure="\w+">([^<]*)<', today) == ["2", "20.0", "20.0"]
    assert re.findall(r'data-figure="\w+">([^<]*)<', month) == ["2", "20.0", "20.0"]

    share = html.split('data-testid="appointment-share"', 1)[1]
    this, last = share.split('data-period="last"', 1)
    assert re.search(r'data-figure="percent">25.0%<', this)
    assert re.search(r'data-figure="counts">1 / 4<', this) and re.search(r'data-figure="change">-25.0<', this)
    assert re.search(r'data-figure="percent">50.0%<', last)


def test_an_empty_store_shows_dashes_not_errors(store, staff, client_of):
    html = client_of(staff(Role.GENERAL_MANAGER)).get(reverse("dashboard:gm")).content.decode()
    assert re.search(r'data-figure="booked">0<', html) and re.search(r'data-figure="at_risk">0<', html)
    assert re.findall(r'data-figure="average">([^<]*)<', html) == ["—", "—"]
    assert re.search(r'data-figure="percent">—<', html)
    assert 'data-figure="change"' not in html


def test_todays_panels_refresh_in_place_and_the_months_does_not(store, staff, client_of):
    client = client_of(staff(Role.GENERAL_MANAGER))
    for key in ("workshop-load", "wait-for-work"):
        response = client.get(reverse("dashboard:panel", args=[key]))
        assert response.status_code == 200
        assert f'hx-get="{reverse("dashboard:panel", args=[key])}"' in response.content.decode()
        assert 'hx-trigger="every 60s"' in response.content.decode()
    response = client.get(reverse("dashboard:panel", args=["appointment-share"]))
    assert response.status_code == 200 and "hx-trigger" not in response.content.decode()


def test_only_the_gm_reads_the_panels_and_the_group_reads_them_for_any_store(store, staff, client_of, group_user):
    a_day_of(store)
    url = reverse("dashboard:panel", args=["workshop-load"])
    assert client_of(staff(Role.SERVICE_ADVISOR)).get(url).status_code == 403
    assert client_of(staff(Role.AFTER_SALES_MANAGER)).get(url).status_code == 403
    assert client_of(staff(Role.GENERAL_MANAGER)).post(url).status_code == 405
    response = client_of(group_user).get(reverse("dashboard:store_panel", args=[store.code, "workshop-load"]))
    assert response.status_code == 200
    assert re.search(r'data-figure="booked">4<', response.content.decode())


def test_the_other_stores_orders_do_not_show_on_a_gms_panels(store, other_store, staff, client_of):
    a_day_of(other_store)
    html = client_of(staff(Role.GENERAL_MANAGER)).get(reverse("dashboard:gm")).content.decode()
    assert re.search(r'data-figure="booked">0<', html) and re.search(r'data-figure="open">0<', html)


def test_the_group_compares_the_appointment_share_and_the_average_wait(store, other_store, client_of, group_user):
    a_day_of(store)
    opened = local(2026, 11, 3, 9, 0)
    order(other_store, Status.DELIVERED, opened_at=opened, work_started_at=opened + timedelta(minutes=45))
    html = client_of(group_user).get(reverse("dashboard:group"), {"month": "2026-11"}).content.decode()
    north = html.split('data-store="north"', 1)[1].split("</tr>", 1)[0]
    south = html.split('data-store="south"', 1)[1].split("</tr>", 1)[0]
    assert re.search(r'data-measure="appointment_share">25.0%<', north)
    assert re.search(r'data-measure="wait_for_work_minutes">20<', north)
    assert re.search(r'data-measure="appointment_share">0.0%<', south)
    assert re.search(r'data-measure="wait_for_work_minutes">45<', south)
    shortest_wait_first = {"month": "2026-11", "sort": "wait_for_work_minutes"}
    ranked = client_of(group_user).get(reverse("dashboard:group"), shortest_wait_first).content.decode()
    assert ranked.index('data-store="north"') < ranked.index('data-store="south"')


def test_the_gm_dashboard_costs_the_same_queries_with_ten_times_the_data(
    store, staff, client_of, django_assert_max_num_queries
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_of(staff(Role.GENERAL_MANAGER))
    a_day_of(store)
    with CaptureQueriesContext(connection) as once:
        assert client.get(reverse("dashboard:gm")).status_code == 200
    cache.clear()
    a_day_of(store, times=9)
    with django_assert_max_num_queries(len(once)):
        html = client.get(reverse("dashboard:gm")).content.decode()
    assert re.search(r'data-figure="booked">40<', html)


def test_the_group_dashboard_costs_the_same_queries_with_ten_times_the_stores(
    store, client_of, group_user, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_of(group_user)
    a_day_of(store)
    with CaptureQueriesContext(connection) as once:
        assert client.get(reverse("dashboard:group"), {"month": "2026-11"}).status_code == 200
    for _ in range(9):
        a_day_of(StoreFactory())
    GroupMonthFigures.objects.all().delete()  # the month's figures computed again, now over 10 stores
    with django_assert_max_num_queries(len(once)):
        html = client.get(reverse("dashboard:group"), {"month": "2026-11"}).content.decode()
    assert html.count('data-measure="appointment_share">25.0%<') == 10
