"""Error pages: the product's own pages even under DEBUG, each refusal logged once, a favicon."""

import logging

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils.translation import gettext

from organization.roles import Role
from tests.factories import CustomerFactory


def test_a_missing_record_shows_the_products_404_even_under_debug(staff, client_of, settings):
    settings.DEBUG = True
    response = client_of(staff(Role.SERVICE_ADVISOR)).get(reverse("customers:detail", args=[999999]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "此记录不存在" in page or gettext("This record does not exist or is not in your store.") in page
    assert "technical_404" not in page and "Django tried these URL patterns" not in page


def test_a_server_error_under_debug_still_shows_the_debug_page(staff, client_of, settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setattr("customers.views.customers.detail_context", lambda *a, **k: 1 / 0)
    client = client_of(staff(Role.SERVICE_ADVISOR))
    client.raise_request_exception = False
    response = client.get(reverse("customers:detail", args=[CustomerFactory(store=staff().store).pk]))
    assert response.status_code == 500 and "ZeroDivisionError" in response.content.decode()


@pytest.mark.parametrize("debug", [True, False])
def test_a_refusal_is_logged_once_without_a_traceback(debug, staff, client_of, settings, monkeypatch):
    settings.DEBUG = debug
    written = []
    # pytest's capture handlers are StreamHandler subclasses: count only what a console handler writes.
    monkeypatch.setattr(
        logging.StreamHandler,
        "emit",
        lambda handler, record: type(handler) is logging.StreamHandler and written.append(record),
    )
    response = client_of(staff(Role.TECHNICIAN)).get(reverse("customers:list"))
    assert response.status_code == 403
    forbidden = [record for record in written if record.name == "django.request"]
    assert len(forbidden) == 1
    assert forbidden[0].exc_info is None and forbidden[0].levelno == logging.WARNING


def test_every_page_names_a_favicon_that_exists(staff, client_of):
    page = client_of(staff(Role.SERVICE_ADVISOR)).get(reverse("customers:list")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert finders.find("favicon.svg")


def test_a_browser_asking_for_favicon_ico_gets_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file's signature
