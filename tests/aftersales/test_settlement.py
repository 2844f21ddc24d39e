from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from aftersales.settlement import (
    APPOINTMENT_DISCOUNT,
    AppointmentDiscount,
    FreeLabor,
    JobType,
    Line,
    LineKind,
    Order,
    membership_kind,
    settle,
)
from customers.models import FleetAccount, Membership
from organization.policies import Unit, current_policy, define, revise_policy
from organization.roles import Role
from tests.factories import FleetMembershipFactory, IndividualMembershipFactory

D = Decimal
FLEET, VIP = Membership.Kind.FLEET, Membership.Kind.VIP


@pytest.fixture
def policy(store):
    return current_policy(store)


def revised(store, **changes):
    """The store's policy with `changes` (stored key with dots as double underscores: text)."""
    changes = {key.replace("__", "."): text for key, text in changes.items()}
    return revise_policy(current_policy(store), changes, by=None, note="试行")


def order(policy, job_type=JobType.REPAIR, booked=False, membership=None):
    return Order(job_type, booked, membership, policy)


def one(line, an_order):
    return settle([line], an_order).lines[0]


def labor(amount, **fields):
    return Line(LineKind.LABOR, D(amount), **fields)


def test_no_membership_and_no_appointment_pays_list_price(policy):
    priced = one(labor("300"), order(policy))
    assert (priced.list_amount, priced.discount, priced.payable) == (D("300.00"), D("0.00"), D("300.00"))
    assert priced.reason == gettext("List price")


@pytest.mark.parametrize(
    "kind, payable",
    [
        (LineKind.LABOR, D("70.00")),
        (LineKind.PART, D("95.00")),
        (LineKind.PAINT_LABOR, D("80.00")),
        (LineKind.ACCESSORY, D("90.00")),
    ],
)
def test_a_fleet_member_pays_the_member_share_of_each_line_kind(policy, kind, payable):
    priced = one(Line(kind, D("100")), order(policy, membership=FLEET))
    assert priced.payable == payable and priced.discount == D("100.00") - payable
    assert priced.reason == gettext("Fleet member rate")


def test_vip_rates_give_nothing_by_default_but_apply_when_set(store, policy):
    assert one(labor("100"), order(policy, membership=VIP)).payable == D("100.00")
    vip_policy = revised(store, discounts__vip_labor_percent="85")
    priced = one(labor("100"), order(vip_policy, membership=VIP))
    assert priced.payable == D("85.00") and priced.reason == gettext("VIP member rate")


def test_an_insurance_claim_gets_no_member_discount(policy):
    priced = one(labor("100"), order(policy, job_type=JobType.INSURANCE_CLAIM, membership=FLEET))
    assert priced.payable == D("100.00") and priced.reason == gettext("List price")


def test_the_appointment_discount_takes_20_percent_off_labor_on_booked_maintenance(policy):
    an_order = order(policy, job_type=JobType.MAINTENANCE, booked=True)
    result = settle([labor("250"), Line(LineKind.PART, D("400"))], an_order)
    assert [line.payable for line in result.lines] == [D("200.00"), D("400.00")]
    assert result.lines[0].reason == gettext("Appointment discount on labor")


@pytest.mark.parametrize(
    "job_type", [JobType.REPAIR, JobType.BODY_AND_PAINT, JobType.WARRANTY, JobType.INSURANCE_CLAIM]
)
def test_the_appointment_discount_applies_to_maintenance_orders_only(policy, job_type):
    assert one(labor("250"), order(policy, job_type=job_type, booked=True)).payable == D("250.00")


def test_a_maintenance_order_not_booked_gets_no_appointment_discount(policy):
    assert one(labor("250"), order(policy, job_type=JobType.MAINTENANCE, booked=False)).payable == D("250.00")


def test_member_and_appointment_discounts_do_not_stack_the_member_rate_wins_when_better(policy):
    # Fleet pays 70% of labor; the appointment gives 80%: the fleet rate alone applies.
    priced = one(labor("100"), order(policy, job_type=JobType.MAINTENANCE, booked=True, membership=FLEET))
    assert priced.payable == D("70.00") and priced.discount == D("30.00")
    assert priced.reason == gettext("Fleet member rate")


def test_member_and_appointment_discounts_do_not_stack_the_appointment_wins_when_better(store):
    policy = revised(store, discounts__fleet_labor_percent="90")
    priced = one(labor("100"), order(policy, job_type=JobType.MAINTENANCE, booked=True, membership=FLEET))
    assert priced.payable == D("80.00") and priced.discount == D("20.00")
    assert priced.reason == gettext("Appointment discount on labor")


def test_per_line_the_better_one_applies(store):
    policy = revised(store, settlement__appointment_discount=AppointmentDiscount.PARTS_PERCENT)
    an_order = order(policy, job_type=JobType.MAINTENANCE, booked=True, membership=FLEET)
    labor_line, part_line = settle([labor("100"), Line(LineKind.PART, D("100"))], an_order).lines
    assert (labor_line.payable, labor_line.reason) == (D("70.00"), gettext("Fleet member rate"))
    assert (part_line.payable, part_line.reason) == (D("90.00"), gettext("Appointment discount on parts"))


def test_the_parts_policy_gives_10_percent_off_parts_and_nothing_on_labor(store):
    policy = revised(store, settlement__appointment_discount=AppointmentDiscount.PARTS_PERCENT)
    an_order = order(policy, job_type=JobType.MAINTENANCE, booked=True)
    labor_line, part_line = settle([labor("300"), Line(LineKind.PART, D("450"), quantity=D(2))], an_order).lines
    assert labor_line.payable == D("300.00")
    assert part_line.list_amount == D("900.00") and part_line.payable == D("810.00")


def test_the_voucher_policy_gives_20_yuan_of_labor_per_full_100_spent(store):
    policy = revised(store, settlement__appointment_discount=AppointmentDiscount.LABOR_VOUCHER)
    an_order = order(policy, job_type=JobType.MAINTENANCE, booked=True)
    small, large, part = settle([labor("99"), labor("350"), Line(LineKind.PART, D("500"))], an_order).lines
    assert small.payable == D("99.00")
    assert large.payable == D("290.00") and large.reason == gettext("Appointment labor voucher")
    assert part.payable == D("500.00")


def test_the_policy_values_of_the_selected_discount_are_used(store):
    policy = revised(store, settlement__appointment_labor_percent_off="15")
    assert one(labor("200"), order(policy, job_type=JobType.MAINTENANCE, booked=True)).payable == D("170.00")


@pytest.mark.parametrize("item", FreeLabor.values)
def test_no_labor_charge_for_the_free_labor_items(policy, item):
    priced = one(labor("80", free_labor=item), order(policy, membership=FLEET))
    assert (priced.list_amount, priced.discount, priced.payable) == (D("80.00"), D("80.00"), D("0.00"))
    assert priced.reason == gettext("No labor charge for %(item)s") % {"item": FreeLabor(item).label}


def test_a_free_labor_item_switched_off_is_charged(store):
    policy = revised(store, settlement__free_labor_wipers="0")
    assert one(labor("80", free_labor=FreeLabor.WIPERS), order(policy)).payable == D("80.00")


def test_one_tyre_includes_no_free_alignment(policy):
    lines = [Line(LineKind.PART, D("800"), tyre=True), labor("200", wheel_alignment=True)]
    assert settle(lines, order(policy)).lines[1].payable == D("200.00")


def test_two_tyres_include_a_free_wheel_alignment(policy):
    lines = [Line(LineKind.PART, D("800"), quantity=D(2), tyre=True), labor("200", wheel_alignment=True)]
    alignment = settle(lines, order(policy)).lines[1]
    assert alignment.payable == D("0.00") and alignment.discount == D("200.00")
    assert alignment.reason == gettext("Free wheel alignment with the tyres replaced")


def test_two_tyres_on_separate_lines_count_together_and_other_parts_do_not(policy):
    tyre = Line(LineKind.PART, D("800"), tyre=True)
    alignment = labor("200", wheel_alignment=True)
    assert settle([tyre, tyre, alignment], order(policy)).lines[2].payable == D("0.00")
    oil = Line(LineKind.PART, D("300"), quantity=D(4))
    assert settle([tyre, oil, alignment], order(policy)).lines[2].payable == D("200.00")


def test_a_fleet_member_pays_no_diagnostic_or_check_fee(policy):
    fee = Line(LineKind.CHECK_FEE, D("150"))
    fleet = one(fee, order(policy, membership=FLEET))
    assert fleet.payable == D("0.00") and fleet.reason == gettext("No diagnostic or check fee for fleet members")
    assert one(fee, order(policy, membership=VIP)).payable == D("150.00")
    assert one(fee, order(policy)).payable == D("150.00")


def test_the_check_fee_is_charged_when_the_fleet_entitlement_is_off(store):
    policy = revised(store, membership__fleet_free_checks="0")
    assert one(Line(LineKind.CHECK_FEE, D("150")), order(policy, membership=FLEET)).payable == D("150.00")


def test_a_fleet_rescue_inside_the_home_region_costs_nothing(policy):
    priced = one(Line(LineKind.RESCUE, D("260"), inside_home_region=True), order(policy, membership=FLEET))
    assert priced.payable == D("0.00") and priced.reason == gettext(
        "Free rescue inside the home region for fleet members"
    )


def test_a_rescue_outside_the_home_region_charges_fuel_and_tolls(policy):
    priced = one(Line(LineKind.RESCUE, D("260")), order(policy, membership=FLEET))
    assert priced.payable == D("260.00") and priced.reason == gettext("Rescue: fuel and tolls charged")


def test_a_rescue_for_a_non_member_is_charged_inside_the_region_too(policy):
    assert one(Line(LineKind.RESCUE, D("260"), inside_home_region=True), order(policy)).payable == D("260.00")


def test_each_line_is_rounded_to_the_fen_half_up_once(policy):
    # 1.5 h × 123.45 = 185.175 list; the fleet pays 70% = 129.6225.
    priced = one(labor("123.45", quantity=D("1.5")), order(policy, membership=FLEET))
    assert priced.list_amount == D("185.18") and priced.payable == D("129.62") and priced.discount == D("55.56")
    # 0.7 × 0.15 = 0.105 rounds half up to 0.11, not to the even 0.10.
    assert one(labor("0.15"), order(policy, membership=FLEET)).payable == D("0.11")


def test_a_voucher_is_redeemed_as_a_negative_line_and_the_totals_add_up(policy):
    lines = [labor("300"), Line(LineKind.PART, D("200")), Line(LineKind.VOUCHER, D("-100"))]
    result = settle(lines, order(policy, membership=FLEET))
    assert result.lines[2].payable == D("-100.00") and result.lines[2].reason == gettext("Voucher redeemed")
    assert result.list_total == D("400.00")
    assert result.discount_total == D("100.00")
    assert result.payable_total == D("210.00") + D("190.00") - D("100.00")


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": LineKind.LABOR, "list_price": D("-1")},
        {"kind": LineKind.VOUCHER, "list_price": D("100")},
        {"kind": LineKind.PART, "list_price": D("10"), "quantity": D(0)},
    ],
)
def test_an_impossible_line_is_refused(fields):
    with pytest.raises(ValueError):
        Line(**fields)


def test_money_must_be_decimal():
    with pytest.raises(TypeError):
        Line(LineKind.LABOR, 100.0)


def test_the_appointment_discount_is_one_of_the_listed_options(store):
    with pytest.raises(ValidationError):
        APPOINTMENT_DISCOUNT.clean("half_price")
    with pytest.raises(ValueError):
        APPOINTMENT_DISCOUNT.parse("half_price")
    assert current_policy(store).value(APPOINTMENT_DISCOUNT) == AppointmentDiscount.LABOR_PERCENT


def test_the_policy_page_shows_the_settlement_keys_and_saves_a_selection(store, staff, client_of):
    from tests.organization.test_policies import policy_post

    client = client_of(staff(Role.GENERAL_MANAGER))
    page = client.get(reverse("organization:policies")).content.decode()
    assert '<select name="settlement.appointment_discount"' in page
    for key in (
        "appointment_labor_percent_off",
        "appointment_voucher_yuan",
        "free_labor_wipers",
        "free_alignment_min_tyres",
    ):
        assert f'name="settlement.{key}"' in page
    assert str(AppointmentDiscount.LABOR_VOUCHER.label) in page
    base = current_policy(store)
    post = policy_post(base, **{"settlement.appointment_discount": AppointmentDiscount.LABOR_VOUCHER})
    assert client.post(reverse("organization:policies"), post).status_code == 302
    assert current_policy(store).value(APPOINTMENT_DISCOUNT) == AppointmentDiscount.LABOR_VOUCHER


def test_the_policy_page_refuses_an_unknown_appointment_discount(store, staff, client_of):
    from tests.organization.test_policies import policy_post

    client = client_of(staff(Role.GENERAL_MANAGER))
    base = current_policy(store)
    response = client.post(
        reverse("organization:policies"), policy_post(base, **{"settlement.appointment_discount": "x"})
    )
    assert response.status_code == 422
    assert current_policy(store) == base


def test_a_choice_policy_key_must_name_its_options():
    with pytest.raises(ImproperlyConfigured):
        define("settlement.test_choice_without_options", "s", "l", Unit.CHOICE)
    with pytest.raises(ImproperlyConfigured):
        define("settlement.test_options_without_choice", "s", "l", Unit.PERCENT, choices=AppointmentDiscount)


def test_only_an_active_membership_of_an_active_fleet_gives_member_rates(store, policy):
    member = FleetMembershipFactory(fleet__representative__store=store, fleet__status=FleetAccount.Status.ACTIVE)
    assert membership_kind(member, policy) == FLEET
    assert membership_kind(IndividualMembershipFactory(customer__store=store), policy) == VIP
    assert membership_kind(None, policy) is None
    member.fleet.status = FleetAccount.Status.DISSOLVED
    assert membership_kind(member, policy) is None
    member.fleet.status = FleetAccount.Status.ACTIVE
    member.revoked_at = timezone.now()
    assert membership_kind(member, policy) is None
