"""Store scoping: the one place that decides which stores' records a user may see."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoreScopedQuerySet(models.QuerySet):
    """Records that belong to a store; `visible_to(user)` keeps other stores' rows out of reach."""

    store_field = "store"

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_group_manager:
            return self
        if user.store_id is None:
            return self.none()
        return self.filter(**{self.store_field: user.store_id})


class StoreOwned(models.Model):
    """A record of one store: the `store` column and `objects.visible_to(user)`.

    A model with its own queryset builds it on StoreScopedQuerySet. The store's reverse accessor is
    `Meta.default_related_name` (e.g. "vehicles") or Django's `<model>_set`. A model whose rows go
    with their store, or may have none, redeclares `store` (organization/models.py).
    """

    store = models.ForeignKey("organization.Store", models.PROTECT, verbose_name=_("store"))

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        abstract = True
