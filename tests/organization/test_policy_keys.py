"""Policy keys: declared once, typed by unit; a store's first version exists from its creation."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organization import policies
from organization.models import PolicySet
from organization.policies import Unit, current_policy, define
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
