"""Store scoping: the one place that decides which stores' records a user may see."""

from django.db import models


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
