"""Hypothesis drives the complaint form through its view: never a 500, bad input a 4xx, nothing half-saved."""

import uuid

from django.urls import reverse
from hypothesis import given

from complaints.models import Complaint, ComplaintDepartment, Milestone, Transition
from organization.submissions import SubmittedForm
from tests.customers.test_bad_input import FUZZ, field, form, moment_field, split, text
from tests.factories import CustomerFactory, VehicleFactory

MODELS = (Complaint, ComplaintDepartment, Milestone, Transition, SubmittedForm)


def counts():
    return [model.objects.count() for model in MODELS]


@FUZZ
@given(
    drawn=form(
        source=field(["walk_in", "phone", "letter", "sms", "online"], ["", "callback", "pigeon"]),
        raised_at=moment_field(),
        category=field(["valid", "vague", "related_vehicle"], ["", "rude"]),
        severity=field(["grumble", "general", "major"], ["", "apocalyptic"]),
        channel=field(["face_to_face", "written"], ["", "telepathy"]),
        route=field(["front_desk"], ["", "route_c"]),
        description=text(4000, ok=("车没洗干净",)),
        vehicle=field(["", "mine"], ["other", "-1", "abc"]),
        submission=field([str(uuid.uuid4())], ["", "not-a-token"]),
    )
)
def test_log_for_customer(drawn, cast, client_of):
    customer = CustomerFactory(store=cast.store)
    mine = VehicleFactory(owner=customer)
    other = VehicleFactory(owner=CustomerFactory(store=cast.store))
    values, is_bad = split(drawn)
    values["vehicle"] = {"mine": mine.pk, "other": other.pk}.get(values["vehicle"], values["vehicle"])
    values["submission"] = (
        str(uuid.uuid4()) if values["submission"] and drawn["submission"][1] == "ok" else values["submission"]
    )
    before = counts()

    response = client_of(cast.customer_service).post(reverse("complaints:log_for_customer", args=[customer.pk]), values)

    status = response.status_code
    if is_bad:
        assert 400 <= status < 500, status
    assert status == 302 or 400 <= status < 500, status
    if status >= 400:
        assert counts() == before
