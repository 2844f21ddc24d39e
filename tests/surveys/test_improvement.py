"""Improvement plans (PDCA): actions from departments below target, review notes, the plan pages."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from organization.models import Department
from organization.roles import Role
from surveys.improvement import plan_for_departments_below_target, review_action
from surveys.models import ImprovementAction, ImprovementNote
from tests.complaints.conftest import cast  # noqa: F401 (fixture)
from tests.factories import DepartmentFactory, ImprovementActionFactory, UserFactory

JULY = date(2026, 7, 1)


def test_a_department_below_target_gets_one_action_owned_by_its_head(cast, django_capture_on_commit_callbacks):  # noqa: F811
    with time_machine.travel(date(2026, 8, 3), tick=False), django_capture_on_commit_callbacks(execute=True):
        created = plan_for_departments_below_target(cast.store, date(2026, 7, 20), [cast.workshop])
    action = ImprovementAction.objects.get()
    assert [a.source for a in created] == [action.source]
    assert (action.owner, action.department, action.period_start, action.due_on, action.horizon) == (
        cast.workshop_head,
        cast.workshop,
        JULY,
        date(2026, 8, 17),
        ImprovementAction.Horizon.MONTH,
    )
    assert cast.workshop_head.notifications.filter(title=gettext("Improvement action assigned to you")).count() == 1


def test_asking_twice_for_the_same_month_raises_nothing_new(cast):  # noqa: F811
    plan_for_departments_below_target(cast.store, JULY, [cast.workshop])
    assert plan_for_departments_below_target(cast.store, JULY, [cast.workshop, cast.sales]) != []
    assert plan_for_departments_below_target(cast.store, JULY, [cast.workshop, cast.sales]) == []
    assert ImprovementAction.objects.count() == 2
    plan_for_departments_below_target(cast.store, date(2026, 8, 1), [cast.workshop])
    assert ImprovementAction.objects.count() == 3


def test_another_stores_department_or_one_without_a_head_is_refused(cast, other_store):  # noqa: F811
    with pytest.raises(ValidationError):
        plan_for_departments_below_target(cast.store, JULY, [DepartmentFactory(store=other_store)])
    headless = DepartmentFactory(store=cast.store, kind=Department.Kind.PARTS)
    headless.head = None
    headless.save(update_fields=["head"])
    with pytest.raises(ValidationError):
        plan_for_departments_below_target(cast.store, JULY, [cast.workshop, headless])
    assert not ImprovementAction.objects.exists()


def test_the_owner_walks_an_action_through_pdca_and_act_closes_it(cast):  # noqa: F811
    action = ImprovementActionFactory(store=cast.store, owner=cast.technician)
    for expected in ("do", "check", "act"):
        review_action(action, by=cast.technician, text="进展", advance=True)
        action.refresh_from_db()
        assert action.status == expected
    assert action.closed_at is not None
    assert list(ImprovementNote.objects.values_list("status", flat=True)) == ["do", "check", "act"]
    with pytest.raises(ValidationError):
        review_action(action, by=cast.technician, text="再写", advance=False)


def test_a_note_without_advancing_keeps_the_status(cast):  # noqa: F811
    action = ImprovementActionFactory(store=cast.store, owner=cast.technician)
    review_action(action, by=cast.customer_service, text="客服跟进", advance=False)
    action.refresh_from_db()
    assert (action.status, action.notes.get().written_by) == ("plan", cast.customer_service)


def test_someone_elses_action_may_not_be_reviewed_by_a_technician(cast):  # noqa: F811
    action = ImprovementActionFactory(store=cast.store, owner=cast.advisor)
    with pytest.raises(PermissionDenied):
        review_action(action, by=cast.technician, text="不是我的", advance=True)


# Pages


def test_the_plan_page_marks_overdue_actions(cast, client_of):  # noqa: F811
    ImprovementActionFactory(store=cast.store, title="晚了的", due_on=timezone.localdate() - timedelta(days=1))
    ImprovementActionFactory(store=cast.store, title="还早的")
    response = client_of(cast.gm).get(reverse("surveys:improvement_plan"))
    content = response.content.decode()
    assert "晚了的" in content and "还早的" in content
    assert content.count('data-testid="overdue"') == 1


def test_my_actions_show_only_my_open_ones(cast, client_of):  # noqa: F811
    ImprovementActionFactory(store=cast.store, owner=cast.technician, title="我的")
    ImprovementActionFactory(store=cast.store, owner=cast.advisor, title="别人的")
    content = client_of(cast.technician).get(reverse("surveys:my_improvement_actions")).content.decode()
    assert "我的" in content and "别人的" not in content


def test_the_owner_advances_an_action_on_its_page(cast, client_of):  # noqa: F811
    action = ImprovementActionFactory(store=cast.store, owner=cast.technician)
    url = reverse("surveys:improvement_action", args=[action.pk])
    response = client_of(cast.technician).post(url, {"text": "已培训", "advance": "on"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "do"


def test_a_closed_action_refuses_a_note_with_a_message(cast, client_of):  # noqa: F811
    action = ImprovementActionFactory(store=cast.store, owner=cast.technician, status="act", closed_at=timezone.now())
    response = client_of(cast.technician).post(
        reverse("surveys:improvement_action", args=[action.pk]), {"text": "再写"}
    )
    assert response.status_code == 422
    assert gettext("This improvement action is closed.") in response.content.decode()
    assert not ImprovementNote.objects.exists()


def test_someone_elses_action_is_not_found_for_a_technician(cast, client_of):  # noqa: F811
    action = ImprovementActionFactory(store=cast.store, owner=cast.advisor)
    url = reverse("surveys:improvement_action", args=[action.pk])
    assert client_of(cast.technician).get(url).status_code == 404


def test_another_stores_action_is_not_found(cast, client_of, other_store):  # noqa: F811
    action = ImprovementActionFactory(store=other_store)
    assert client_of(cast.gm).get(reverse("surveys:improvement_action", args=[action.pk])).status_code == 404


def test_the_group_user_reads_an_action_but_writes_no_note(cast, client_of):  # noqa: F811
    action = ImprovementActionFactory(store=cast.store)
    client = client_of(UserFactory(store=None, roles=[Role.GROUP_MANAGEMENT]))
    url = reverse("surveys:improvement_action", args=[action.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"text": "集团"}).status_code == 403
    assert not ImprovementNote.objects.exists()


def test_a_technician_may_not_open_the_stores_plan(cast, client_of):  # noqa: F811
    assert client_of(cast.technician).get(reverse("surveys:improvement_plan")).status_code == 403


@pytest.mark.parametrize("name", ["surveys:improvement_plan", "surveys:my_improvement_actions"])
def test_the_lists_keep_their_query_count_from_1_to_30_rows(cast, client_of, django_assert_max_num_queries, name):  # noqa: F811
    client = client_of(cast.gm)
    ImprovementActionFactory(store=cast.store, owner=cast.gm, department=cast.sales)
    with django_assert_max_num_queries(12) as one:
        client.get(reverse(name))
    for _ in range(29):
        ImprovementActionFactory(store=cast.store, owner=cast.gm, department=cast.sales)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse(name)).content.decode().count('data-testid="improvement-row"') == 30
