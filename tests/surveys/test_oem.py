"""OEM scores typed in per quarter: the formset, who may type and read them, the plan they raise."""

from datetime import date
from decimal import Decimal

import time_machine
from django.urls import reverse
from django.utils.translation import gettext

from organization.roles import Role
from surveys.models import ImprovementAction, OemItemKind, OemScore
from surveys.oem import quarter_of
from tests.complaints.conftest import cast  # noqa: F401 (fixture)
from tests.factories import OemScoreFactory, UserFactory

Q3 = date(2026, 7, 1)
URL = reverse("surveys:oem_scores")


def row(i, **values):
    return {f"form-{i}-{name}": value for name, value in values.items()}


def post(client, cast, *rows, quarter="2026Q3"):  # noqa: F811
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": "0"}
    for i, values in enumerate(rows):
        data |= row(i, **values)
    return client.post(f"{URL}?quarter={quarter}", data)


def item(cast, **more):  # noqa: F811
    values = {
        "kind": OemItemKind.INSPECTION,
        "code": "workshop-5s",
        "name": "车间5S",
        "score": "92",
        "national_average": "95",
        "region_average": "94",
        "owner": str(cast.workshop_head.pk),
        "department": str(cast.workshop.pk),
        "lost_by_management_or_staff": "on",
    }
    return values | more


def test_quarter_of_a_day():
    assert quarter_of(date(2026, 9, 30)) == Q3
    assert quarter_of(date(2026, 10, 1)) == date(2026, 10, 1)
    assert quarter_of(date(2026, 1, 1)) == date(2026, 1, 1)


def test_the_gm_types_in_a_quarter_and_weak_items_become_the_plan(
    cast,  # noqa: F811
    client_of,
    django_capture_on_commit_callbacks,
):
    above = item(cast, kind=OemItemKind.CSI, code="csi-repair", name="维修质量", score="96", owner=str(cast.advisor.pk))
    above["department"] = str(cast.after_sales.pk)
    with time_machine.travel(date(2026, 10, 8), tick=False), django_capture_on_commit_callbacks(execute=True):
        response = post(client_of(cast.gm), cast, item(cast), above)
    assert response.status_code == 302
    assert OemScore.objects.filter(store=cast.store, quarter=Q3).count() == 2
    action = ImprovementAction.objects.get()
    assert (action.source_kind, action.owner, action.period_start, action.due_on) == (
        ImprovementAction.Source.INSPECTION_LOST,
        cast.workshop_head,
        Q3,
        date(2026, 11, 7),
    )
    assert cast.workshop_head.notifications.filter(title=gettext("Improvement action assigned to you")).exists()


def test_typing_an_item_again_corrects_it_and_raises_no_second_action(cast, client_of):  # noqa: F811
    client = client_of(cast.gm)
    post(client, cast, item(cast))
    post(client, cast, item(cast, score="90"))
    assert OemScore.objects.get().score == Decimal("90")
    assert ImprovementAction.objects.count() == 1


def test_a_csi_item_below_the_sub_region_average_only_is_planned(cast, client_of):  # noqa: F811
    below_region = item(
        cast, kind=OemItemKind.CSI, code="csi-wash", name="洗车", score="94", national_average="93", region_average="95"
    )
    post(client_of(cast.gm), cast, below_region)
    assert ImprovementAction.objects.get().source_kind == ImprovementAction.Source.BELOW_AVERAGE


def test_the_page_shows_the_quarters_items_in_the_formset(cast, client_of):  # noqa: F811
    OemScoreFactory(store=cast.store, quarter=Q3, name="交车仪式", department=cast.sales, owner=cast.sales_head)
    response = client_of(cast.gm).get(f"{URL}?quarter=2026Q3")
    assert response.status_code == 200
    assert "交车仪式" in response.content.decode()


def test_a_bad_quarter_is_refused_with_a_message(cast, client_of):  # noqa: F811
    response = client_of(cast.gm).get(f"{URL}?quarter=2026Q5")
    assert response.status_code == 400
    assert gettext("Give the quarter as year and number, e.g. 2026Q3.") in response.content.decode()


def test_the_same_item_twice_in_one_form_is_refused(cast, client_of):  # noqa: F811
    response = post(client_of(cast.gm), cast, item(cast), item(cast))
    assert response.status_code == 422
    assert gettext("Each item code appears once per item kind.") in response.content.decode()
    assert not OemScore.objects.exists()


def test_another_stores_staff_cannot_be_the_owner(cast, client_of, other_store):  # noqa: F811
    stranger = UserFactory(store=other_store, roles=[Role.DEPARTMENT_HEAD])
    response = post(client_of(cast.gm), cast, item(cast, owner=str(stranger.pk)))
    assert response.status_code == 422
    assert not OemScore.objects.exists()


def test_the_group_user_reads_but_does_not_type(cast, client_of):  # noqa: F811
    OemScoreFactory(store=cast.store, quarter=Q3, name="交车仪式", department=cast.sales, owner=cast.sales_head)
    group = UserFactory(store=None, roles=[Role.GROUP_MANAGEMENT])
    client = client_of(group)
    assert "交车仪式" in client.get(f"{URL}?quarter=2026Q3").content.decode()
    assert post(client, cast, item(cast)).status_code == 403
    assert OemScore.objects.count() == 1


def test_an_advisor_may_not_open_the_page(cast, client_of):  # noqa: F811
    assert client_of(cast.advisor).get(URL).status_code == 403


def test_another_stores_items_do_not_show(cast, client_of, other_store):  # noqa: F811
    OemScoreFactory(store=other_store, quarter=Q3, name="别店项目")
    assert "别店项目" not in client_of(cast.gm).get(f"{URL}?quarter=2026Q3").content.decode()
