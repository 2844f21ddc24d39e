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
