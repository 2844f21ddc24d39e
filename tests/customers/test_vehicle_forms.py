import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from customers.models import Membership, Vehicle
from customers.validation import normalize_plate
from organization.roles import Role
from tests.customers.helpers import page_of, shown, vehicle_post
from tests.factories import CustomerFactory, FleetMembershipFactory, VehicleFactory

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
JUNK = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=25)


@pytest.fixture
def customer(store):
    return CustomerFactory(store=store)


@pytest.fixture
def advisor_client(staff, client_of):
    return client_of(staff(Role.SERVICE_ADVISOR))


def create(customer):
    return reverse("customers:vehicle_create", args=[customer.pk])


def edit(vehicle):
    return reverse("customers:vehicle_edit", args=[vehicle.pk])


@pytest.mark.parametrize("plate", ["粤AD12345", "粤A12345D", "粤A12345", ""])
def test_a_vehicle_is_registered_with_any_mainland_plate_or_none_yet(plate, customer, advisor_client):
    response = advisor_client.post(create(customer), vehicle_post(plate=plate, vin="lfv2a21k8n3041234"))
    assert response.status_code == 302
    vehicle = Vehicle.objects.get()
    assert vehicle.owner == customer and vehicle.store == customer.store
    assert vehicle.vin == "LFV2A21K8N3041234" and vehicle.plate == plate


def test_a_wrong_check_digit_warns_but_saves(customer, advisor_client):
    response = advisor_client.post(create(customer), vehicle_post(vin="LFV2A21K1N3041234"), follow=True)
    assert Vehicle.objects.filter(vin="LFV2A21K1N3041234").exists()
    assert shown(
        "The VIN's check digit does not match; saved anyway (imported cars may differ). Check it: %(vin)s",
        vin="LFV2A21K1N3041234",
    ) in page_of(response)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"vin": "LFV2A21K8N304123"}, "A VIN has exactly 17 characters."),
        ({"vin": "LFV2A21K8N30412O4"}, "A VIN contains only digits and letters other than I, O and Q."),
        ({"plate": "粤12345"}, "Enter a mainland plate such as 粤A12345, or a new-energy plate such as 粤AD12345."),
        ({"purchase_date": "2999-01-01"}, "The purchase date cannot be in the future."),
    ],
)
def test_bad_input_is_refused_with_a_message(changes, message, customer, advisor_client):
    response = advisor_client.post(create(customer), vehicle_post(**changes))
    assert response.status_code == 422
    assert shown(message) in page_of(response)
    assert not Vehicle.objects.exists()


def test_a_duplicate_vin_is_refused_with_a_link(customer, store, advisor_client):
    existing = VehicleFactory(owner__store=store, vin="LFV2A21K8N3041234")
    response = advisor_client.post(create(customer), vehicle_post())
    assert response.status_code == 422
    assert reverse("customers:detail", args=[existing.owner.pk]) in page_of(response)
    assert Vehicle.objects.count() == 1


def _bad_plate(text):
    try:
        normalize_plate(text)
    except Exception:
        return True
    return False


@FUZZ
@given(vin=JUNK.filter(lambda s: len(s.strip()) != 17), plate=JUNK.filter(_bad_plate), mileage=JUNK)
def test_junk_is_a_422_and_nothing_is_saved(vin, plate, mileage, customer, advisor_client):
    response = advisor_client.post(create(customer), vehicle_post(vin=vin, plate=plate, mileage=mileage))
    assert response.status_code == 422
    assert not Vehicle.objects.exists()


def test_the_second_of_two_concurrent_vehicle_edits_is_refused(customer, advisor_client):
    vehicle = VehicleFactory(owner=customer, vin="LFV2A21K8N3041234")
    assert advisor_client.post(edit(vehicle), vehicle_post(mileage="1000", row_version=0)).status_code == 302
    response = advisor_client.post(edit(vehicle), vehicle_post(mileage="2000", row_version=0))
    assert response.status_code == 422 and "已被他人修改" in page_of(response)
    vehicle.refresh_from_db()
    assert vehicle.mileage == 1000


def test_a_vehicle_marked_scrapped_loses_its_membership(store, advisor_client):
    member = FleetMembershipFactory(fleet__representative__store=store, vehicle__vin="LFV2A21K8N3041234")
    data = vehicle_post(status="scrapped", row_version=0, plate=member.vehicle.plate, bought_here="on")
    assert advisor_client.post(edit(member.vehicle), data).status_code == 302
    member.refresh_from_db()
    assert member.revoked_reason == Membership.RevocationReason.VEHICLE_SCRAPPED


def test_another_stores_vehicle_answers_404(other_store, advisor_client):
    theirs = VehicleFactory(owner__store=other_store)
    assert advisor_client.get(edit(theirs)).status_code == 404
    assert advisor_client.post(create(theirs.owner), vehicle_post()).status_code == 404


def test_a_technician_may_not_register_vehicles(customer, staff, client_of):
    assert client_of(staff(Role.TECHNICIAN)).post(create(customer), vehicle_post()).status_code == 403


PLATE_WARNING = (
    "Plate %(plate)s is also on a vehicle of %(customer)s; plates move between owners, so check which file is current."
)


def plate_warning_start(plate):
    """The warning up to the other customer's name (which is a link)."""
    return shown(PLATE_WARNING, plate=plate, customer="\0").split("\0")[0]


def test_a_plate_already_on_another_customers_vehicle_is_saved_with_a_warning_and_a_link(
    customer, store, advisor_client
):
    previous_owner = CustomerFactory(store=store, name="欧阳娜")
    VehicleFactory(owner=previous_owner, plate="粤AD12345")
    response = advisor_client.post(
        create(customer), vehicle_post(plate="粤AD12345", vin="lfv2a21k8n3041234"), follow=True
    )
    assert Vehicle.objects.filter(owner=customer, plate="粤AD12345").exists()
    page = page_of(response)
    assert plate_warning_start("粤AD12345") in page
    assert f'<a href="{reverse("customers:detail", args=[previous_owner.pk])}">欧阳娜</a>' in page


def test_editing_a_vehicle_to_a_plate_on_another_customers_vehicle_warns(customer, store, advisor_client):
    previous_owner = CustomerFactory(store=store, name="欧阳娜")
    VehicleFactory(owner=previous_owner, plate="粤AD12345")
    vehicle = VehicleFactory(owner=customer, plate="粤A12345")
    response = advisor_client.post(
        edit(vehicle), vehicle_post(plate="粤AD12345", vin=vehicle.vin, row_version=vehicle.row_version), follow=True
    )
    vehicle.refresh_from_db()
    assert vehicle.plate == "粤AD12345"
    assert plate_warning_start("粤AD12345") in page_of(response)


def test_a_plate_on_the_same_customers_other_vehicle_gives_no_warning(customer, advisor_client):
    VehicleFactory(owner=customer, plate="粤AD12345", vin="LSVAU2180N2183294")
    response = advisor_client.post(
        create(customer), vehicle_post(plate="粤AD12345", vin="lfv2a21k8n3041234"), follow=True
    )
    assert response.status_code == 200
    assert plate_warning_start("粤AD12345") not in page_of(response)


def test_a_stale_vehicle_form_after_a_delivery_is_refused_and_the_delivery_kept(customer, staff, client_of):
    vehicle = VehicleFactory(owner=customer, vin="LFV2A21K8N3041234", plate="", bought_here=False, purchase_date=None)
    advisor = client_of(staff(Role.SERVICE_ADVISOR))
    assert 'name="row_version" value="0"' in page_of(advisor.get(edit(vehicle)))
    consultant = staff(Role.SALES_CONSULTANT)
    sale = {"vehicle": vehicle.pk, "consultant": consultant.pk, "delivered_at": "2026-01-20T15:30", "price": ""}
    delivery = client_of(consultant).post(reverse("customers:sale_create", args=[customer.pk]), sale)
    assert delivery.status_code == 302
    stale = client_of(staff(Role.SERVICE_ADVISOR)).post(
        edit(vehicle), vehicle_post(plate="", mileage="1500", row_version=0)
    )
    assert stale.status_code == 422
    assert shown("Someone else changed this record while you were editing it. Reload the page and try again.") in (
        page_of(stale)
    )
    assert 'value="1500"' in page_of(stale)  # the advisor's input is shown again, not lost
    vehicle.refresh_from_db()
    assert vehicle.bought_here and str(vehicle.purchase_date) == "2026-01-20" and vehicle.mileage != 1500
