import os

import pytest

from organization.roles import Role
from tests.factories import StoreFactory, UserFactory

IN_CI = bool(os.environ.get("CI"))


def need_service(available: bool, what: str):
    """Skip locally when a service is missing; in CI a missing service is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is not available")
    pytest.skip(f"{what} not available")


@pytest.fixture(autouse=True)
def _empty_cache():
    """The dashboards cache their figures: each test starts without them."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def store(db):
    return StoreFactory(code="north", name="北区4S店")


@pytest.fixture
def other_store(db):
    return StoreFactory(code="south", name="南区4S店")


@pytest.fixture
def staff(store):
    """make staff of `store` holding `roles`: staff(Role.GENERAL_MANAGER)."""

    def make(*roles: Role, **fields):
        fields.setdefault("store", store)
        return UserFactory(roles=list(roles), **fields)

    return make


@pytest.fixture
def group_user(db):
    return UserFactory(username="group", store=None, roles=[Role.GROUP_MANAGEMENT])


@pytest.fixture
def client_of(client):
    """A test client logged in as `user`."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def reference_data(transactional_db):
    """Re-run our apps' data migrations (roles, policy defaults) after a transactional flush.

    Transactional tests use this instead of serialized_rollback, which restored nothing once
    Playwright's greenlets had run (seen on PostgreSQL in CI). Our data migrations are idempotent.
    """
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    loader = MigrationLoader(connection)
    ours = {"organization", "customers", "aftersales", "complaints", "care", "surveys", "dashboard"}
    plan = []
    for leaf in loader.graph.leaf_nodes():
        if leaf[0] in ours:
            plan += [key for key in loader.graph.forwards_plan(leaf) if key[0] in ours and key not in plan]
    for key in plan:
        for operation in loader.graph.nodes[key].operations:
            if isinstance(operation, RunPython):
                operation.code(apps, None)


def pytest_configure(config):
    """PBKDF2 costs 0.18 s per factory user; tests hash with MD5 (never in production)."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config, items):
    """Only tests/browser may use Playwright's fixtures: a test elsewhere taking one (a parameter named `page`, say)
    becomes a browser test, and pytest regroups the suite behind the browser tests' database flushes."""
    strays = [
        item.nodeid
        for item in items
        if "browser_name" in getattr(getattr(item, "callspec", None), "params", ())
        and not item.nodeid.startswith("tests/browser/")
    ]
    if strays:
        raise pytest.UsageError(f"Playwright fixtures outside tests/browser: {', '.join(strays)}")
