"""A dissatisfied callback becomes a complaint in one step, linked to the call, raised when the call ended."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from complaints.models import Complaint, Route
from organization.roles import Role
from surveys.models import Callback
from tests.complaints.conftest import cast, log  # noqa: F401 (fixtures)
from tests.factories import CallbackFactory, CustomerFactory, VehicleFactory


@pytest.fixture
def dissatisfied(cast):  # noqa: F811
    """A service advisor's follow-up call, finished an hour ago, the customer not satisfied."""
    customer = CustomerFactory(store=cast.store)
    return CallbackFactory(
        customer=customer,
        vehicle=VehicleFactory(owner=customer),
        owner=cast.advisor,
        kind=Callback.Kind.SERVICE_FOLLOW_UP,
        completed_at=timezone.now() - timedelta(hours=1),
        reached=True,
        satisfied=False,
        notes="客户说异响还在",
    )


def send(client, callback, **fields):
    data = {
        "submission": str(uuid.uuid4()),
        "category": Complaint.Category.VALID,
        "severity": "general",
        "channel": "face_to_face",
        "route": Route.CALLBACK,
        "department": fields.pop("department"),
        "description": "异响还在",
    }
    return client.post(reverse("surveys:log_complaint", args=[callback.pk]), {**data, **fields})


def test_the_form_is_pre_filled_from_the_call(cast, dissatisfied, client_of):  # noqa: F811
    response = client_of(cast.advisor).get(reverse("surveys:log_complaint", args=[dissatisfied.pk]))

    form = response.context["form"]
    assert response.status_code == 200
    assert form.initial["route"] == Route.CALLBACK
    assert form.initial["department"] == cast.after_sales
    assert form.initial["vehicle"] == dissatisfied.vehicle
    assert form.initial["description"] == "客户说异响还在"
    assert "raised_at" not in form.fields and "source" not in form.fields


def test_an_advisors_call_becomes_a_linked_complaint_the_least_busy_specialist_hands_over(
    cast,  # noqa: F811
    log,  # noqa: F811
    dissatisfied,
    staff,
    client_of,
):
    log()  # the cast's specialist already follows one
    idle = staff(Role.CUSTOMER_SERVICE)

    response = send(client_of(cast.advisor), dissatisfied, department=cast.workshop.pk, vehicle=dissatisfied.vehicle_id)

    dissatisfied.refresh_from_db()
    complaint = dissatisfied.complaint
    assert response.status_code == 302 and response.url == reverse("complaints:detail", args=[complaint.pk])
    assert complaint.raised_at == dissatisfied.completed_at
    assert complaint.source == Complaint.Source.CALLBACK
    assert complaint.logged_by == cast.advisor
    assert complaint.customer_service == idle
    assert complaint.customer == dissatisfied.customer


def test_a_second_attempt_goes_to_the_existing_complaint(cast, dissatisfied, client_of):  # noqa: F811
    client = client_of(cast.advisor)
    send(client, dissatisfied, department=cast.workshop.pk)
    complaint = Complaint.objects.get()

    again = send(client, dissatisfied, department=cast.workshop.pk)
    page = client.get(reverse("surveys:log_complaint", args=[dissatisfied.pk]))

    assert again.status_code == page.status_code == 302
    assert again.url == page.url == reverse("complaints:detail", args=[complaint.pk])
    assert Complaint.objects.count() == 1


def test_a_satisfied_call_cannot_be_logged(cast, dissatisfied, client_of):  # noqa: F811
    Callback.objects.filter(pk=dissatisfied.pk).update(satisfied=True)

    response = send(client_of(cast.advisor), dissatisfied, department=cast.workshop.pk)

    assert response.status_code == 302 and response.url == reverse("surveys:callback_detail", args=[dissatisfied.pk])
    assert not Complaint.objects.exists()


def test_bad_input_is_refused_and_leaves_the_call_unlinked(cast, dissatisfied, client_of):  # noqa: F811
    response = send(client_of(cast.advisor), dissatisfied, department="")

    assert response.status_code == 422
    assert gettext("Choose the department the complaint goes to.") in response.content.decode()
    dissatisfied.refresh_from_db()
    assert dissatisfied.complaint is None and not Complaint.objects.exists()


def test_someone_elses_call_answers_404(cast, dissatisfied, staff, client_of):  # noqa: F811
    other_advisor = staff(Role.SERVICE_ADVISOR)
    assert client_of(other_advisor).get(reverse("surveys:log_complaint", args=[dissatisfied.pk])).status_code == 404


def test_my_callbacks_offers_log_a_complaint_then_links_it(cast, dissatisfied, client_of):  # noqa: F811
    client = client_of(cast.advisor)
    log_url = reverse("surveys:log_complaint", args=[dissatisfied.pk])
    assert log_url in client.get(reverse("surveys:my_callbacks"), {"outcome": "dissatisfied"}).content.decode()
    assert log_url in client.get(reverse("surveys:callback_detail", args=[dissatisfied.pk])).content.decode()

    send(client, dissatisfied, department=cast.workshop.pk)

    listing = client.get(reverse("surveys:my_callbacks"), {"outcome": "dissatisfied"}).content.decode()
    assert reverse("complaints:detail", args=[Complaint.objects.get().pk]) in listing
    assert log_url not in listing
