from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from customers.prospects import record_showroom_visit
from organization.policies import current_policy, revise_policy
from organization.roles import Role
from surveys.callbacks import sample_prospects
from surveys.models import Callback
from surveys.tasks import sample_showroom_prospects
from tests.factories import CustomerFactory

MONDAY = datetime(2026, 11, 23, 7, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def visits(store, staff, time_machine):
    """Ten new prospects in the week before MONDAY, one older, one returning customer."""
    consultant = staff(Role.SALES_CONSULTANT)
    time_machine.move_to(MONDAY, tick=False)

    def visit(name, days_ago, **fields):
        return record_showroom_visit(
            store=store,
            prospect=None,
            name=name,
            consultant=consultant,
            visited_at=MONDAY - timedelta(days=days_ago),
            by=consultant,
            **fields,
        )

    recent = [visit(f"意向客户{i}", days_ago=1 + i % 6) for i in range(10)]
    visit("上月来店", days_ago=20)
    return recent


def sample_everyone(store, by):
    return revise_policy(current_policy(store), {"callbacks.prospect_sample_percent": "100"}, by=by, note="全部抽访")


def test_it_samples_the_policy_share_of_the_weeks_new_prospects(store, staff, visits):
    cs = staff(Role.CUSTOMER_SERVICE)
    callbacks = sample_prospects(store, now=MONDAY)
    assert len(callbacks) == 2  # 20% of 10
    saved = Callback.objects.filter(kind=Callback.Kind.PROSPECT_SAMPLE)
    assert saved.count() == 2
    assert {c.owner for c in saved} == {cs}
    assert {c.due_at for c in saved} == {MONDAY + timedelta(days=7)}
    assert {c.prospect.name for c in saved} <= {v.prospect.name for v in visits}
    assert all(c.customer is None for c in saved)


def test_a_second_run_in_the_week_never_calls_anyone_twice(store, staff, visits):
    sample_everyone(store, staff(Role.GENERAL_MANAGER))
    assert len(sample_prospects(store, now=MONDAY)) == 10
    assert sample_prospects(store, now=MONDAY) == []
    assert Callback.objects.filter(kind=Callback.Kind.PROSPECT_SAMPLE).count() == 10


def test_prospects_who_already_bought_are_not_sampled(store, staff, visits):
    sample_everyone(store, staff(Role.GENERAL_MANAGER))
    bought = visits[0].prospect
    bought.customer = CustomerFactory(store=store)
    bought.save(update_fields=["customer"])
    names = {c.prospect_id for c in sample_prospects(store, now=MONDAY)}
    assert bought.pk not in names and len(names) == 9


def test_the_weekly_task_samples_every_store(store, other_store, staff, visits):
    assert sample_showroom_prospects() == 2


def test_customer_service_records_a_prospect_call(store, staff, visits, client_of):
    cs = staff(Role.CUSTOMER_SERVICE)
    sample_prospects(store, now=MONDAY)
    callback = Callback.objects.filter(kind=Callback.Kind.PROSPECT_SAMPLE).first()
    client = client_of(cs)
    listing = client.get(reverse("surveys:my_callbacks")).content.decode()
    assert callback.prospect.name in listing and "来店意向客户抽访" in listing
    page = client.get(reverse("surveys:callback_detail", args=[callback.pk])).content.decode()
    assert "意向客户" in page
    response = client.post(
        reverse("surveys:record_outcome", args=[callback.pk]),
        {"row_version": 0, "reached": "yes", "satisfied": "no", "notes": "顾问接待不热情"},
    )
    assert response.status_code == 302
    callback.refresh_from_db()
    assert callback.satisfied is False and callback.completed_at
