from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from aftersales.models import RepairOrder
from care.events import OWNER_LECTURE_FEEDBACK
from organization.events import BusinessEvent, announce
from organization.policies import current_policy, revise_policy
from organization.roles import Role
from surveys.models import Callback
from surveys.tasks import list_scheduled_survey_callbacks
from surveys.triggers import list_scheduled_survey_callbacks as list_at
from tests.factories import CustomerFactory, RepairOrderFactory, StoreFactory, VehicleFactory, VehicleSaleFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 30, 6, 30, tzinfo=SHANGHAI)


def sale(store, delivered_at, **fields):
    return VehicleSaleFactory(vehicle__owner__store=store, delivered_at=delivered_at, **fields)


def service(vehicle, delivered_at):
    return RepairOrderFactory(vehicle=vehicle, status=RepairOrder.Status.DELIVERED, delivered_at=delivered_at)


def scheduled():
    return Callback.objects.filter(
        kind__in=[Callback.Kind.MONTH_AFTER_PURCHASE, Callback.Kind.HALF_YEAR_AFTER_SERVICE]
    ).order_by("source")


def test_a_sale_delivered_thirty_days_ago_gets_its_survey_callback_due_a_week_later(store):
    sold = sale(store, datetime(2026, 10, 31, 6, 0, tzinfo=SHANGHAI))
    sale(store, datetime(2026, 10, 31, 7, 0, tzinfo=SHANGHAI))  # not 30 days yet
    sale(store, datetime(2026, 10, 24, 6, 0, tzinfo=SHANGHAI))  # its window has passed
    assert list_at(NOW) == 1
    (callback,) = scheduled()
    assert callback.source == f"sale:{sold.pk}:1m" and callback.kind == Callback.Kind.MONTH_AFTER_PURCHASE
    assert callback.customer == sold.buyer and callback.vehicle == sold.vehicle and callback.owner is None
    assert callback.store == store and callback.policy == current_policy(store)
    assert callback.due_at == datetime(2026, 12, 7, 6, 30, tzinfo=SHANGHAI)
    assert callback.attempts == 0 and callback.completed_at is None


def test_running_twice_or_the_next_day_lists_nothing_twice(store):
    sale(store, datetime(2026, 10, 30, 12, 0, tzinfo=SHANGHAI))
    vehicle = VehicleFactory(owner__store=store)
    service(vehicle, datetime(2026, 5, 30, 12, 0, tzinfo=SHANGHAI))
    assert list_at(NOW) == 2
    assert list_at(NOW) == 0
    assert list_at(NOW + timedelta(days=1)) == 0
    assert scheduled().count() == 2


def test_a_service_customer_is_called_six_months_after_their_last_service_only(store):
    vehicle = VehicleFactory(owner__store=store)
    service(vehicle, datetime(2026, 4, 10, 9, 0, tzinfo=SHANGHAI))
    last = service(vehicle, datetime(2026, 5, 31, 9, 0, tzinfo=SHANGHAI))
    returned = VehicleFactory(owner__store=store)
    service(returned, datetime(2026, 5, 31, 9, 0, tzinfo=SHANGHAI))
    service(returned, datetime(2026, 11, 1, 9, 0, tzinfo=SHANGHAI))  # came back since: a new period
    RepairOrderFactory(vehicle=VehicleFactory(owner__store=store))  # never delivered
    assert list_at(NOW) == 1
    (callback,) = scheduled()
    assert callback.source == f"vehicle:{vehicle.pk}:6m:2026-05-31"
    assert callback.kind == Callback.Kind.HALF_YEAR_AFTER_SERVICE and callback.customer == last.customer
    assert callback.due_at == datetime(2026, 12, 7, 6, 30, tzinfo=SHANGHAI)
    # Six months after the new period's service, it is called again.
    assert list_at(datetime(2027, 5, 3, 6, 30, tzinfo=SHANGHAI)) == 1
    assert scheduled().last().source == f"vehicle:{returned.pk}:6m:2026-11-01"


def test_a_forgotten_customer_and_an_inactive_store_get_none(store):
    sold = sale(store, datetime(2026, 10, 31, 6, 0, tzinfo=SHANGHAI))
    sold.buyer.anonymized_at = NOW
    sold.buyer.save(update_fields=["anonymized_at"])
    closed = StoreFactory(code="closed", is_active=False)
    sale(closed, datetime(2026, 10, 31, 6, 0, tzinfo=SHANGHAI))
    assert list_at(NOW) == 0


def test_each_store_uses_its_own_policy(store, other_store, staff):
    policy = current_policy(other_store)
    revise_policy(policy, {"callbacks.after_purchase_survey_days": "20"}, by=staff(Role.GENERAL_MANAGER), note="")
    sale(store, datetime(2026, 10, 31, 6, 0, tzinfo=SHANGHAI))
    sale(other_store, datetime(2026, 11, 10, 6, 0, tzinfo=SHANGHAI))
    sale(other_store, datetime(2026, 10, 31, 6, 0, tzinfo=SHANGHAI))  # 30 days: outside the other store's window
    assert list_at(NOW) == 2
    assert sorted(scheduled().values_list("store__code", "policy__version")) == [("north", 1), ("south", 2)]


def test_the_query_count_does_not_grow_with_customers(store, other_store, django_assert_max_num_queries):
    def sales(count):
        for _ in range(count):
            sale(store, datetime(2026, 10, 31, 6, 0, tzinfo=SHANGHAI))
            service(VehicleFactory(owner__store=other_store), datetime(2026, 5, 31, 9, 0, tzinfo=SHANGHAI))

    sales(1)
    with django_assert_max_num_queries(10) as one:
        assert list_at(NOW) == 2
    Callback.objects.all().delete()
    sales(29)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert list_at(NOW) == 60


def test_the_beat_task_and_the_command_list_them(store, time_machine, capsys):
    sale(store, datetime(2026, 10, 31, 6, 0, tzinfo=SHANGHAI))
    time_machine.move_to(NOW, tick=False)
    assert list_scheduled_survey_callbacks() == 1
    sale(store, datetime(2026, 11, 1, 6, 0, tzinfo=SHANGHAI))
    call_command("list_survey_callbacks", "--now", "2026-12-01T06:30:00")
    assert capsys.readouterr().out.strip() == "1 callbacks listed"


def test_the_beat_schedule_runs_it_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["list-scheduled-survey-callbacks"]
    assert entry["task"] == "surveys.tasks.list_scheduled_survey_callbacks"
    assert entry["schedule"].hour == {6} and entry["schedule"].minute == {30}


def test_owner_lecture_feedback_gets_customer_service_within_48_hours(store, staff):
    specialist = staff(Role.CUSTOMER_SERVICE)
    customer = CustomerFactory(store=store)
    evaluation = SimpleNamespace(source="lecture-feedback:7")  # the care app's evaluation names its source
    occurred = datetime(2026, 11, 28, 15, 0, tzinfo=SHANGHAI)
    announce(BusinessEvent(OWNER_LECTURE_FEEDBACK, evaluation, store, customer, None, None, occurred))
    callback = Callback.objects.get(source="lecture-feedback:7")
    assert callback.kind == Callback.Kind.OWNER_LECTURE_FEEDBACK and callback.owner == specialist
    assert callback.due_at == datetime(2026, 11, 30, 15, 0, tzinfo=SHANGHAI)


@pytest.mark.parametrize("bad", ["yesterday", "2026-13-01"])
def test_the_command_refuses_a_malformed_time(bad, db):
    with pytest.raises(CommandError):
        call_command("list_survey_callbacks", "--now", bad)
