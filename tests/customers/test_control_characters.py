"""NUL and other control characters a person cannot type never reach a view (organization.middleware)."""

import uuid

import pytest
from django.urls import reverse

from customers.models import FollowUp, VipReception
from organization.roles import Role
from tests.factories import CustomerFactory, IndividualMembershipFactory
from tests.services.conftest import require_postgresql

CONTROLS = "\x00\x01\x07\x08\x0b\x0c\x1b\x1f"


@pytest.mark.parametrize("param", ["q", "grade", "membership", "page"])
def test_postgresql_answers_a_list_query_with_a_nul_byte(param, store, staff, client_of):
    require_postgresql()
    CustomerFactory(store=store, name="张伟明")
    response = client_of(staff(Role.SERVICE_ADVISOR)).get(reverse("customers:list"), {param: "张\x00伟"})
    assert response.status_code == 200


def test_postgresql_records_a_vip_reception_whose_note_has_a_nul_byte(store, staff, client_of):
    require_postgresql()
    vip = IndividualMembershipFactory(customer__store=store).customer
    response = client_of(staff(Role.FRONT_DESK_SUPERVISOR)).post(
        reverse("customers:vip_reception", args=[vip.pk]), {"notes": "茶\x00水", "submission": str(uuid.uuid4())}
    )
    assert response.status_code == 302
    assert VipReception.objects.get().notes == "茶水"


def test_control_characters_are_dropped_from_what_a_person_sends_but_tabs_and_new_lines_stay(store, staff, client_of):
    customer = CustomerFactory(store=store)
    data = {
        "contacted_at": "2026-11-01T10:00",
        "channel": "phone",
        "content": f"问{CONTROLS}候",
        "result": "好\t\r\n的",
    }
    response = client_of(staff(Role.SERVICE_ADVISOR)).post(
        reverse("customers:follow_up_create", args=[customer.pk]), data
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert follow_up.content == "问候" and follow_up.result == "好\t\r\n的"


def test_a_search_with_control_characters_searches_for_the_rest(store, staff, client_of):
    CustomerFactory(store=store, name="张伟明")
    CustomerFactory(store=store, name="李娜")
    response = client_of(staff(Role.SERVICE_ADVISOR)).get(reverse("customers:list"), {"q": "伟\x01明"})
    assert response.status_code == 200
    assert [c.name for c in response.context["page"]] == ["张伟明"]
