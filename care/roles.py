"""Who does customer care (SPEC sections 1 and 3), one set per capability."""

from organization.roles import Role

# A vehicle's care owner is the advisor who delivered its last repair order; customer service takes the rest.
WORK_CARE_LISTS = frozenset({Role.SERVICE_ADVISOR, Role.CUSTOMER_SERVICE})
# The after-sales manager and the GM oversee every list of the store; the group user reads them.
OVERSEE_CARE = frozenset({Role.AFTER_SALES_MANAGER, Role.GENERAL_MANAGER})
READ_CARE = WORK_CARE_LISTS | OVERSEE_CARE | {Role.GROUP_MANAGEMENT}

# Broadcasts and owner lectures (k-outreach). A broadcast speaks to the store's owners on its behalf: the after-sales
# manager and the GM send it; SPEC section 1 gives no department head a say over the whole store's owners.
SEND_BROADCASTS = frozenset({Role.AFTER_SALES_MANAGER, Role.GENERAL_MANAGER})
READ_BROADCASTS = SEND_BROADCASTS | {Role.GROUP_MANAGEMENT}
# Customer service runs owner lectures (attendees, evaluation forms, then the callbacks); the ASM and GM may too.
RUN_LECTURES = frozenset({Role.CUSTOMER_SERVICE, Role.AFTER_SALES_MANAGER, Role.GENERAL_MANAGER})
READ_LECTURES = RUN_LECTURES | {Role.GROUP_MANAGEMENT}
# k-calls: the team view of every list (the group user reads it), and who records a customer's care opt-outs.
READ_TEAM_CALLS = OVERSEE_CARE | {Role.GROUP_MANAGEMENT}
MANAGE_OPT_OUTS = WORK_CARE_LISTS | OVERSEE_CARE
# The customer lounge (seed 000 part 2): the lounge staff tick the day's checklist and keep the lost-property
# register; the after-sales manager and the GM oversee it (violations, the monthly summary); the group user reads.
RUN_LOUNGE = frozenset({Role.LOUNGE_STAFF})
OVERSEE_LOUNGE = frozenset({Role.AFTER_SALES_MANAGER, Role.GENERAL_MANAGER})
READ_LOUNGE = RUN_LOUNGE | OVERSEE_LOUNGE | {Role.GROUP_MANAGEMENT}
READ_LOUNGE_SUMMARY = OVERSEE_LOUNGE | {Role.GROUP_MANAGEMENT}
# Seed 000: lounge staff check themselves each day; the managers fine too. Either hands a found item back.
LOG_LOUNGE_VIOLATIONS = RUN_LOUNGE | OVERSEE_LOUNGE
RETURN_LOST_PROPERTY = RUN_LOUNGE | OVERSEE_LOUNGE
