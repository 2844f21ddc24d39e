"""A double click or a retried request creates nothing twice: forms without a natural key carry a one-time token."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from customers.models import Prospect, Referral, ShowroomVisit, VipReception
from organization.roles import Role
from surveys.models import Callback
from tests.customers.helpers import shown
from tests.factories import CustomerFactory, IndividualMembershipFactory

ALREADY_SENT = "This form was already sent; it was recorded once."


def token_in(page: str) -> dict:
    """The one-time token of the form the page rendered, as posted back by the browser."""
    found = re.search(r'name="submission" value="([^"]+)"', page)
    return {"submission": found.group(1)} if found else {}


def test_a_showroom_visit_with_a_referrer_posted_twice_is_logged_once(store, staff, client_of):
    CustomerFactory(store=store, mobile="13700001111", name="老客户")
    client = client_of(staff(Role.SALES_CONSULTANT))
    data = {
        "name": "黄先生",
        "mobile": "135 6000 1122",
        "party_size": "2",
        "visited_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "referrer_mobile": "13700001111",
        **token_in(client.get(reverse("customers:showroom")).content.decode()),
    }
    first = client.post(reverse("customers:showroom_visit_create"), data)
    second = client.post(reverse("customers:showroom_visit_create"), data, follow=True)
    assert Prospect.objects.count() == 1 and ShowroomVisit.objects.count() == 1 and Referral.objects.count() == 1
    assert first.status_code == 302
    assert second.redirect_chain == [(reverse("customers:showroom"), 302)]
    assert shown(ALREADY_SENT) in second.content.decode()


def test_a_vip_reception_posted_twice_is_recorded_once_with_one_callback(store, staff, client_of):
    staff(Role.CUSTOMER_SERVICE)
    vip = IndividualMembershipFactory(customer__store=store).customer
    client = client_of(staff(Role.FRONT_DESK_SUPERVISOR))
    data = {"notes": "陪同看车", **token_in(client.get(vip.get_absolute_url()).content.decode())}
    url = reverse("customers:vip_reception", args=[vip.pk])
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert VipReception.objects.count() == 1 and Callback.objects.count() == 1
    assert first.status_code == 302
    assert second.redirect_chain == [(vip.get_absolute_url(), 302)]
    assert shown(ALREADY_SENT) in second.content.decode()
    assert VipReception.objects.get().notes == "陪同看车"
