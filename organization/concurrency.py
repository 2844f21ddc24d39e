"""Optimistic locking: a form carries the row version it was rendered from; a stale save is refused.

Use it on any model two people may edit at once:

    class Callback(RowVersioned, models.Model): ...

    form = CallbackOutcomeForm(request.POST)          # a RowVersionForm
    save_if_unchanged(callback, form.cleaned_data["row_version"], ["notes"])

The check and the write share one transaction with the row locked (SELECT ... FOR UPDATE on
PostgreSQL; SQLite's IMMEDIATE transactions serialize writers), and the write goes through
`save()` so the audit trail records it.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class ConcurrentEditError(ValidationError):
    pass


class RowVersioned(models.Model):
    row_version = models.PositiveIntegerField(_("row version"), default=0, editable=False)

    class Meta:
        abstract = True


class RowVersionForm(forms.Form):
    row_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


@transaction.atomic
def save_if_unchanged(instance: RowVersioned, expected_version: int, update_fields: list[str]):
    """Save `update_fields` only if nobody saved the row since `expected_version` was read."""
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
    instance.row_version = expected_version + 1
    instance.save(update_fields=[*update_fields, "row_version"])
