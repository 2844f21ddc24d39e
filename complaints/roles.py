"""Who handles complaints (SPEC section 1), one set per capability."""

from organization.roles import Role

HANDLE_COMPLAINTS = frozenset({Role.FRONT_DESK_SUPERVISOR, Role.AFTER_SALES_MANAGER, Role.GENERAL_MANAGER})
# Customer service logs complaints and sees them; the group user reads every store.
READ_COMPLAINT_QUEUE = HANDLE_COMPLAINTS | {Role.CUSTOMER_SERVICE, Role.GROUP_MANAGEMENT}
ANSWER_FOR_DEPARTMENT = frozenset({Role.DEPARTMENT_HEAD})
