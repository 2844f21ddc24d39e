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
# s-plans: OEM scores are typed in by customer service's head and the GM (the group user reads them); improvement
# actions are followed up by customer service and the managers (seed 004: 客服部监督改善情况), owners work their own.
ENTER_OEM_SCORES = frozenset({Role.DEPARTMENT_HEAD, Role.GENERAL_MANAGER})
READ_OEM_SCORES = ENTER_OEM_SCORES | {Role.GROUP_MANAGEMENT}
MANAGE_IMPROVEMENT = frozenset(
    {Role.CUSTOMER_SERVICE, Role.DEPARTMENT_HEAD, Role.AFTER_SALES_MANAGER, Role.GENERAL_MANAGER}
)
READ_IMPROVEMENT_PLAN = MANAGE_IMPROVEMENT | {Role.GROUP_MANAGEMENT}
# Anyone of a store may own an action, so everyone has "my improvement actions".
OWN_IMPROVEMENT = frozenset(Role) - {Role.GROUP_MANAGEMENT}
# s-focus: the week's and the month's focus items (seed 004 五: 每周、月的重点改善项目) are set by the customer-service
# head (a department head heading customer service, surveys.improvement.may_set_focus_items), the ASM and the GM.
SET_FOCUS_ITEMS = LEAD_CUSTOMER_SERVICE | {Role.AFTER_SALES_MANAGER, Role.GENERAL_MANAGER}
