"""Hypothesis drives every customer form through its view: dates at and beyond their ranges, control characters,
very long strings, garbage numbers. Never a 500; bad input is a 4xx; a refusal saves nothing."""

from datetime import timedelta

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from customers.models import (
    Customer,
    FleetAccount,
    FollowUp,
    GradeChange,
    Membership,
    PrivacyLog,
    Prospect,
    Referral,
    ShowroomVisit,
    Vehicle,
    VehicleSale,
)
from customers.prospects import record_showroom_visit
from organization.middleware import CONTROL_CHARACTERS
from organization.roles import Role
from tests.factories import CustomerFactory, FleetAccountFactory, IndividualMembershipFactory, VehicleFactory

FUZZ = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
TABLES = (
    Customer,
    Vehicle,
    VehicleSale,
    FollowUp,
    GradeChange,
    Membership,
    FleetAccount,
    Prospect,
    ShowroomVisit,
    Referral,
    PrivacyLog,
)

# Each field draws (value, kind): "ok" is valid, "bad" must be refused, "noise" may go either way.
NOISE = st.one_of(
    st.text(alphabet=st.sampled_from("\x00\x01\x07\x08\x0b\x0c\x1b\x1f\t\n\r 张a1-·"), max_size=12),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30),
).map(lambda text: (text, "noise"))
BAD_DATES = ["0001-01-01", "1111-11-11", "1899-12-31", "2100-01-01", "9999-12-31", "10000-01-01", "2026-02-30", "1e9"]
BAD_MOMENTS = [
    "0001-01-01T00:00",
    "1111-11-11T11:11",
    "1899-12-31T23:59",
    "1999-12-31T23:59",
    "2999-01-01T10:00",
    "9999-12-31T23:59",
    "2026-11-31T25:61",
    "yesterday",
]
BAD_NUMBERS = ["1e999", "NaN", "Infinity", "-1", "9" * 40, "0x10", "1,000", "12abc"]


def field(ok, bad=()):
    """A form field's values: valid ones, ones that must be refused, and noise."""
    choices = [st.sampled_from(list(ok)).map(lambda value: (value, "ok"))]
    if bad:
        choices.append(st.sampled_from(list(bad)).map(lambda value: (value, "bad")))
    return st.one_of(*choices, NOISE)


def text(max_length, ok=("张伟明",), required=True):
    too_long = ["x" * (max_length + 1), "张" * (max_length + 1), "长" * 10_000]
    return field([*ok] if required else [*ok, ""], too_long + ([""] if required else []))


def date_field(ok):
    return field(["", *ok], BAD_DATES)


def moment_field():
    now = timezone.localtime()
    return field(["2000-01-01T00:00", (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")], BAD_MOMENTS)


def number(ok, required=False):
    return field([*ok] if required else ["", *ok], BAD_NUMBERS)


def form(**fields):
    return st.fixed_dictionaries(fields)


def split(drawn: dict) -> tuple[dict, bool]:
    return {name: value for name, (value, _) in drawn.items()}, any(kind == "bad" for _, kind in drawn.values())


def counts():
    return [model.objects.count() for model in TABLES]


def check(response, is_bad: bool, before: list, ok=(302,)):
    """Never a 500 (the test client raises it); bad input is a 4xx; a refusal writes no row."""
    status = response.status_code
    if is_bad:
        assert 400 <= status < 500, status
    assert status in ok or 400 <= status < 500, status
    if status >= 400:
        assert counts() == before


def no_control_characters(*texts):
    assert not any(set(map(ord, t)) & CONTROL_CHARACTERS.keys() for t in texts)


@pytest.fixture
def gm(staff):
    return staff(Role.GENERAL_MANAGER)


@pytest.fixture
def consultant(staff):
    return staff(Role.SALES_CONSULTANT)


@pytest.fixture
def gm_client(gm, client_of):
    return client_of(gm)


def customer_fields():
    return {
        "name": text(50),
        "mobile": field(["13912345678", "+86 139-1234-5678"], ["12", "139123456789", "1" * 31]),
        "gender": field(["", "male", "female"], ["martian"]),
        "birthday": date_field(["1900-01-01", "1985-06-01", str(timezone.localdate())]),
        "occupation": text(50, ok=("工程师",), required=False),
        "source": field(["walk_in", "online"], ["martian", ""]),
        "marketing_consent": field(["", "on"]),
        "referrer_mobile": field([""], ["13800000000"]),
        "purchase_budget": number(["0", "189900.50"]),
        "planned_purchase_on": date_field(["2000-01-01", str(timezone.localdate() + timedelta(days=365))]),
        "notes": text(2000, ok=("老客户",), required=False),
    }


@FUZZ
@given(drawn=form(**customer_fields()))
def test_customer_create(drawn, gm_client):
    data, is_bad = split(drawn)
    before = counts()
    response = gm_client.post(reverse("customers:create"), data)
    check(response, is_bad, before)
    if response.status_code == 302:
        customer = Customer.objects.latest("pk")
        no_control_characters(customer.name, customer.occupation, customer.notes)


@FUZZ
@given(drawn=form(**customer_fields()))
def test_customer_edit(drawn, store, gm_client):
    customer = CustomerFactory(store=store, mobile="13912345678")
    data, is_bad = split(drawn)
    before, saved = counts(), model_to_dict(customer)
    response = gm_client.post(
        reverse("customers:edit", args=[customer.pk]), {**data, "row_version": customer.row_version}
    )
    check(response, is_bad, before)
    customer.refresh_from_db()
    if response.status_code >= 400:
        assert model_to_dict(customer) == saved
    customer.delete()


def vehicle_fields():
    today = timezone.localdate()
    return {
        "vin": field(["LFV2A21K8N3041234"], ["LFV2A21K8N304123", "I" * 17, "x" * 31]),
        "plate": field(["", "粤AD12345", "粤A12345"], ["粤12345", "ABCDEFG"]),
        "brand": text(30, ok=("大众",), required=False),
        "model_name": text(50, ok=("ID.4",), required=False),
        "status": field(["in_use", "sold"], ["martian", ""]),
        "purchase_date": date_field(["1980-01-01", "2024-05-01", str(today)]),
        "mileage": number(["0", "2000000"]),
        "warranty_end": date_field(["1980-01-01", str(today + timedelta(days=10 * 365))]),
        "extended_warranty_end": date_field([str(today + timedelta(days=14 * 365))]),
        "insurance_expiry": date_field(["2020-01-01", str(today + timedelta(days=365))]),
        "last_service_date": date_field([str(today)]),
        "last_service_mileage": number(["15000"]),
        "next_service_due_date": date_field([str(today + timedelta(days=4 * 365))]),
        "next_service_due_mileage": number(["30000"]),
    }


@FUZZ
@given(drawn=form(**vehicle_fields()))
def test_vehicle_create(drawn, store, gm_client):
    customer = CustomerFactory(store=store)
    data, is_bad = split(drawn)
    before = counts()
    check(gm_client.post(reverse("customers:vehicle_create", args=[customer.pk]), data), is_bad, before)
    Vehicle.objects.filter(owner=customer).delete()


@FUZZ
@given(drawn=form(**vehicle_fields()))
def test_vehicle_edit(drawn, store, gm_client):
    vehicle = VehicleFactory(owner__store=store)
    data, is_bad = split(drawn)
    before, saved = counts(), model_to_dict(vehicle)
    response = gm_client.post(
        reverse("customers:vehicle_edit", args=[vehicle.pk]), {**data, "row_version": vehicle.row_version}
    )
    check(response, is_bad, before)
    vehicle.refresh_from_db()
    if response.status_code >= 400:
        assert model_to_dict(vehicle) == saved
    vehicle.delete()


@FUZZ
@given(moment=moment_field(), price=number(["0", "189900"]), junk=NOISE)
def test_sale(moment, price, junk, store, consultant, gm_client):
    vehicle = VehicleFactory(owner__store=store, plate="")
    drawn = {"delivered_at": moment, "price": price, "vehicle": (str(vehicle.pk), "ok"), "consultant": junk}
    if junk[0] == "":
        drawn["consultant"] = (str(consultant.pk), "ok")
    data, is_bad = split(drawn)
    before = counts()
    check(gm_client.post(reverse("customers:sale_create", args=[vehicle.owner.pk]), data), is_bad, before)


@FUZZ
@given(
    drawn=form(
        contacted_at=moment_field(),
        channel=field(["phone", "wechat"], ["martian"]),
        content=text(500, ok=("问候",)),
        result=text(500, ok=("满意",), required=False),
    )
)
def test_follow_up(drawn, store, gm_client):
    customer = CustomerFactory(store=store)
    data, is_bad = split(drawn)
    before = counts()
    response = gm_client.post(reverse("customers:follow_up_create", args=[customer.pk]), data)
    check(response, is_bad, before)
    if response.status_code == 302:
        follow_up = FollowUp.objects.latest("pk")
        no_control_characters(follow_up.content, follow_up.result)


@FUZZ
@given(drawn=form(grade=field(["", "A", "C"], ["D", "AA"]), reason=text(200, ok=("老客户",), required=False)))
def test_grade(drawn, store, gm_client):
    customer = CustomerFactory(store=store)
    data, is_bad = split(drawn)
    before = counts()
    check(gm_client.post(reverse("customers:grade", args=[customer.pk]), data), is_bad, before)


@FUZZ
@given(drawn=form(note=text(200, ok=("本人要求",))))
def test_anonymize_note(drawn, store, gm_client):
    customer = CustomerFactory(store=store)
    data, is_bad = split(drawn)
    before, saved = counts(), model_to_dict(customer)
    response = gm_client.post(reverse("customers:anonymize", args=[customer.pk]), data)
    check(response, is_bad, before)
    customer.refresh_from_db()
    if response.status_code >= 400:
        assert model_to_dict(customer) == saved


@FUZZ
@given(drawn=form(kind=field(["vip", "gold_card"], ["fleet", "martian", ""])))
def test_membership_grant(drawn, store, gm_client):
    customer = CustomerFactory(store=store)
    data, is_bad = split(drawn)
    before = counts()
    check(gm_client.post(reverse("customers:membership_grant", args=[customer.pk]), data), is_bad, before)


@FUZZ
@given(drawn=form(note=text(200, ok=("损害声誉",))))
def test_membership_revoke_note(drawn, store, gm_client):
    membership = IndividualMembershipFactory(customer__store=store)
    data, is_bad = split(drawn)
    before = counts()
    check(gm_client.post(reverse("customers:membership_revoke", args=[membership.pk]), data), is_bad, before)
    membership.refresh_from_db()
    if membership.revoked_at:
        no_control_characters(membership.revocation_note)


@FUZZ
@given(
    drawn=form(
        name=text(100, ok=("顺丰速运",)),
        representative_mobile=field(["13912345678"], ["12", "13800000000", ""]),
        fleet_specialist=field([""], ["999999", "abc"]),
        local_plate_prefix=field(["", "粤A", "粤"], ["XX", "粤AB1"]),
    )
)
def test_fleet_create(drawn, store, gm_client):
    CustomerFactory(store=store, mobile="13912345678")
    data, is_bad = split(drawn)
    before = counts()
    check(gm_client.post(reverse("customers:fleet_create"), data), is_bad, before)
    FleetAccount.objects.all().delete()
    Customer.objects.filter(mobile="13912345678").delete()


@FUZZ
@given(drawn=form(vehicle=field(["LSVAU2180N7654321"], ["", "x" * 31, "粤Z99999"])))
def test_fleet_add_vehicle(drawn, store, gm_client):
    fleet = FleetAccountFactory(representative__store=store)
    VehicleFactory(owner__store=store, vin="LSVAU2180N7654321", bought_here=True)
    data, is_bad = split(drawn)
    before = counts()
    check(gm_client.post(reverse("customers:fleet_add_vehicle", args=[fleet.pk]), data), is_bad, before)
    Membership.objects.all().delete()
    Vehicle.objects.filter(vin="LSVAU2180N7654321").delete()


@FUZZ
@given(
    drawn=form(
        name=text(50, ok=("王先生",)),
        mobile=field(["", "13912345678"], ["12", "1" * 31]),
        interested_model=text(50, ok=("ID.4",), required=False),
        party_size=field(["1", "50"], ["0", "51", *BAD_NUMBERS]),
        visited_at=moment_field(),
        consultant=field([""], ["999999"]),
        referrer_mobile=field([""], ["13800000000", "12"]),
        notes=text(200, ok=("看车",), required=False),
    )
)
def test_showroom_visit(drawn, store, gm_client):
    data, is_bad = split(drawn)
    before = counts()
    response = gm_client.post(reverse("customers:showroom_visit_create"), data)
    check(response, is_bad, before)
    if response.status_code == 302:
        visit = ShowroomVisit.objects.select_related("prospect").latest("pk")
        no_control_characters(visit.notes, visit.prospect.name, visit.prospect.interested_model)


@FUZZ
@given(drawn=form(loss=number(["0", "500.00"], required=True), staff_member=field(["me"], ["999999", "abc", ""])))
def test_fake_referral(drawn, store, consultant, gm_client):
    referrer = CustomerFactory(store=store)
    visit = record_showroom_visit(store=store, prospect=None, name="王先生", referrer=referrer, by=consultant)
    data, is_bad = split(drawn)
    if data["staff_member"] == "me":
        data["staff_member"] = str(consultant.pk)
    before = counts()
    check(gm_client.post(reverse("customers:referral_flag_fake", args=[visit.referral.pk]), data), is_bad, before)
