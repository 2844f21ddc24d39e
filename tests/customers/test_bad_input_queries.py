"""Hypothesis drives every customer query parameter, the import upload and the VIP note: never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from customers.models import Customer, Vehicle, VipReception
from organization.roles import Role
from tests.factories import CustomerFactory, FleetAccountFactory, IndividualMembershipFactory

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
CONTROLS = st.text(alphabet=st.sampled_from("\x00\x01\x07\x1b\x1f\t\n\r %_\\'\"张13-"), max_size=12)
JUNK = st.one_of(
    CONTROLS,
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60),
    st.sampled_from(["-1", "0", "1e999", "NaN", "9" * 40, "last", "A", "fleet", "none", "individual", "长" * 5000]),
)


@pytest.fixture
def gm_client(staff, client_of, store):
    CustomerFactory(store=store, name="张伟明", mobile="13912345678")
    FleetAccountFactory(representative__store=store)
    return client_of(staff(Role.GENERAL_MANAGER))


@FUZZ
@given(q=JUNK, grade=JUNK, membership=JUNK, page=JUNK)
def test_customer_list(q, grade, membership, page, gm_client):
    params = {"q": q, "grade": grade, "membership": membership, "page": page}
    assert gm_client.get(reverse("customers:list"), params).status_code == 200


@FUZZ
@given(page=JUNK)
def test_fleet_list_and_showroom_pages(page, gm_client):
    assert gm_client.get(reverse("customers:fleet_list"), {"page": page}).status_code == 200
    assert gm_client.get(reverse("customers:showroom"), {"page": page}).status_code == 200


@FUZZ
@given(notes=JUNK)
def test_vip_reception_note(notes, store, staff, client_of):
    vip = IndividualMembershipFactory(customer__store=store).customer
    client = client_of(staff(Role.FRONT_DESK_SUPERVISOR))
    before = VipReception.objects.count()
    response = client.post(reverse("customers:vip_reception", args=[vip.pk]), {"notes": notes})
    assert response.status_code in (302, 422)
    assert VipReception.objects.count() == before + (response.status_code == 302)


CELL = st.one_of(JUNK, st.sampled_from(["0001-01-01", "1899-12-31", "9999-12-31", "13912345678", "LFV2A21K8N3041234"]))
HEADER = ["姓名", "手机", "性别", "生日", "备注", "车架号", "车牌", "购车日期", "里程"]


@FUZZ
@given(
    rows=st.lists(st.lists(CELL, min_size=len(HEADER), max_size=len(HEADER)), max_size=4),
    raw=st.one_of(st.none(), st.binary(max_size=200)),
    name=st.sampled_from(["customers.csv", "customers.xlsx", "customers.txt", "客户.CSV"]),
)
def test_import_upload_and_confirm(rows, raw, name, store, staff, client_of):
    client = client_of(staff(Role.GENERAL_MANAGER))
    text = "\n".join(",".join(cell.replace(",", " ").replace("\n", " ") for cell in row) for row in [HEADER, *rows])
    content = raw if raw is not None else text.encode("utf-8", "surrogatepass")
    before = (Customer.objects.count(), Vehicle.objects.count())
    response = client.post(reverse("customers:import"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code in (200, 422)
    assert (Customer.objects.count(), Vehicle.objects.count()) == before
    confirmed = client.post(reverse("customers:import_confirm"))
    assert confirmed.status_code in (302, 422)
    if confirmed.status_code == 422:
        assert (Customer.objects.count(), Vehicle.objects.count()) == before
