import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from customers.deliveries import deliver_vehicle
from customers.models import Membership, Prospect, Referral, ReferralReward
from customers.prospects import link_prospect_to_customer, record_showroom_visit
from customers.referrals import convert_referral, fine_for_fake, flag_fake_referral, record_service_referral
from organization.policies import current_policy
from organization.roles import Role
from tests.factories import CustomerFactory, IndividualMembershipFactory, VehicleFactory

K = ReferralReward.Kind


@pytest.fixture
def consultant(staff):
    return staff(Role.SALES_CONSULTANT)


def first_visit(store, consultant, referrer, **fields):
    return record_showroom_visit(
        store=store,
        prospect=None,
        name="黄先生",
        mobile="13560001122",
        consultant=consultant,
        referrer=referrer,
        by=consultant,
        **fields,
    )


def test_a_referral_is_noted_on_the_first_visit_only(store, consultant):
    referrer = CustomerFactory(store=store)
    visit = first_visit(store, consultant, referrer)
    assert visit.is_first_visit and visit.referral.referrer == referrer
    with pytest.raises(ValidationError):
        record_showroom_visit(store=store, prospect=visit.prospect, referrer=referrer, by=consultant)
    again = record_showroom_visit(store=store, prospect=visit.prospect, by=consultant)
    assert not again.is_first_visit and Referral.objects.count() == 1


def test_a_converted_referral_rewards_both_sides_and_fuel_for_a_gold_card(store, consultant):
    referrer = CustomerFactory(store=store)
    IndividualMembershipFactory(customer=referrer, kind=Membership.Kind.GOLD_CARD)
    visit = first_visit(store, consultant, referrer)
    buyer = CustomerFactory(store=store, mobile="13560001122")
    link_prospect_to_customer(visit.prospect, buyer)
    vehicle = VehicleFactory(owner=buyer)
    deliver_vehicle(vehicle=vehicle, buyer=buyer, consultant=consultant, delivered_at=timezone.now(), by=consultant)
    referral = Referral.objects.get()
    assert referral.status == Referral.Status.CONVERTED and referral.referred_customer == buyer
    rewards = set(ReferralReward.objects.values_list("customer", "kind", "amount"))
    assert rewards == {
        (referrer.pk, K.BASIC_SERVICE, None),
        (buyer.pk, K.BASIC_SERVICE, None),
        (referrer.pk, K.FUEL, Decimal("100.00")),
    }


def test_seed_003_service_referral_does_not_combine_with_the_polish_voucher(store, consultant):
    referrer, newcomer = CustomerFactory(store=store), CustomerFactory(store=store)
    referral = record_service_referral(referrer=referrer, referred_customer=newcomer, by=consultant)
    convert_referral(referral, customer=newcomer, by=consultant, polish_voucher_given=True)
    assert list(ReferralReward.objects.values_list("customer", flat=True)) == [referrer.pk]
    with pytest.raises(ValidationError):
        convert_referral(referral, customer=newcomer, by=consultant)


def test_a_fake_referral_fines_half_the_loss_and_voids_its_rewards(store, consultant, staff):
    manager = staff(Role.GENERAL_MANAGER)
    referrer, newcomer = CustomerFactory(store=store), CustomerFactory(store=store)
    referral = convert_referral(
        record_service_referral(referrer=referrer, referred_customer=newcomer, by=consultant),
        customer=newcomer,
        by=consultant,
    )
    flagged = flag_fake_referral(referral, loss=Decimal("666.66"), staff_member=consultant, by=manager)
    assert flagged.status == Referral.Status.FAKE and flagged.fine == Decimal("333.33")
    assert flagged.fined_staff == consultant
    assert not ReferralReward.objects.filter(voided_at=None).exists()
    assert fine_for_fake(Decimal(100), current_policy(store)) == Decimal("50.00")


def test_the_showroom_page_logs_a_visit_with_its_referrer(store, consultant, client_of):
    CustomerFactory(store=store, mobile="13700001111", name="老客户")
    client = client_of(consultant)
    data = {
        "name": "黄先生",
        "mobile": "135 6000 1122",
        "party_size": "2",
        "visited_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "referrer_mobile": "13700001111",
        "submission": str(uuid.uuid4()),
    }
    assert client.post(reverse("customers:showroom_visit_create"), data).status_code == 302
    assert Prospect.objects.get().mobile == "13560001122"
    assert "老客户" in client.get(reverse("customers:showroom")).content.decode()
    for bad in (
        {**data, "party_size": "0"},
        {**data, "referrer_mobile": "13000000000"},
        {**data, "visited_at": "2999-01-01T00:00"},
    ):
        bad["submission"] = str(uuid.uuid4())  # a new form each time: a used token redirects
        assert client.post(reverse("customers:showroom_visit_create"), bad).status_code == 422
    assert Prospect.objects.count() == 1


def test_the_fake_flag_page_is_for_managers(store, consultant, staff, client_of):
    referrer, newcomer = CustomerFactory(store=store), CustomerFactory(store=store)
    referral = record_service_referral(referrer=referrer, referred_customer=newcomer, by=consultant)
    url = reverse("customers:referral_flag_fake", args=[referral.pk])
    assert client_of(consultant).post(url, {"loss": "100", "staff_member": consultant.pk}).status_code == 403
    manager_client = client_of(staff(Role.GENERAL_MANAGER))
    assert manager_client.post(url, {"loss": "-1", "staff_member": consultant.pk}).status_code == 422
    assert manager_client.post(url, {"loss": "100", "staff_member": consultant.pk}).status_code == 302
    referral.refresh_from_db()
    assert referral.fine == Decimal("50.00")
