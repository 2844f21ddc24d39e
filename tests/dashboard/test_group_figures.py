"""The group dashboard reads stored month figures; beat keeps the current month fresh."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse

from dashboard import group_figures
from dashboard.models import GroupMonthFigures
from dashboard.tasks import refresh_this_months_group_figures
from organization.roles import Role
from surveys.models import SatisfactionRollup, SurveyKind

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
NOVEMBER, OCTOBER = date(2026, 11, 1), date(2026, 10, 1)


@pytest.fixture
def group_client(client_of, staff):
    return client_of(staff(Role.GROUP_MANAGEMENT, store=None))


def csi_row(store, month, score):
    P, L = SatisfactionRollup.Period, SatisfactionRollup.Level
    return SatisfactionRollup.objects.create(
        store=store,
        kind=SurveyKind.CSI,
        period=P.MONTH,
        period_start=month,
        level=L.STORE,
        responses=10,
        mean_score=Decimal(score),
        computed_at=NOW,
    )


def shown_csi(client, month):
    response = client.get(reverse("dashboard:group"), {"month": f"{month:%Y-%m}"})
    return {store.code: values["csi"] for _rank, store, values in response.context["rows"]}


def test_the_page_reads_the_stored_figures_without_computing_them_again(group_client, store, time_machine):
    time_machine.move_to(NOW, tick=False)
    csi_row(store, NOVEMBER, "91.25")
    assert shown_csi(group_client, NOVEMBER) == {"north": Decimal("91.25")}
    with mock.patch("dashboard.group_figures.store_measures") as computed:
        assert shown_csi(group_client, NOVEMBER) == {"north": Decimal("91.25")}
    computed.assert_not_called()
    assert GroupMonthFigures.objects.get().computed_at == NOW


def test_the_current_month_is_recomputed_once_older_than_ten_minutes(group_client, store, time_machine):
    time_machine.move_to(NOW, tick=False)
    row = csi_row(store, NOVEMBER, "91.25")
    shown_csi(group_client, NOVEMBER)
    SatisfactionRollup.objects.filter(pk=row.pk).update(mean_score=Decimal("93.00"))
    time_machine.move_to(NOW + timedelta(minutes=10), tick=False)
    assert shown_csi(group_client, NOVEMBER) == {"north": Decimal("91.25")}
    time_machine.move_to(NOW + timedelta(minutes=10, seconds=1), tick=False)
    assert shown_csi(group_client, NOVEMBER) == {"north": Decimal("93.00")}


def test_a_past_month_is_kept_for_a_day(store):
    row = csi_row(store, OCTOBER, "88.00")
    group_figures.group_figures(OCTOBER, NOW)
    SatisfactionRollup.objects.filter(pk=row.pk).update(mean_score=Decimal("89.50"))
    later, next_day = NOW + timedelta(hours=23), NOW + timedelta(days=1, seconds=1)
    assert group_figures.group_figures(OCTOBER, later) == ({store.pk: mock.ANY}, NOW)
    assert group_figures.group_figures(OCTOBER, later)[0][store.pk]["csi"] == Decimal("88.00")
    assert group_figures.group_figures(OCTOBER, next_day)[0][store.pk]["csi"] == Decimal("89.50")


def test_beat_refreshes_the_current_month_every_five_minutes(store, other_store, time_machine):
    time_machine.move_to(NOW, tick=False)
    csi_row(other_store, NOVEMBER, "97.50")
    assert refresh_this_months_group_figures() == "2 stores, 2026-11"
    figures, computed_at = group_figures.group_figures(NOVEMBER, NOW)
    assert (figures[other_store.pk]["csi"], figures[store.pk]["csi"], computed_at) == (Decimal("97.50"), None, NOW)
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-group-figures"]
    assert entry["task"] == "dashboard.tasks.refresh_this_months_group_figures"
    assert str(entry["schedule"]._orig_minute) == "*/5"


@pytest.mark.parametrize("params", [{"month": "2026-13"}, {"month": "十一月"}, {"sort": "no-such-measure"}])
def test_a_bad_month_or_column_gets_a_message_and_a_422(group_client, store, params):
    response = group_client.get(reverse("dashboard:group"), params)
    assert response.status_code == 422
    assert 'class="invalid-feedback"' in response.content.decode()
    assert not GroupMonthFigures.objects.exists()
