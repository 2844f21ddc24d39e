"""Hypothesis drives the OEM score formset and the review note through their views: a 4xx, nothing half-saved."""

from django.urls import reverse
from django.utils.http import urlencode
from hypothesis import given

from surveys.models import ImprovementAction, ImprovementNote, OemScore
from tests.complaints.conftest import cast  # noqa: F401 (fixture)
from tests.customers.test_bad_input import FUZZ, field, form, split, text
from tests.factories import ImprovementActionFactory, UserFactory


def snapshot():
    return (
        list(OemScore.objects.order_by("pk").values_list("pk", "score", "name")),
        list(ImprovementAction.objects.order_by("pk").values_list("pk", "status", "closed_at")),
        ImprovementNote.objects.count(),
    )


def check(response, is_bad, before):
    status = response.status_code
    if is_bad:
        assert 400 <= status < 500, status
    assert status == 302 or 400 <= status < 500, status
    if status >= 400:
        assert snapshot() == before


@FUZZ
@given(
    drawn=form(
        kind=field(["inspection", "csi"], ["", "oem"]),
        code=field(["workshop-5s"], ["", "车间 5S", "x" * 41]),
        name=text(100, ok=("车间5S",)),
        score=field(["0", "88.5", "100"], ["", "101", "-1", "1e999", "NaN", "abc", "88.555"]),
        national_average=field(["95"], ["", "100.01"]),
        region_average=field(["94"], ["", "-0.5"]),
        owner=field(["owner"], ["", "0", "abc", "stranger"]),
        department=field(["department"], ["", "0", "999999"]),
        lost_by_management_or_staff=field(["on", ""]),
        quarter=field(["2026Q3"], ["2026Q0", "26Q3", "2026-07"]),
    )
)
def test_oem_scores(drawn, cast, client_of, other_store):  # noqa: F811
    values, is_bad = split(drawn)
    quarter = values.pop("quarter")
    people = {"owner": str(cast.workshop_head.pk), "stranger": str(UserFactory(store=other_store).pk)}
    values["owner"] = people.get(values["owner"], values["owner"])
    if values["department"] == "department":
        values["department"] = str(cast.workshop.pk)
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0"} | {f"form-0-{k}": v for k, v in values.items()}
    before = snapshot()
    response = client_of(cast.gm).post(f"{reverse('surveys:oem_scores')}?{urlencode({'quarter': quarter})}", data)
    check(response, is_bad, before)
    ImprovementAction.objects.all().delete()
    OemScore.objects.all().delete()


@FUZZ
@given(drawn=form(text=text(2000, ok=("已完成培训",)), advance=field(["on", ""])))
def test_review_note(drawn, cast, client_of):  # noqa: F811
    action = ImprovementActionFactory(store=cast.store, owner=cast.technician)
    values, is_bad = split(drawn)
    before = snapshot()
    response = client_of(cast.technician).post(reverse("surveys:improvement_action", args=[action.pk]), values)
    check(response, is_bad, before)
    ImprovementNote.objects.all().delete()
    action.delete()
