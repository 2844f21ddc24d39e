"""Who reads which dashboard (SPEC section 1)."""

from organization.roles import Role

READ_STORE_DASHBOARD = frozenset({Role.GENERAL_MANAGER})
READ_GROUP_DASHBOARD = frozenset({Role.GROUP_MANAGEMENT})
# The monthly staff report: everyone of a store reads it (the GM and the after-sales manager every row, a department
# head their department's, anyone else their own); the group user reads any store's.
READ_STAFF_REPORT = frozenset(Role)
WHOLE_STORE_STAFF_REPORT = frozenset({Role.GENERAL_MANAGER, Role.AFTER_SALES_MANAGER})
