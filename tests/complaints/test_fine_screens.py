"""Screens for the fines SPEC section 5 names: the explicit loss on the complaint's page, the accessories staff's
withheld commission and rework on the penalties page, the group user reading one store's penalties and appeals."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from hypothesis import given

from complaints import fines
from complaints.models import Complaint, Fine
from organization import navigation
from organization.models import Department
from organization.roles import Role
from tests.customers.test_bad_input import BAD_NUMBERS, FUZZ, field, form, split, text
from tests.factories import AppealFactory, ComplaintFactory, DepartmentFactory, StoreFactory, UserFactory


def test_an_explicit_loss_is_recorded_once_per_complaint_and_person(cast):
    complaint = ComplaintFactory(customer__store=cast.store)
    complaint.at_fault.add(cast.technician)
    fines.record_explicit_loss(complaint, {cast.technician: Decimal(300)}, by=cast.manager)
    with pytest.raises(ValidationError) as refused:
        fines.record_explicit_loss(complaint, {cast.technician: Decimal(100)}, by=cast.gm)
    assert refused.value.code == "already_recorded"
    assert Fine.objects.filter(kind=Fine.Kind.EXPLICIT_LOSS).count() == 1


# The explicit loss on the complaint's page


@pytest.fixture
def explicit(cast, log):
    """A complaint with an explicit loss naming the technician at fault."""
    complaint = log(department=cast.workshop)
    Complaint.objects.filter(pk=complaint.pk).update(loss=Complaint.Loss.EXPLICIT)
    complaint.refresh_from_db()
    complaint.at_fault.add(cast.technician)
    return complaint


def detail(client, complaint):
    return client.get(reverse("complaints:detail", args=[complaint.pk]))


def post_loss(client, complaint, amounts):
    data = {f"amount_{person.pk}": amount for person, amount in amounts.items()}
    return client.post(reverse("complaints:explicit_loss", args=[complaint.pk]), data)


def refusal(response) -> list[str]:
    """The reasons the explicit loss form was refused, as the page shows them."""
    return response.context["explicit_loss"]["form"].non_field_errors()


def loss_fines():
    return {(fine.person, fine.amount) for fine in Fine.objects.filter(kind=Fine.Kind.EXPLICIT_LOSS)}


def test_the_managers_get_the_form_with_the_person_at_fault_their_head_and_the_after_sales_manager(
    cast, explicit, client_of
):
    for who in (cast.gm, cast.manager):
        section = detail(client_of(who), explicit).context["explicit_loss"]
        people = [person for person, _why in section["form"].payers]
        assert people == [cast.technician, cast.workshop_head, cast.manager]
    assert detail(client_of(cast.technician), explicit).context["explicit_loss"] is None
    assert detail(client_of(cast.workshop_head), explicit).context["explicit_loss"] is None


def test_no_form_without_an_explicit_loss_or_without_staff_at_fault(cast, log, explicit, client_of):
    implicit = log(department=cast.workshop)
    implicit.at_fault.add(cast.technician)
    assert detail(client_of(cast.gm), implicit).context["explicit_loss"] is None
    explicit.at_fault.clear()
    assert detail(client_of(cast.gm), explicit).context["explicit_loss"]["form"] is None


def test_the_manager_records_the_amounts_blank_is_none_and_the_page_lists_them(cast, explicit, client_of):
    client = client_of(cast.manager)
    response = post_loss(client, explicit, {cast.technician: "300", cast.workshop_head: "", cast.manager: "100.50"})
    assert response.status_code == 302
    assert loss_fines() == {(cast.technician, Decimal("300")), (cast.manager, Decimal("100.50"))}
    page = detail(client, explicit)
    assert [fine.person for fine in page.context["explicit_loss"]["recorded"]] == [cast.technician, cast.manager]
    assert [person for person, _why in page.context["explicit_loss"]["form"].payers] == [cast.workshop_head]
    assert "300" in page.content.decode()


def test_a_second_time_for_the_same_person_is_refused_with_a_message(cast, explicit, client_of):
    assert post_loss(client_of(cast.manager), explicit, {cast.technician: "300"}).status_code == 302
    response = post_loss(client_of(cast.gm), explicit, {cast.technician: "200", cast.workshop_head: "100"})
    assert response.status_code == 422
    message = gettext("The explicit loss of this complaint is already recorded for %(names)s.") % {
        "names": cast.technician.name
    }
    assert refusal(response) == [message]
    assert loss_fines() == {(cast.technician, Decimal("300"))}


def test_refusals_save_nothing(cast, log, explicit, client_of, staff, other_store):
    assert post_loss(client_of(cast.advisor), explicit, {cast.technician: "300"}).status_code == 403
    stranger = UserFactory(store=other_store, roles=[Role.AFTER_SALES_MANAGER])
    assert post_loss(client_of(stranger), explicit, {cast.technician: "300"}).status_code == 404
    nothing = post_loss(client_of(cast.gm), explicit, {cast.technician: "", cast.manager: "0"})
    assert nothing.status_code == 422 and refusal(nothing) == [gettext("Enter at least one amount.")]
    outsider = post_loss(client_of(cast.gm), explicit, {cast.advisor: "50"})
    assert outsider.status_code == 422
    implicit = log(department=cast.workshop)
    implicit.at_fault.add(cast.technician)
    not_explicit = post_loss(client_of(cast.gm), implicit, {cast.technician: "300"})
    assert not_explicit.status_code == 422
    assert refusal(not_explicit) == [gettext("The complaint's loss is not explicit (显性).")]
    explicit.at_fault.clear()
    nobody = post_loss(client_of(cast.gm), explicit, {cast.manager: "300"})
    assert nobody.status_code == 422 and refusal(nobody) == [gettext("Name the staff at fault first.")]
    assert not Fine.objects.exists()


AMOUNTS = field(["", "0", "300", "99.99"], BAD_NUMBERS)


@FUZZ
@given(drawn=form(at_fault=AMOUNTS, head=AMOUNTS, manager=AMOUNTS))
def test_explicit_loss_bad_input(drawn, cast, explicit, client_of):
    values, is_bad = split(drawn)
    people = {"at_fault": cast.technician, "head": cast.workshop_head, "manager": cast.manager}
    response = post_loss(client_of(cast.gm), explicit, {people[name]: value for name, value in values.items()})
    status = response.status_code
    assert status == 302 or (400 <= status < 500 and status != 404), status
    if is_bad:
        assert status == 422
    if status >= 400:
        assert not Fine.objects.exists()
    Fine.objects.all().delete()


def test_the_complaint_page_keeps_its_query_count_from_1_to_30_fines(cast, log, client_of, staff):
    complaints = []
    for n in (1, 30):
        complaint = log(department=cast.workshop)
        Complaint.objects.filter(pk=complaint.pk).update(loss=Complaint.Loss.EXPLICIT)
        people = [staff(Role.TECHNICIAN, name=f"技师{n}-{i:02d}", department=cast.workshop) for i in range(n)]
        complaint.at_fault.add(*people, cast.technician)
        fines.record_explicit_loss(complaint, {person: Decimal(10) for person in people}, by=cast.manager)
        complaints.append(complaint)
    client = client_of(cast.gm)
    detail(client, complaints[0])
    counts = []
    for complaint in complaints:
        with CaptureQueriesContext(connection) as queries:
            response = detail(client, complaint)
        counts.append((len(response.context["explicit_loss"]["recorded"]), len(queries)))
    assert [recorded for recorded, _n in counts] == [1, 30]
    assert counts[0][1] == counts[1][1], counts


# Accessories (精品): withheld commission and rework on the penalties page


@pytest.fixture
def accessories(cast, staff):
    department = DepartmentFactory(store=cast.store, kind=Department.Kind.ACCESSORIES)
    leader = staff(Role.TECHNICIAN, name="精品组长", department=department)
    fitter = staff(Role.TECHNICIAN, name="精品技师", department=department, superior=leader)
    return leader, fitter


def this_month():
    return fines.month_of(timezone.now())


def test_only_accessories_staff_are_offered_to_the_managers(cast, accessories, client_of):
    head = Department.objects.get(store=cast.store, kind=Department.Kind.ACCESSORIES).head
    offered = {*accessories, head}
    for who in (cast.gm, cast.manager):
        context = client_of(who).get(reverse("complaints:penalties")).context
        for name in ("withhold_form", "rework_form"):
            assert set(context[name].fields["person"].queryset) == offered
        assert set(context["rework_form"].fields["group_leader"].queryset) == offered
    assert "withhold_form" not in client_of(cast.workshop_head).get(reverse("complaints:penalties")).context


def test_the_manager_withholds_a_fitting_commission(cast, accessories, client_of):
    _leader, fitter = accessories
    data = {"person": fitter.pk, "amount": "120", "month": f"{this_month():%Y-%m}", "note": "安装返工"}
    response = client_of(cast.manager).post(reverse("complaints:commission_withhold"), data)
    assert response.status_code == 302
    fine = Fine.objects.get()
    assert (fine.person, fine.kind, fine.amount, fine.month) == (
        fitter,
        Fine.Kind.COMMISSION_WITHHELD,
        Decimal(120),
        this_month(),
    )
    refused = client_of(cast.manager).post(
        reverse("complaints:commission_withhold"), {**data, "person": cast.advisor.pk}
    )
    assert refused.status_code == 422 and Fine.objects.count() == 1


def test_the_gm_records_a_rework_split_between_group_leader_and_person(cast, accessories, client_of, log):
    leader, fitter = accessories
    complaint = log(department=cast.workshop)
    data = {"person": fitter.pk, "group_leader": leader.pk, "cost": "333.33", "complaint": complaint.number.lower()}
    assert client_of(cast.gm).post(reverse("complaints:rework"), data).status_code == 302
    split = {(f.person, f.amount, f.complaint_id) for f in Fine.objects.filter(kind=Fine.Kind.REWORK)}
    assert split == {(leader, Decimal("66.67"), complaint.pk), (fitter, Decimal("266.66"), complaint.pk)}


def test_rework_refusals_save_nothing(cast, accessories, client_of, log, other_store):
    leader, fitter = accessories
    complaint = log(department=cast.workshop)
    elsewhere = ComplaintFactory(customer__store=other_store)
    data = {"person": fitter.pk, "group_leader": leader.pk, "cost": "100", "complaint": complaint.number}
    url = reverse("complaints:rework")
    assert client_of(cast.advisor).post(url, data).status_code == 403
    for bad in ({"complaint": elsewhere.number}, {"complaint": "TS99999999"}, {"group_leader": fitter.pk}):
        response = client_of(cast.gm).post(url, {**data, **bad})
        assert response.status_code == 422, bad
    unknown = client_of(cast.gm).post(url, {**data, "complaint": "TS99999999"})
    assert (
        gettext("No complaint of this store has the number %(number)s.") % {"number": "TS99999999"}
        in unknown.content.decode()
    )
    assert not Fine.objects.exists()


@FUZZ
@given(
    drawn=form(
        amount=field(["120", "0.01"], [*BAD_NUMBERS, "", "0"]),
        month=field(["2026-10"], ["", "2026-13", "1999-12", "9999-01", "abc"]),
        note=text(2000, ok=("安装返工",), required=False),
    )
)
def test_commission_withhold_bad_input(drawn, cast, accessories, client_of):
    values, is_bad = split(drawn)
    values["person"] = accessories[1].pk
    status = client_of(cast.gm).post(reverse("complaints:commission_withhold"), values).status_code
    assert status == 302 or (400 <= status < 500 and status != 404), status
    if is_bad:
        assert status == 422
    if status >= 400:
        assert not Fine.objects.exists()
    Fine.objects.all().delete()


@FUZZ
@given(
    drawn=form(
        cost=field(["100", "0.5"], [*BAD_NUMBERS, "", "0"]),
        complaint=field(["number"], ["", "TS", "TS-1", "TS000000", "TS1-x", "x" * 21, "TS" + "9" * 18, "中文"]),
    )
)
def test_rework_bad_input(drawn, cast, accessories, client_of, log):
    values, is_bad = split(drawn)
    complaint = Complaint.objects.filter(store=cast.store).first() or log(department=cast.workshop)
    if values["complaint"] == "number":
        values["complaint"] = complaint.number
    values |= {"person": accessories[1].pk, "group_leader": accessories[0].pk}
    status = client_of(cast.gm).post(reverse("complaints:rework"), values).status_code
    assert status == 302 or (400 <= status < 500 and status != 404), status
    if is_bad:
        assert status == 422
    if status >= 400:
        assert not Fine.objects.exists()
    Fine.objects.all().delete()


# The group user reads one store's penalties and appeals


def test_the_group_user_reads_one_chosen_store_s_penalties_without_forms(cast, accessories, group_user, client_of):
    fines.withhold_commission(accessories[1], Decimal(120), this_month(), by=cast.gm)
    client = client_of(group_user)
    first = client.get(reverse("complaints:penalties"))
    assert first.status_code == 200 and first.context["choose_store"] and first.context["rows"] == []
    response = client.get(reverse("complaints:penalties"), {"store": cast.store.code})
    assert response.status_code == 200
    assert [row.person for row, _offences, _dismissal in response.context["rows"]] == [accessories[1]]
    content = response.content.decode()
    for name in ("fine_record", "commission_withhold", "rework"):
        assert reverse(f"complaints:{name}") not in content
    assert not {"fine_form", "withhold_form", "rework_form"} & set(response.context.keys())
    assert client.get(reverse("complaints:penalties"), {"store": "nowhere"}).status_code == 404


def test_the_group_user_reads_one_store_s_appeals_and_acts_on_none(cast, log, group_user, client_of):
    complaint = log(department=cast.workshop)
    filed = AppealFactory(complaint=complaint, appellant=cast.technician, head=cast.workshop_head)
    elsewhere = AppealFactory(complaint__customer__store=StoreFactory(code="east"))
    client = client_of(group_user)
    assert client.get(reverse("complaints:appeals")).status_code == 200
    response = client.get(reverse("complaints:appeals"), {"store": cast.store.code})
    assert list(response.context["open_appeals"]) == [filed]
    content = response.content.decode()
    assert reverse("complaints:detail", args=[complaint.pk]) in content
    assert reverse("complaints:detail", args=[elsewhere.complaint_id]) not in content
    assert reverse("complaints:appeal_forward", args=[filed.pk]) not in content
    assert client.get(reverse("complaints:appeals"), {"store": "nowhere"}).status_code == 404


def test_complaint_numbers_link_to_the_complaint(cast, log, client_of):
    complaint = log(department=cast.workshop)
    AppealFactory(complaint=complaint, appellant=cast.technician, head=cast.workshop_head)
    content = client_of(cast.workshop_head).get(reverse("complaints:appeals")).content.decode()
    assert f'href="{reverse("complaints:detail", args=[complaint.pk])}"' in content


@pytest.mark.parametrize("screen", ["penalties", "appeals"])
def test_the_group_user_s_pages_keep_their_query_count_from_1_to_30(screen, cast, log, group_user, client_of, staff):
    client = client_of(group_user)
    url = reverse(f"complaints:{screen}")
    client.get(url, {"store": cast.store.code})

    def add(n):
        for i in range(n):
            person = staff(Role.TECHNICIAN, name=f"技师{screen}{n}{i:02d}", department=cast.workshop)
            complaint = log(department=cast.workshop)
            fines.record_offence(person, "未按流程", by=cast.gm, complaint=complaint)
            AppealFactory(complaint=complaint, appellant=person, head=cast.workshop_head)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"store": cast.store.code})
        assert response.status_code == 200
        return len(queries)

    add(1)
    at_one = count()
    add(29)
    assert count() == at_one


def test_month_of_the_page_is_kept_for_the_group_user(cast, group_user, client_of):
    response = client_of(group_user).get(
        reverse("complaints:penalties"), {"store": cast.store.code, "month": "2026-10"}
    )
    assert response.status_code == 200 and response.context["month"] == date(2026, 10, 1)


def test_the_group_user_finds_penalties_and_appeals_in_the_navigation(group_user):
    entries = [url_name for _label, url_name in navigation.entries_for(group_user)]
    assert {"complaints:penalties", "complaints:appeals"} <= set(entries)
