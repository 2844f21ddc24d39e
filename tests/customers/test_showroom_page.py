"""The showroom page as a consultant first sees it: named as in the menu, with a readable dropdown."""

import re

import pytest
from django.urls import reverse

from organization.roles import Role
from tests.customers.helpers import page_of, shown


@pytest.fixture
def showroom(staff, client_of):
    return page_of(client_of(staff(Role.SALES_CONSULTANT)).get(reverse("customers:showroom")))


def test_the_heading_is_the_menus_label(showroom):
    menu_label = re.search(r'class="nav-link active"[^>]*>([^<]+)</a>', showroom).group(1)
    heading = re.search(r"<h1[^>]*>([^<]+)</h1>", showroom).group(1)
    assert heading.strip() == menu_label.strip() == shown("Showroom")


def test_the_received_by_dropdown_has_a_real_empty_label(showroom):
    assert "---------" not in showroom
    assert shown("Not recorded") in showroom
