"""Who works where in after-sales (SPEC section 1), one set per capability."""

from organization.roles import Role

RECEIVE_VEHICLES = frozenset({Role.SERVICE_ADVISOR})
# Advisors book and act on appointments; the front-desk supervisor, the after-sales manager and the GM may too.
BOOK_APPOINTMENTS = frozenset(
    {Role.SERVICE_ADVISOR, Role.FRONT_DESK_SUPERVISOR, Role.AFTER_SALES_MANAGER, Role.GENERAL_MANAGER}
)
# The day view of appointments: the group user reads it too.
READ_APPOINTMENTS = BOOK_APPOINTMENTS | {Role.GROUP_MANAGEMENT}
REPAIR = frozenset({Role.TECHNICIAN})
INSPECT_QUALITY = frozenset({Role.QC_INSPECTOR})
SUPPLY_PARTS = frozenset({Role.PARTS_STAFF})
RUN_LOUNGE = frozenset({Role.LOUNGE_STAFF})
# The GM sees everything in the store; the group user reads every store.
OVERSEE = frozenset({Role.GENERAL_MANAGER, Role.GROUP_MANAGEMENT})
# Published prices: the after-sales manager and the GM publish the labor catalog, parts staff the parts list too;
# advisors read them to quote, the group user reads every store's.
PUBLISH_LABOR_PRICES = frozenset({Role.AFTER_SALES_MANAGER, Role.GENERAL_MANAGER})
PUBLISH_PART_PRICES = PUBLISH_LABOR_PRICES | {Role.PARTS_STAFF}
READ_PRICES = PUBLISH_PART_PRICES | {Role.SERVICE_ADVISOR, Role.GROUP_MANAGEMENT}
