"""Policy keys: declared once, typed by unit; a store's first version exists from its creation."""

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers.discounts import EXCLUDE_INSURANCE_CLAIMS, MEMBER_PAYS, LineKind, RateTable
from customers.membership import FLEET_MIN_VEHICLES
from customers.points import REDEMPTION_MONTH
from customers.referrals import GOLD_CARD_FUEL
from organization import policies
from organization.messaging import MAX_ATTEMPTS, QUIET_HOURS_START
from organization.models import PolicySet
from organization.policies import Unit, add_group_defaults, current_policy, define, define_table
from organization.roles import Role
from surveys.callbacks import SALES_FIRST_WITHIN
from tests.factories import StoreFactory


def test_a_duplicate_key_is_refused_at_start_up():
    with pytest.raises(ImproperlyConfigured, match="callbacks.max_attempts"):
        define("callbacks.max_attempts", "Callbacks", "Attempts", Unit.COUNT)
    assert policies.definition("callbacks.max_attempts").label != "Attempts"


def test_creating_a_store_creates_its_first_version_from_the_group_defaults(db):
    store = StoreFactory(code="new", name="新店")
    first = PolicySet.objects.get(store=store)
    assert first.version == 1
    assert first.raw_values == current_policy(None).raw_values


def test_reading_a_brand_new_stores_policy_writes_nothing(db):
    store = StoreFactory(code="new", name="新店")
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        policy = current_policy(store)
    assert policy.version == 1
    assert not [q["sql"] for q in queries.captured_queries if not q["sql"].lstrip().upper().startswith("SELECT")]


@pytest.fixture
def own_keys(monkeypatch):
    """Keys defined by a test stay in the test."""
    monkeypatch.setattr(policies, "_keys", dict(policies._keys))


def test_a_table_needs_each_dimension_named_once_in_its_key(own_keys):
    with pytest.raises(ImproperlyConfigured):
        define_table("test.{route}", "Test", "Routes", Unit.HOURS, {"route": Route, "severity": Severity})


def test_values_come_back_typed_by_unit(store):
    policy = current_policy(store)
    assert policy.value(MAX_ATTEMPTS) == 3 and isinstance(policy.value(MAX_ATTEMPTS), int)
    assert policy.value(FLEET_MIN_VEHICLES) == 50 and isinstance(policy.value(FLEET_MIN_VEHICLES), int)
    assert policy.value(REDEMPTION_MONTH) == 12 and isinstance(policy.value(REDEMPTION_MONTH), int)
    assert policy.value(SALES_FIRST_WITHIN) == timedelta(hours=24)
    assert policy.value(GOLD_CARD_FUEL) == Decimal(100) and isinstance(policy.value(GOLD_CARD_FUEL), Decimal)
    assert policy.value(MEMBER_PAYS[RateTable.FLEET, LineKind.LABOR]) == Decimal(70)
    assert policy.value(QUIET_HOURS_START) == time(21, 0)
    assert policy.value(EXCLUDE_INSURANCE_CLAIMS) is True


def test_a_version_reads_its_values_once(store):
    policy = PolicySet.objects.get(pk=current_policy(store).pk)
    policy.value(MAX_ATTEMPTS)
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            policy.value(MAX_ATTEMPTS), policy.value(SALES_FIRST_WITHIN)
    assert len(queries.captured_queries) == 0


# The shape of the complaint routes and fines to come: route x severity x milestone -> duration,
# and fine bands (from how much loss, how much fine), both read as typed cells.
class Route(models.TextChoices):
    AFTER_SALES = "after_sales", "After-sales"
    SALES = "sales", "Sales"


class Severity(models.TextChoices):
    MINOR = "minor", "Minor"
    MAJOR = "major", "Major"


class Milestone(models.TextChoices):
    FIRST_CONTACT = "first_contact", "First contact"
    RESOLVED = "resolved", "Resolved"


class Band(models.TextChoices):
    FIRST = "1", "Band 1"
    SECOND = "2", "Band 2"


class BandColumn(models.TextChoices):
    LOSS_FROM = "loss_from", "Loss from"
    FINE = "fine", "Fine"


def test_a_three_dimensional_table_reads_a_typed_cell(own_keys, store):
    deadlines = define_table(
        "test.deadline.{route}.{severity}.{milestone}",
        "Complaints",
        "Complaint deadlines",
        Unit.HOURS,
        {"route": Route, "severity": Severity, "milestone": Milestone},
        minimum=Decimal(1),
    )
    # What the complaints app's data migration seeds, one stored key per cell:
    add_group_defaults(django_apps, {"test.deadline.after_sales.major.first_contact": "24"})
    add_group_defaults(django_apps, {key.key: "72" for key in deadlines.cells.values()})
    policy = current_policy(store)
    assert policy.value(deadlines[Route.AFTER_SALES, Severity.MAJOR, Milestone.FIRST_CONTACT]) == timedelta(hours=24)
    assert policy.value(deadlines[Route.SALES, Severity.MINOR, Milestone.RESOLVED]) == timedelta(hours=72)
    labels, cells = deadlines.rows()[0]
    assert labels == ["After-sales", "Minor"] and len(cells) == len(Milestone)


def test_a_banded_table_reads_the_band_a_loss_falls_in(own_keys, store):
    bands = define_table(
        "test.fine_band.{band}_{column}", "Complaints", "Fines", Unit.YUAN, {"band": Band, "column": BandColumn}
    )
    add_group_defaults(
        django_apps,
        {
            "test.fine_band.1_loss_from": "0",
            "test.fine_band.1_fine": "50",
            "test.fine_band.2_loss_from": "1000",
            "test.fine_band.2_fine": "200",
        },
    )
    policy = current_policy(store)

    def fine_for(loss: Decimal) -> Decimal:
        reached = [band for band in Band if loss >= policy.value(bands[band, BandColumn.LOSS_FROM])]
        return policy.value(bands[reached[-1], BandColumn.FINE])

    assert fine_for(Decimal("999.99")) == Decimal(50)
    assert fine_for(Decimal(1000)) == Decimal(200)


def test_the_policy_page_shows_a_new_table_as_a_table(own_keys, store, staff, client_of):
    deadlines = define_table(
        "test.deadline.{route}.{severity}.{milestone}",
        "Complaints",
        "Complaint deadlines",
        Unit.HOURS,
        {"route": Route, "severity": Severity, "milestone": Milestone},
    )
    add_group_defaults(django_apps, {key.key: "48" for key in deadlines.cells.values()})
    page = client_of(staff(Role.GENERAL_MANAGER)).get(reverse("organization:policies")).content.decode()
    table = page[page.index("<caption", page.index("Complaint deadlines") - 60) :]
    table = table[: table.index("</table>")]
    assert table.count("<tr>") == 1 + len(Route) * len(Severity)
    assert 'name="test.deadline.sales.major.resolved"' in table and "After-sales · Minor" in table
