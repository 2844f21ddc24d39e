"""Who works the callbacks (SPEC section 1), one set per capability."""

from organization.roles import Role

# The roles that own callbacks; customer service also takes the store's unassigned ones (CallbackQuerySet).
CALL_BACK = frozenset({Role.CUSTOMER_SERVICE, Role.SALES_CONSULTANT, Role.SERVICE_ADVISOR})
# Who takes the store's unassigned callbacks, and so may hear who completed one of them.
TAKE_UNASSIGNED = frozenset({Role.CUSTOMER_SERVICE})

# s-surveys: questionnaires and surveys. The customer-service head (a department head heading customer service,
# surveys.questionnaires.heads_customer_service) edits the questionnaires; customer service, the heads and the GM
# read them, the group user too. Customer service enters survey answers and sends the SMS links.
EDIT_QUESTIONNAIRES = frozenset({Role.DEPARTMENT_HEAD})
READ_QUESTIONNAIRES = frozenset(
    {Role.CUSTOMER_SERVICE, Role.DEPARTMENT_HEAD, Role.GENERAL_MANAGER, Role.GROUP_MANAGEMENT}
)
ENTER_SURVEYS = frozenset({Role.CUSTOMER_SERVICE})
# The satisfaction report (weekly and monthly rollups): customer service and its head, the GM; the group user reads.
READ_SATISFACTION = frozenset(
    {Role.CUSTOMER_SERVICE, Role.DEPARTMENT_HEAD, Role.GENERAL_MANAGER, Role.GROUP_MANAGEMENT}
)
# s-queues: the customer-service head (a department head who heads the store's customer service; checked in the
# view) hands calls over and writes the call scripts; the GM and the group user read the team's queue.
LEAD_CUSTOMER_SERVICE = frozenset({Role.DEPARTMENT_HEAD})
SEE_TEAM_QUEUE = frozenset({Role.GENERAL_MANAGER, Role.GROUP_MANAGEMENT})
