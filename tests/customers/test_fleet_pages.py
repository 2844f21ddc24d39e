import pytest
from django.urls import reverse

from customers.models import FleetAccount, Membership
from organization.policies import current_policy, revise_policy
from organization.roles import Role
from tests.customers.helpers import page_of, shown
from tests.factories import CustomerFactory, FleetAccountFactory, FleetMembershipFactory, VehicleFactory


@pytest.fixture
def manager(staff):
    return staff(Role.GENERAL_MANAGER)


@pytest.fixture
def fleet(store):
    return FleetAccountFactory(representative__store=store, name="鹏程物流", local_plate_prefix="粤A")


def test_a_manager_opens_a_fleet_account(store, manager, client_of):
    representative = CustomerFactory(store=store, mobile="13828800002", name="石建国")
    data = {
        "name": "鹏程物流",
        "representative_mobile": "13828800002",
        "fleet_specialist": manager.pk,
        "local_plate_prefix": "粤a",
    }
    response = client_of(manager).post(reverse("customers:fleet_create"), data)
    fleet = FleetAccount.objects.get()
    assert response.status_code == 302 and response.url == fleet.get_absolute_url()
    assert fleet.representative == representative and fleet.local_plate_prefix == "粤A"
    assert fleet.status == FleetAccount.Status.FORMING


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "representative_mobile": "13828800002"},
        {"name": "车队", "representative_mobile": "12"},
        {"name": "车队", "representative_mobile": "13828800002", "local_plate_prefix": "AB"},
    ],
)
def test_bad_fleet_input_is_a_422(data, store, manager, client_of):
    CustomerFactory(store=store, mobile="13828800002")
    assert client_of(manager).post(reverse("customers:fleet_create"), data).status_code == 422
    assert not FleetAccount.objects.exists()


def test_vehicles_are_added_by_plate_and_shown_with_the_revocations(fleet, store, manager, client_of):
    local = VehicleFactory(owner__store=store, plate="粤A88888", bought_here=True)
    elsewhere = VehicleFactory(owner__store=store, plate="粤B88888", bought_here=True)
    client = client_of(manager)
    add = reverse("customers:fleet_add_vehicle", args=[fleet.pk])
    assert client.post(add, {"vehicle": "粤A88888"}).status_code == 302
    response = client.post(add, {"vehicle": elsewhere.vin})
    assert response.status_code == 422
    assert shown(
        "Member vehicles must be registered locally (plate starting with %(prefix)s).", prefix="粤A"
    ) in page_of(response)
    member = Membership.objects.get(vehicle=local)
    revoke = reverse("customers:membership_revoke", args=[member.pk])
    assert client.post(revoke, {"note": "恶意煽动"}).status_code == 302
    page = page_of(client.get(fleet.get_absolute_url()))
    assert page.count('data-testid="revocation-row"') == 1 and "恶意煽动" in page
    assert client.post(reverse("customers:membership_reapply", args=[member.pk])).status_code == 302
    page = page_of(client.get(fleet.get_absolute_url()))
    assert page.count('data-testid="member-row"') == 1


def test_activation_is_refused_below_the_minimum_with_a_message(fleet, manager, client_of):
    FleetMembershipFactory(fleet=fleet, vehicle__plate="粤A00001")
    response = client_of(manager).post(reverse("customers:fleet_activate", args=[fleet.pk]))
    assert response.status_code == 422
    assert shown(
        "A fleet needs at least %(minimum)s member vehicles bought here; it has %(count)s.", minimum=50, count=1
    ) in page_of(response)
    fleet.refresh_from_db()
    assert fleet.status == FleetAccount.Status.FORMING


def test_a_dissolved_fleet_reapplies_from_its_page(fleet, store, manager, client_of):
    revise_policy(current_policy(store), {"membership.fleet_min_vehicles": "1"}, by=manager, note="测试")
    member = FleetMembershipFactory(fleet=fleet, vehicle__plate="粤A00001")
    client = client_of(manager)
    assert client.post(reverse("customers:fleet_activate", args=[fleet.pk])).status_code == 302
    client.post(reverse("customers:membership_revoke", args=[member.pk]), {"note": "损害声誉"})
    fleet.refresh_from_db()
    assert fleet.status == FleetAccount.Status.DISSOLVED
    assert client.post(reverse("customers:fleet_reapply", args=[fleet.pk])).status_code == 302
    fleet.refresh_from_db()
    assert fleet.status == FleetAccount.Status.FORMING


def test_the_list_and_page_are_readable_by_staff_and_the_group_user(fleet, staff, group_user, client_of):
    for user in (staff(Role.SERVICE_ADVISOR), group_user):
        client = client_of(user)
        assert "鹏程物流" in page_of(client.get(reverse("customers:fleet_list")))
        assert client.get(fleet.get_absolute_url()).status_code == 200


def test_only_managers_change_fleets(fleet, store, staff, group_user, client_of):
    VehicleFactory(owner__store=store, plate="粤A88888", bought_here=True)
    add = reverse("customers:fleet_add_vehicle", args=[fleet.pk])
    assert client_of(staff(Role.SERVICE_ADVISOR)).post(add, {"vehicle": "粤A88888"}).status_code == 403
    assert client_of(group_user).post(add, {"vehicle": "粤A88888"}).status_code == 403
    assert not Membership.objects.exists()


def test_another_stores_fleet_answers_404(other_store, manager, client_of):
    theirs = FleetAccountFactory(representative__store=other_store)
    client = client_of(manager)
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.post(reverse("customers:fleet_activate", args=[theirs.pk])).status_code == 404
