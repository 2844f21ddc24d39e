"""Apps register their navigation entries and landing pages from ready(); organization names none of their URLs."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from organization import navigation
from organization.roles import Role


@pytest.fixture
def registry(monkeypatch):
    """The registry as the apps filled it, restored after the test."""
    monkeypatch.setattr(navigation, "_landing_pages", dict(navigation._landing_pages))
    monkeypatch.setattr(navigation, "_entries", dict(navigation._entries))


def test_it_shows_a_persons_entries_in_their_registered_order(staff):
    gm = staff(Role.GENERAL_MANAGER, Role.CUSTOMER_SERVICE)
    assert [url_name for _, url_name in navigation.entries_for(gm)] == [
        "dashboard:gm",
        "aftersales:workbench",
        "aftersales:workshop_board",
        "care:lounge",
        "aftersales:labor_operations",
        "aftersales:part_prices",
        "aftersales:incentives",
        "care:today",
        "care:team",
        "surveys:my_callbacks",
        "surveys:team_queue",
        "surveys:questionnaires",
        "surveys:satisfaction_report",
        "surveys:oem_scores",
        "surveys:improvement_plan",
        "surveys:my_improvement_actions",
        "customers:list",
        "complaints:queue",
        "complaints:mine",
        "complaints:deadline_preview",
        "organization:policies",
        "complaints:statistics",
        "organization:holidays",
        "complaints:appeals",
        "complaints:penalties",
        "dashboard:staff_report",
        "care:broadcasts",
        "care:lectures",
        "complaints:late_breaches",
    ]


def test_everyone_who_books_appointments_finds_the_front_desk_day_view_in_the_bar(staff):
    for role in (Role.FRONT_DESK_SUPERVISOR, Role.AFTER_SALES_MANAGER):
        assert "aftersales:workbench" in [url_name for _, url_name in navigation.entries_for(staff(role))]


@pytest.mark.parametrize(
    ("roles", "lands_on"),
    [
        ((Role.AFTER_SALES_MANAGER, Role.DEPARTMENT_HEAD), "complaints:queue"),
        ((Role.DEPARTMENT_HEAD, Role.SERVICE_ADVISOR), "complaints:department"),
        ((Role.GENERAL_MANAGER, Role.CUSTOMER_SERVICE), "dashboard:gm"),
        ((Role.SERVICE_ADVISOR, Role.SALES_CONSULTANT), "aftersales:workbench"),
        ((Role.CUSTOMER_SERVICE, Role.SERVICE_ADVISOR), "surveys:my_callbacks"),
        ((Role.TECHNICIAN, Role.LOUNGE_STAFF), "aftersales:my_repair_orders"),
    ],
)
def test_a_person_with_several_roles_lands_by_precedence(roles, lands_on, staff, client_of):
    response = client_of(staff(*roles)).get(reverse("landing"))
    assert response["Location"] == reverse(lands_on)


def test_a_second_landing_page_for_a_role_is_refused(registry):
    with pytest.raises(ImproperlyConfigured):
        navigation.add_landing_page(Role.TECHNICIAN, "aftersales:qc_queue", precedence=90)


def test_two_landing_pages_with_one_precedence_are_refused(registry):
    navigation._landing_pages.pop(Role.LOUNGE_STAFF)
    with pytest.raises(ImproperlyConfigured):
        navigation.add_landing_page(Role.LOUNGE_STAFF, "care:lounge", precedence=110)


def test_registering_the_same_landing_page_again_changes_nothing(registry):
    before = navigation.landing_pages()
    navigation.add_landing_page(Role.LOUNGE_STAFF, "care:lounge", precedence=120)
    assert navigation.landing_pages() == before


def test_a_registered_entry_shows_in_the_bar(registry, staff, client_of):
    navigation.add_entry("Fleet accounts", "customers:fleet_list", roles={Role.TECHNICIAN}, position=45)
    page = client_of(staff(Role.TECHNICIAN)).get(reverse("aftersales:my_repair_orders")).content.decode()
    assert f'href="{reverse("customers:fleet_list")}">Fleet accounts<' in page
