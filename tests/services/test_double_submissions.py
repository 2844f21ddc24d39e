import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

from customers.models import FleetAccount
from organization.roles import Role
from tests.factories import CustomerFactory
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
