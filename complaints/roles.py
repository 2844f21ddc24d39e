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
# The penalties and appeals pages: everyone named on complaints their part; the group user reads one store's.
READ_PENALTIES = NAMED_ON_COMPLAINTS | {R.GROUP_MANAGEMENT}
RULE_APPEALS = frozenset({R.GENERAL_MANAGER})
# The GM's queue leads with majors waiting for the instruction (批示) and escalations to the GM.
INSTRUCT_MAJORS = frozenset({R.GENERAL_MANAGER})
# The complaint's page: everyone it may name opens it (complaints.visibility decides which), the group user reads it.
READ_COMPLAINT = NAMED_ON_COMPLAINTS | {R.GROUP_MANAGEMENT}
# Its steps, each posted by the roles that may own it; complaints/handling.py checks the person and the stage.
CUSTOMER_SERVICE_STEPS = frozenset({R.CUSTOMER_SERVICE})
FIRST_HANDLING_STEPS = frozenset({R.FRONT_DESK_SUPERVISOR})
MANAGER_STEPS = frozenset({R.AFTER_SALES_MANAGER})
GM_STEPS = frozenset({R.GENERAL_MANAGER})
# The front-desk supervisor contacts the customer in route A; the responsible person, whoever it is, in route B.
CONTACT_CUSTOMER = NAMED_ON_COMPLAINTS
NAME_STAFF_AT_FAULT = frozenset({R.FRONT_DESK_SUPERVISOR, R.AFTER_SALES_MANAGER, R.GENERAL_MANAGER, R.DEPARTMENT_HEAD})
RECORD_FINDINGS = frozenset({R.AFTER_SALES_MANAGER, R.GENERAL_MANAGER})
# The GM's preview of the due times a new complaint would get; the after-sales manager reads it too.
PREVIEW_DEADLINES = frozenset({R.GENERAL_MANAGER, R.AFTER_SALES_MANAGER})
# The GM's list of breaches the sweep recorded late (after downtime); the group user reads every store's.
READ_LATE_BREACHES = frozenset({R.GENERAL_MANAGER, R.GROUP_MANAGEMENT})
