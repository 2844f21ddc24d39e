"""Who reads which dashboard (SPEC section 1)."""

from organization.roles import Role

READ_STORE_DASHBOARD = frozenset({Role.GENERAL_MANAGER})
READ_GROUP_DASHBOARD = frozenset({Role.GROUP_MANAGEMENT})
