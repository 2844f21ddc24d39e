"""Who works the callbacks (SPEC section 1), one set per capability."""

from organization.roles import Role

# The roles that own callbacks; customer service also takes the store's unassigned ones (CallbackQuerySet).
CALL_BACK = frozenset({Role.CUSTOMER_SERVICE, Role.SALES_CONSULTANT, Role.SERVICE_ADVISOR})
# Who takes the store's unassigned callbacks, and so may hear who completed one of them.
TAKE_UNASSIGNED = frozenset({Role.CUSTOMER_SERVICE})
# s-queues: the customer-service head (a department head who heads the store's customer service; checked in the
# view) hands calls over and writes the call scripts; the GM and the group user read the team's queue.
LEAD_CUSTOMER_SERVICE = frozenset({Role.DEPARTMENT_HEAD})
SEE_TEAM_QUEUE = frozenset({Role.GENERAL_MANAGER, Role.GROUP_MANAGEMENT})
