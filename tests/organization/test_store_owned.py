"""Every model with a store is StoreOwned, so a new model cannot forget the store field or the scoped manager."""

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from simple_history.models import HistoricalChanges

from organization.models import PolicySet
from organization.roles import Role
from organization.scoping import StoreOwned, StoreScopedQuerySet

# Read through organization.policies.current_policy(store); the group defaults have no store.
NOT_STORE_OWNED = {PolicySet}


def models_with_a_store():
    return [
        model
        for model in apps.get_models()
        if any(field.name == "store" for field in model._meta.fields)
        and not issubclass(model, HistoricalChanges)  # audit rows, read through their record's history
        and model not in NOT_STORE_OWNED
    ]


def test_the_walk_finds_the_models_of_every_floor():
    labels = {model._meta.label for model in models_with_a_store()}
    assert {"organization.User", "organization.Department", "customers.Customer", "surveys.Callback"} <= labels


@pytest.mark.parametrize("model", models_with_a_store(), ids=lambda model: model._meta.label)
def test_every_model_with_a_store_is_store_owned(model):
    assert issubclass(model, StoreOwned)
    assert isinstance(model.objects.all(), StoreScopedQuerySet)
    assert model._meta.get_field("store").column == "store_id"


@pytest.mark.parametrize("model", models_with_a_store(), ids=lambda model: model._meta.label)
def test_visible_to_scopes_it_to_the_users_store(model, staff, group_user):
    advisor = staff(Role.SERVICE_ADVISOR)
    assert str(model.objects.visible_to(advisor).query) == str(model.objects.filter(store=advisor.store_id).query)
    assert str(model.objects.visible_to(group_user).query) == str(model.objects.all().query)
    assert not model.objects.visible_to(staff(Role.SERVICE_ADVISOR, store=None)).exists()
    assert not model.objects.visible_to(AnonymousUser()).exists()
