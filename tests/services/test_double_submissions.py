import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

from customers.models import FleetAccount, VipReception
from organization.roles import Role
from surveys.models import Callback
from tests.factories import CustomerFactory, IndividualMembershipFactory
from tests.services.conftest import require_postgresql

pytestmark = [pytest.mark.services, pytest.mark.usefixtures("reference_data")]


def test_four_simultaneous_posts_open_one_fleet_account_and_link_it_to_the_others(store, staff):
    require_postgresql()
    CustomerFactory(store=store, mobile="13828800002")
    managers = [staff(Role.GENERAL_MANAGER) for _ in range(4)]
    data = {"name": "广州出租车集团", "representative_mobile": "13828800002"}
    barrier = threading.Barrier(len(managers))
    answers = []

    def post(manager):
        client = Client(raise_request_exception=False)
        client.force_login(manager)
        try:
            barrier.wait()
            response = client.post(reverse("customers:fleet_create"), data)
            answers.append((response.status_code, response.content.decode()))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(manager,)) for manager in managers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    fleet = FleetAccount.objects.get()
    assert sorted(status for status, _ in answers) == [302, 422, 422, 422]
    for status, page in answers:
        if status == 422:
            assert gettext("A fleet account with this name already exists.") in page
            assert fleet.get_absolute_url() in page


def test_a_vip_reception_sent_twice_at_once_is_recorded_once(store, staff):
    require_postgresql()
    staff(Role.CUSTOMER_SERVICE)
    supervisor = staff(Role.FRONT_DESK_SUPERVISOR)
    vip = IndividualMembershipFactory(customer__store=store).customer
    data = {"submission": str(uuid.uuid4()), "notes": "陪同看车"}
    barrier = threading.Barrier(2)
    answers = []

    def post():
        client = Client(raise_request_exception=False)
        client.force_login(supervisor)
        try:
            barrier.wait()
            answers.append(client.post(reverse("customers:vip_reception", args=[vip.pk]), data))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [(r.status_code, r.url) for r in answers] == [(302, vip.get_absolute_url())] * 2
    assert VipReception.objects.count() == 1 and Callback.objects.count() == 1
