"""Weekly and monthly focus items (seed 004 五: 每周、月的重点改善项目): set by hand, shown by cadence, PDCA."""

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from organization.roles import Role
from surveys.improvement import set_focus_item
from surveys.models import ImprovementAction
from tests.complaints.conftest import cast  # noqa: F401 (fixture)
from tests.factories import ImprovementActionFactory, UserFactory

# Wednesday 15 July 2026, ISO week 29, which starts on Monday 13 July.
WEDNESDAY = datetime(2026, 7, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
NEW = reverse("surveys:new_focus_item")
PLAN = reverse("surveys:improvement_plan")


@pytest.fixture
def at_wednesday():
    with time_machine.travel(WEDNESDAY, tick=False):
        yield


def post(client, **values):
    data = {
        "horizon": "week",
        "day": "2026-07-15",
        "title": "提高一次修复率",
        "due_on": "2026-07-19",
        "submission": str(uuid.uuid4()),
    } | values
    return client.post(NEW, data)


def cs_head(cast):  # noqa: F811
    return cast.customer_service.superior


def test_the_gm_sets_a_weekly_focus_item_for_the_week_the_day_falls_in(
    cast,  # noqa: F811
    client_of,
    at_wednesday,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client_of(cast.gm), owner=str(cast.workshop_head.pk))
    assert (response.status_code, response["Location"]) == (302, PLAN)
    item = ImprovementAction.objects.get()
    assert (item.source_kind, item.horizon, item.period_start, item.due_on, item.status, item.owner) == (
        "focus",
        "week",
        date(2026, 7, 13),
        date(2026, 7, 19),
        "plan",
        cast.workshop_head,
    )
    assert item.period_label() == "2026-W29"
    assert cast.workshop_head.notifications.filter(title=gettext("Improvement action assigned to you")).count() == 1


def test_the_customer_service_head_sets_a_monthly_one_and_the_asm_may_too(cast, client_of, staff, at_wednesday):  # noqa: F811
    response = post(
        client_of(cs_head(cast)), horizon="month", day="2026-07-31", due_on="2026-07-31", owner=cast.advisor.pk
    )
    assert response.status_code == 302
    item = ImprovementAction.objects.get()
    assert (item.horizon, item.period_start, item.period_label()) == ("month", date(2026, 7, 1), "2026-07")
    assert post(client_of(cast.manager), owner=cast.advisor.pk).status_code == 302
    assert ImprovementAction.objects.count() == 2


def test_the_plan_page_groups_actions_by_cadence_with_their_pdca_status(cast, client_of, at_wednesday):  # noqa: F811
    ImprovementActionFactory(
        store=cast.store, source_kind="focus", horizon="week", period_start=date(2026, 7, 13), title="本周重点"
    )
    ImprovementActionFactory(store=cast.store, source_kind="focus", title="本月重点", status="do")
    ImprovementActionFactory(
        store=cast.store, source_kind="below_average", horizon="quarter", period_start=date(2026, 7, 1), title="季度"
    )
    response = client_of(cast.gm).get(PLAN)
    content = response.content.decode()
    week = content.index('data-testid="cadence-week"')
    month = content.index('data-testid="cadence-month"')
    quarter = content.index('data-testid="cadence-quarter"')
    assert week < content.index("本周重点") < month < content.index("本月重点") < quarter < content.index("季度")
    assert [row for row in ("2026-W29", "2026-07", "2026Q3") if row in content] == ["2026-W29", "2026-07", "2026Q3"]
    assert content.count('data-testid="pdca-status"') == 3
    assert 'data-testid="new-focus-item"' in content


def test_an_overdue_focus_item_shows_to_its_owner_and_the_gm(cast, client_of, at_wednesday):  # noqa: F811
    ImprovementActionFactory(
        store=cast.store, owner=cast.technician, source_kind="focus", horizon="week", period_start=date(2026, 7, 6),
        due_on=date(2026, 7, 12), title="上周重点",
    )  # fmt: skip
    ImprovementActionFactory(store=cast.store, owner=cast.technician, source_kind="focus", due_on=date(2026, 7, 31))
    mine = client_of(cast.technician).get(reverse("surveys:my_improvement_actions")).content.decode()
    plan = client_of(cast.gm).get(PLAN).content.decode()
    for page in (mine, plan):
        assert page.count('data-testid="overdue"') == 1
        assert page.index('data-testid="cadence-week"') < page.index("上周重点") < page.index('data-testid="overdue"')
    assert 'data-testid="new-focus-item"' not in mine


def test_the_owner_works_a_focus_item_through_pdca(cast, client_of, at_wednesday):  # noqa: F811
    post(client_of(cast.gm), owner=cast.technician.pk)
    item = ImprovementAction.objects.get()
    url = reverse("surveys:improvement_action", args=[item.pk])
    assert client_of(cast.technician).post(url, {"text": "已培训", "advance": "on"}).status_code == 302
    item.refresh_from_db()
    assert item.status == "do"


# Bad input: a message, a 422, nothing saved.


@pytest.mark.parametrize(
    "values, message",
    [
        ({"due_on": "2026-07-14"}, "A focus item cannot be due in the past."),
        (
            {"horizon": "month", "day": "2026-09-10", "due_on": "2026-08-31"},
            "A focus item cannot be due before its week or month starts.",
        ),
        ({"due_on": "2027-07-16"}, "Plan a focus item at most a year ahead."),
        ({"day": "1999-12-31"}, "Enter a date from %(earliest)s to %(latest)s."),
        ({"horizon": "quarter"}, "Select a valid choice. %(value)s is not one of the available choices."),
        ({"title": ""}, "This field is required."),
        (
            {"title": "长" * 201},
            (
                "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
                "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
            ),
        ),
        ({"due_on": "2026-02-30"}, "Enter a valid date."),
        ({"submission": ""}, "This form has expired; reload the page and send it again."),
    ],
)
def test_bad_input_is_refused_with_a_message(cast, client_of, at_wednesday, values, message):  # noqa: F811
    response = post(client_of(cast.gm), owner=cast.advisor.pk, **values)
    assert response.status_code == 422
    shown = (ngettext(*message, 200) if isinstance(message, tuple) else gettext(message)).split("%(")[0]
    assert shown in response.content.decode().replace("&#x27;", "'")
    assert not ImprovementAction.objects.exists()


def test_an_owner_of_another_store_or_a_departed_one_is_refused(cast, client_of, other_store, at_wednesday):  # noqa: F811
    stranger = UserFactory(store=other_store)
    departed = UserFactory(store=cast.store, is_active=False)
    for owner in (stranger, departed):
        response = post(client_of(cast.gm), owner=owner.pk)
        assert response.status_code == 422
        assert 'data-testid="focus-item-form"' in response.content.decode()
    assert not ImprovementAction.objects.exists()


def test_a_double_click_sets_the_item_once(cast, client_of, at_wednesday):  # noqa: F811
    client = client_of(cast.gm)
    token = str(uuid.uuid4())
    assert post(client, owner=cast.advisor.pk, submission=token).status_code == 302
    assert post(client, owner=cast.advisor.pk, submission=token).status_code == 302
    assert ImprovementAction.objects.count() == 1


def test_the_rule_refuses_a_second_item_with_the_same_key_and_other_stores_owners(cast, other_store, at_wednesday):  # noqa: F811
    fields = {"horizon": "month", "day": date(2026, 7, 20), "title": "重点", "due_on": date(2026, 7, 31)}
    key = uuid.uuid4()
    set_focus_item(cast.store, owner=cast.advisor, key=key, by=cast.gm, **fields)
    with pytest.raises(ValidationError) as repeated:
        set_focus_item(cast.store, owner=cast.advisor, key=key, by=cast.gm, **fields)
    assert repeated.value.code == "already_set"
    with pytest.raises(ValidationError) as elsewhere:
        set_focus_item(cast.store, owner=UserFactory(store=other_store), key=uuid.uuid4(), by=cast.gm, **fields)
    assert elsewhere.value.code == "other_store"
    with pytest.raises(PermissionDenied):
        set_focus_item(cast.store, owner=cast.advisor, key=uuid.uuid4(), by=cast.sales_head, **fields)
    assert ImprovementAction.objects.count() == 1


def test_the_database_keeps_focus_items_weekly_or_monthly_and_periods_on_their_first_day(cast):  # noqa: F811
    with pytest.raises(IntegrityError), transaction.atomic():
        ImprovementActionFactory(store=cast.store, source_kind="focus", horizon="quarter")
    with pytest.raises(IntegrityError), transaction.atomic():
        ImprovementActionFactory(store=cast.store, horizon="week", period_start=date(2026, 7, 15))
    ImprovementActionFactory(store=cast.store, horizon="week", period_start=date(2026, 7, 13))


# Who may set them.


@pytest.mark.parametrize("who", ["sales_head", "customer_service", "technician", "supervisor"])
def test_other_people_of_the_store_may_not_set_focus_items(cast, client_of, who, at_wednesday):  # noqa: F811
    client = client_of(getattr(cast, who))
    assert client.get(NEW).status_code == 403
    assert post(client, owner=cast.advisor.pk).status_code == 403
    assert not ImprovementAction.objects.exists()


def test_the_group_user_reads_the_plan_but_sets_no_focus_item(cast, client_of, group_user, at_wednesday):  # noqa: F811
    client = client_of(group_user)
    assert client.get(PLAN).status_code == 200
    assert 'data-testid="new-focus-item"' not in client.get(PLAN).content.decode()
    assert client.get(NEW).status_code == 403
    assert post(client, owner=cast.advisor.pk).status_code == 403
    assert not ImprovementAction.objects.exists()


def test_the_form_page_answers_get_and_post_only(cast, client_of):  # noqa: F811
    client = client_of(cast.gm)
    assert client.get(NEW).status_code == 200
    assert client.put(NEW).status_code == 405


# Query counts stay constant as the data grows.


def test_the_plan_and_my_actions_keep_their_query_count_as_focus_items_grow(
    cast,  # noqa: F811
    client_of,
    django_assert_max_num_queries,
    at_wednesday,
):
    client = client_of(cast.gm)

    def add_one_of_each():
        ImprovementActionFactory(store=cast.store, owner=cast.gm, source_kind="focus", horizon="week",
                                 period_start=date(2026, 7, 13))  # fmt: skip
        ImprovementActionFactory(store=cast.store, owner=cast.gm, source_kind="focus", department=cast.sales)
        ImprovementActionFactory(store=cast.store, owner=cast.gm, horizon="quarter", period_start=date(2026, 7, 1))

    add_one_of_each()
    counts = {}
    for name in ("surveys:improvement_plan", "surveys:my_improvement_actions"):
        with django_assert_max_num_queries(12) as one:
            client.get(reverse(name))
        counts[name] = len(one.captured_queries)
    for _ in range(9):
        add_one_of_each()
    for name, count in counts.items():
        with django_assert_max_num_queries(count):
            assert client.get(reverse(name)).content.decode().count('data-testid="improvement-row"') == 30


def test_the_form_keeps_its_query_count_as_the_staff_grows(cast, client_of, django_assert_max_num_queries, staff):  # noqa: F811
    client = client_of(cast.gm)
    with django_assert_max_num_queries(12) as one:
        client.get(NEW)
    for _ in range(20):
        staff(Role.SERVICE_ADVISOR)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(NEW)
