"""Optimistic locking: every write moves a row's version; a form rendered from an older version is refused.

Use it on any model two people, or a person and the system, may write at once:

    class CallbackQuerySet(RowVersionedQuerySet, StoreScopedQuerySet): ...

    class Callback(RowVersioned, models.Model):
        objects = CallbackQuerySet.as_manager()

    form = CallbackOutcomeForm(request.POST)          # a RowVersionForm
    save_if_unchanged(callback, form.cleaned_data["row_version"], {"notes": notes})

The guarantee sits in the model, not in the callers: `save()` (with or without `update_fields`),
`queryset.update()` and `bulk_update()` all bump `row_version`, so a delivery, an import merge or a
nightly job makes every form opened before it stale. The model checks (`manage.py check`) refuse a
row-versioned model whose manager's queryset does not bump the version.
"""

from collections.abc import Callable, Mapping

from django import forms
from django.core import checks
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class ConcurrentEditError(ValidationError):
    pass


class RowVersionedQuerySet(models.QuerySet):
    """`update()` (and so `bulk_update()`, which updates through it) bumps the version of every row it writes."""

    def update(self, **kwargs):
        return super().update(**{**kwargs, "row_version": F("row_version") + 1})


class RowVersioned(models.Model):
    row_version = models.PositiveIntegerField(_("row version"), default=0, editable=False)

    objects = RowVersionedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *, update_fields=None, **kwargs):
        """Write the row with the next version; the row is locked while the version is read."""
        if self._state.adding or self.pk is None or (update_fields is not None and not update_fields):
            return super().save(update_fields=update_fields, **kwargs)
        if update_fields is not None:
            update_fields = {*update_fields, "row_version"}
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            current = (
                type(self)
                ._base_manager.using(using)
                .select_for_update()
                .filter(pk=self.pk)
                .values_list("row_version", flat=True)
                .first()
            )
            if current is not None:
                self.row_version = current + 1
            super().save(update_fields=update_fields, **kwargs)

    @classmethod
    def check(cls, **kwargs):
        errors = super().check(**kwargs)
        for manager in cls._meta.managers:
            if not issubclass(manager._queryset_class, RowVersionedQuerySet):
                errors.append(
                    checks.Error(
                        f"{cls._meta.label}.{manager.name}: queryset.update() would not bump row_version.",
                        hint="Build the manager's queryset on organization.concurrency.RowVersionedQuerySet.",
                        obj=cls,
                        id="organization.E001",
                    )
                )
        return errors


class RowVersionForm(forms.Form):
    row_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


@transaction.atomic
def save_if_unchanged(
    instance: RowVersioned,
    expected_version: int,
    changes: Mapping[str, object],
    *,
    then: Callable[[RowVersioned], list[str]] | None = None,
) -> None:
    """Apply `changes` and save them only if nobody wrote the row since `expected_version` was read.

    `then(instance)` may derive more fields from the changed instance; it returns their names.
    When the check or the write fails, the instance is left as it was, so the view can render it again.
    """
    current = (
        type(instance)
        ._base_manager.select_for_update()
        .filter(pk=instance.pk)
        .values_list("row_version", flat=True)
        .first()
    )
    if current != expected_version:
        raise ConcurrentEditError(
            _("Someone else changed this record while you were editing it. Reload the page and try again."),
            code="concurrent_edit",
        )
    before = {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}
    try:
        for name, value in changes.items():
            setattr(instance, name, value)
        # A checked write with nothing to change (a line added to the order) still bumps the version.
        fields = [*changes, *(then(instance) if then else [])] or ["row_version"]
        with transaction.atomic():
            instance.save(update_fields=fields)
    except Exception:
        for attname, value in before.items():
            setattr(instance, attname, value)
        raise
