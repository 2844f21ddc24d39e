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
# The GM sees everything in the store; the group user reads every store.
OVERSEE = frozenset({Role.GENERAL_MANAGER, Role.GROUP_MANAGEMENT})
# Published prices: the after-sales manager and the GM publish the labor catalog, parts staff the parts list too;
# advisors read them to quote, the group user reads every store's.
PUBLISH_LABOR_PRICES = frozenset({Role.AFTER_SALES_MANAGER, Role.GENERAL_MANAGER})
PUBLISH_PART_PRICES = PUBLISH_LABOR_PRICES | {Role.PARTS_STAFF}
READ_PRICES = PUBLISH_PART_PRICES | {Role.SERVICE_ADVISOR, Role.GROUP_MANAGEMENT}
# Repair orders. The advisor receives the car, records the customer's signature and change approvals, settles and
# delivers; a price other than the published one needs a manager (the after-sales manager or the GM). Work starts
# when the advisor dispatches it or a technician takes it. Everyone who works on or answers for an order reads it:
# the desk, the workshop, QC, parts, customer service (callbacks) and complaint handlers.
APPROVE_PRICES = frozenset({Role.AFTER_SALES_MANAGER, Role.GENERAL_MANAGER})
# Lines of the estimate and change requests: the advisor, or a manager who charges another price.
CHANGE_WORK = RECEIVE_VEHICLES | APPROVE_PRICES
START_WORK = RECEIVE_VEHICLES | REPAIR
# The technician on the order or an advisor asks the parts store for parts (领料单).
REQUEST_PARTS = RECEIVE_VEHICLES | REPAIR
READ_REPAIR_ORDERS = (
    BOOK_APPOINTMENTS
    | REPAIR
    | INSPECT_QUALITY
    | SUPPLY_PARTS
    | {Role.CUSTOMER_SERVICE, Role.DEPARTMENT_HEAD, Role.GROUP_MANAGEMENT}
)
# The workshop board: the advisors, the after-sales manager (and the GM, who sees everything; the group user reads).
READ_WORKSHOP_BOARD = RECEIVE_VEHICLES | {Role.AFTER_SALES_MANAGER, Role.FRONT_DESK_SUPERVISOR} | OVERSEE
# Seed 000: an appointment that proves fake is flagged and its staff member fined by the managers, as referrals are
# (customers.roles.FLAG_FAKE_REFERRALS).
FLAG_FAKE_APPOINTMENTS = frozenset({Role.DEPARTMENT_HEAD, Role.AFTER_SALES_MANAGER, Role.GENERAL_MANAGER})
# Issue 11: the staff-incentives page for the after-sales manager and the GM; the group user reads it.
READ_INCENTIVES = frozenset({Role.AFTER_SALES_MANAGER}) | OVERSEE
