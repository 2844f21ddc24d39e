"""Who handles complaints (SPEC section 1), one set per capability.

Which step a person may take on a given complaint is decided by complaints/handling.py (the step's owner); these
sets decide who reaches which pages.
"""

from organization.roles import Role

R = Role
HANDLE_COMPLAINTS = frozenset({R.FRONT_DESK_SUPERVISOR, R.AFTER_SALES_MANAGER, R.GENERAL_MANAGER})
# Customer service logs complaints and sees them; the group user reads every store.
READ_COMPLAINT_QUEUE = HANDLE_COMPLAINTS | {R.CUSTOMER_SERVICE, R.GROUP_MANAGEMENT}
ANSWER_FOR_DEPARTMENT = frozenset({R.DEPARTMENT_HEAD})
# Whoever makes a call can log what the customer said (SPEC section 4); customer service also from the customer page.
LOG_COMPLAINTS = frozenset(
    {R.CUSTOMER_SERVICE, R.SERVICE_ADVISOR, R.SALES_CONSULTANT, R.FRONT_DESK_SUPERVISOR, R.AFTER_SALES_MANAGER}
)
# Severity and category may be corrected by customer service and the managers above the chain.
RECLASSIFY = frozenset({R.CUSTOMER_SERVICE, R.AFTER_SALES_MANAGER, R.GENERAL_MANAGER})
# Every staff member may be named on a complaint ("my complaints"): the page itself is open to every store role.
NAMED_ON_COMPLAINTS = frozenset(role for role in R if role != R.GROUP_MANAGEMENT)
# Statistics, penalties and the monthly export.
READ_STATISTICS = frozenset({R.AFTER_SALES_MANAGER, R.GENERAL_MANAGER, R.GROUP_MANAGEMENT, R.DEPARTMENT_HEAD})
RECORD_FINES = frozenset({R.AFTER_SALES_MANAGER, R.GENERAL_MANAGER})
RULE_APPEALS = frozenset({R.GENERAL_MANAGER})
# The GM's list of breaches the sweep recorded late (after downtime); the group user reads every store's.
READ_LATE_BREACHES = frozenset({R.GENERAL_MANAGER, R.GROUP_MANAGEMENT})
