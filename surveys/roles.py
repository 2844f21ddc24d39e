"""Who works the callbacks (SPEC section 1), one set per capability."""

from organization.roles import Role

# The roles that own callbacks; customer service also takes the store's unassigned ones (CallbackQuerySet).
CALL_BACK = frozenset({Role.CUSTOMER_SERVICE, Role.SALES_CONSULTANT, Role.SERVICE_ADVISOR})
# Who takes the store's unassigned callbacks, and so may hear who completed one of them.
TAKE_UNASSIGNED = frozenset({Role.CUSTOMER_SERVICE})
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
