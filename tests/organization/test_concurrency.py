"""Every write to a row-versioned model bumps its version, whoever makes it and however."""

import pytest
from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps

from organization.concurrency import ConcurrentEditError, RowVersioned, save_if_unchanged
from tests import factories
from tests.factories import CustomerFactory

VERSIONED = sorted((m for m in apps.get_models() if issubclass(m, RowVersioned)), key=lambda m: m._meta.label)
FACTORIES = {
    f._meta.model: f
    for f in vars(factories).values()
    if isinstance(f, type) and issubclass(f, factories.factory.django.DjangoModelFactory) and f._meta.model
}


def a_plain_field(model) -> str:
    """A concrete, non-key field to write; its own value is enough, the version must move anyway."""
    return next(
        f.attname
        for f in model._meta.concrete_fields
        if not f.primary_key and not f.is_relation and f.name != "row_version" and f.editable
    )


def version_of(instance) -> int:
    return type(instance)._base_manager.values_list("row_version", flat=True).get(pk=instance.pk)


def test_the_walk_finds_the_row_versioned_models():
    assert {m._meta.label for m in VERSIONED} >= {
        "customers.Customer",
        "customers.Vehicle",
        "customers.FleetAccount",
        "surveys.Callback",
    }


@pytest.mark.parametrize("model", VERSIONED, ids=lambda m: m._meta.label)
def test_every_row_versioned_model_has_a_factory_and_passes_its_checks(model):
    assert model in FACTORIES, f"add a factory for {model._meta.label} to tests/factories.py"
    assert model.check() == []


def write_with_save(instance, field):
    instance.save()


def write_with_save_of_some_fields(instance, field):
    instance.save(update_fields=[field])


def write_with_queryset_update(instance, field):
    model = type(instance)
    model.objects.filter(pk=instance.pk).update(**{field: getattr(instance, field)})


def write_with_every_manager(instance, field):
    model = type(instance)
    for manager in model._meta.managers:
        manager.filter(pk=instance.pk).update(**{field: getattr(instance, field)})


def write_with_bulk_update(instance, field):
    type(instance).objects.bulk_update([instance], [field])


def write_with_update_or_create(instance, field):
    type(instance).objects.update_or_create(pk=instance.pk, defaults={field: getattr(instance, field)})


WRITE_PATHS = [
    write_with_save,
    write_with_save_of_some_fields,
    write_with_queryset_update,
    write_with_every_manager,
    write_with_bulk_update,
    write_with_update_or_create,
]


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITE_PATHS, ids=lambda w: w.__name__)
@pytest.mark.parametrize("model", VERSIONED, ids=lambda m: m._meta.label)
def test_every_write_path_bumps_the_row_version(model, write):
    instance = FACTORIES[model]()
    before = version_of(instance)
    write(instance, a_plain_field(model))
    after = version_of(instance)
    managers = len(model._meta.managers) if write is write_with_every_manager else 1
    assert after == before + managers


@pytest.mark.django_db
def test_a_save_from_a_stale_copy_still_moves_the_version_forward():
    customer = CustomerFactory()
    stale = type(customer).objects.get(pk=customer.pk)
    customer.save(update_fields=["notes"])
    stale.save(update_fields=["occupation"])
    assert version_of(customer) == 2 and stale.row_version == 2


@pytest.mark.django_db
def test_save_if_unchanged_applies_the_changes_only_after_the_check():
    customer = CustomerFactory(occupation="工程师")
    type(customer).objects.filter(pk=customer.pk).update(notes="系统写入")
    with pytest.raises(ConcurrentEditError):
        save_if_unchanged(customer, 0, {"occupation": "律师"})
    assert customer.occupation == "工程师" and customer.row_version == 0
    customer.refresh_from_db()
    assert customer.occupation == "工程师" and customer.notes == "系统写入"


@pytest.mark.django_db
def test_save_if_unchanged_saves_the_changes_and_what_follows_from_them():
    customer = CustomerFactory(occupation="工程师")

    def note_it(instance):
        instance.notes = f"职业: {instance.occupation}"
        return ["notes"]

    save_if_unchanged(customer, 0, {"occupation": "律师"}, then=note_it)
    customer.refresh_from_db()
    assert (customer.occupation, customer.notes, customer.row_version) == ("律师", "职业: 律师", 1)


@pytest.mark.django_db
def test_save_if_unchanged_leaves_the_instance_as_it_was_when_the_write_fails():
    customer = CustomerFactory(mobile="13800000001")
    CustomerFactory(store=customer.store, mobile="13800000002")
    version = version_of(customer)
    with pytest.raises(Exception):  # noqa: B017, PT011 - the database's unique violation, whatever its class
        save_if_unchanged(customer, version, {"mobile": "13800000002"})
    assert customer.mobile == "13800000001" and customer.row_version == version


@isolate_apps("organization")
def test_a_row_versioned_model_whose_manager_would_skip_the_bump_fails_the_checks():
    class Forgetful(RowVersioned):
        objects = models.Manager()

        class Meta:
            app_label = "organization"

    (error,) = Forgetful.check()
    assert error.id == "organization.E001"
