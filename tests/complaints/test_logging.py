"""Customer service logs a complaint from the customer page (walk-in, phone, letter, SMS, online)."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from complaints.models import Complaint, Milestone, Route, Severity, Transition
from organization.roles import Role
from tests.factories import CustomerFactory, RepairOrderFactory, VehicleFactory


@pytest.fixture
def customer(cast):
    return CustomerFactory(store=cast.store, name="李女士")


@pytest.fixture
def vehicle(customer):
    return VehicleFactory(owner=customer)


def post(client, customer, **fields):
    data = {
        "submission": str(uuid.uuid4()),
        "source": Complaint.Source.PHONE,
        "raised_at": (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "category": Complaint.Category.VALID,
        "severity": Severity.GENERAL,
        "channel": Complaint.Channel.FACE_TO_FACE,
        "route": Route.CALLBACK,
        "description": "保养后车没洗",
    }
    data.update(fields)
    return client.post(reverse("complaints:log_for_customer", args=[customer.pk]), data)


def test_customer_service_logs_a_complaint_with_its_milestones(cast, customer, vehicle, client_of):
    order = RepairOrderFactory(store=cast.store, vehicle=vehicle, customer=customer)
    response = post(
        client_of(cast.customer_service),
        customer,
        department=cast.workshop.pk,
        vehicle=vehicle.pk,
        repair_order=order.pk,
    )

    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response.url == reverse("complaints:detail", args=[complaint.pk])
    assert (complaint.customer, complaint.vehicle, complaint.repair_order) == (customer, vehicle, order)
    assert complaint.customer_service == cast.customer_service
    assert list(complaint.involved.values_list("department", flat=True)) == [cast.workshop.pk]
    assert timezone.now() - complaint.raised_at > timedelta(hours=1)  # the time the customer called, not now
    assert complaint.milestones.filter(kind=Milestone.Kind.HAND_OVER).exists()
    assert Transition.objects.filter(complaint=complaint, action="log").count() == 1


def test_the_customer_page_offers_the_action_to_those_who_log_complaints(cast, customer, client_of, group_user):
    url = reverse("complaints:log_for_customer", args=[customer.pk])
    page = client_of(cast.customer_service).get(reverse("customers:detail", args=[customer.pk])).content.decode()
    assert url in page
    assert url not in client_of(group_user).get(reverse("customers:detail", args=[customer.pk])).content.decode()
    assert client_of(cast.technician).get(url).status_code == 403


def test_route_b_without_a_department_is_refused_and_nothing_is_saved(cast, customer, client_of):
    response = post(client_of(cast.customer_service), customer)

    assert response.status_code == 422
    assert gettext("Choose the department the complaint goes to.") in response.content.decode()
    assert not Complaint.objects.exists() and not Milestone.objects.exists()


def test_a_repair_order_of_another_vehicle_is_refused(cast, customer, vehicle, client_of):
    other = VehicleFactory(owner=customer)
    order = RepairOrderFactory(store=cast.store, vehicle=other, customer=customer)

    response = post(
        client_of(cast.customer_service),
        customer,
        department=cast.workshop.pk,
        vehicle=vehicle.pk,
        repair_order=order.pk,
    )

    assert response.status_code == 422
    assert gettext("This repair order is for another vehicle.") in response.content.decode()
    assert not Complaint.objects.exists()


def test_another_customers_vehicle_is_not_a_choice(cast, customer, client_of):
    stranger = VehicleFactory(owner=CustomerFactory(store=cast.store))

    response = post(client_of(cast.customer_service), customer, department=cast.workshop.pk, vehicle=stranger.pk)

    assert response.status_code == 422 and not Complaint.objects.exists()


def test_a_future_raised_at_is_refused(cast, customer, client_of):
    later = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")

    response = post(client_of(cast.customer_service), customer, department=cast.workshop.pk, raised_at=later)

    assert response.status_code == 422 and not Complaint.objects.exists()


def test_a_letter_is_never_face_to_face(cast, customer, client_of):
    post(
        client_of(cast.customer_service),
        customer,
        route=Route.FRONT_DESK,
        source=Complaint.Source.LETTER,
        department=cast.workshop.pk,
    )

    complaint = Complaint.objects.get()
    assert complaint.channel == Complaint.Channel.WRITTEN
    assert not complaint.involved.exists()  # route A: the after-sales manager dispatches


def test_sending_the_form_twice_logs_one_complaint(cast, customer, client_of):
    client = client_of(cast.customer_service)
    token = str(uuid.uuid4())

    first = post(client, customer, department=cast.workshop.pk, submission=token)
    second = post(client, customer, department=cast.workshop.pk, submission=token)

    assert first.status_code == second.status_code == 302
    assert Complaint.objects.count() == 1


def test_an_advisor_logging_it_hands_it_to_the_least_busy_specialist(cast, customer, client_of, staff, log):
    busy = cast.customer_service
    log()  # busy follows one open complaint
    idle = staff(Role.CUSTOMER_SERVICE)

    post(client_of(cast.advisor), customer, department=cast.workshop.pk)

    complaint = Complaint.objects.get(customer=customer)
    assert complaint.customer_service == idle != busy
    assert complaint.logged_by == cast.advisor


def test_another_stores_customer_answers_404(cast, other_store, client_of):
    stranger = CustomerFactory(store=other_store)
    assert (
        client_of(cast.customer_service).get(reverse("complaints:log_for_customer", args=[stranger.pk])).status_code
        == 404
    )
