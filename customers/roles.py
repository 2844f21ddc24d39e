"""Who may do what with customer files (SPEC section 1), one set per capability.

The group user reads every store and writes none: views pass `write=True` or ask `user.may_write(...)`.
"""

from organization.roles import Role

R = Role
WRITE_CUSTOMERS = frozenset(
    {
        R.SERVICE_ADVISOR,
        R.SALES_CONSULTANT,
        R.CUSTOMER_SERVICE,
        R.FRONT_DESK_SUPERVISOR,
        R.DEPARTMENT_HEAD,
        R.AFTER_SALES_MANAGER,
        R.GENERAL_MANAGER,
    }
)
READ_CUSTOMERS = WRITE_CUSTOMERS | {R.GROUP_MANAGEMENT}
# The roles that call customers; a sales consultant reveals only their own customers' mobiles (privacy.py).
REVEAL_MOBILES = WRITE_CUSTOMERS - {R.SALES_CONSULTANT}
RECORD_SALES = frozenset({R.SALES_CONSULTANT, R.DEPARTMENT_HEAD, R.GENERAL_MANAGER})
# Seed 000: VIPs are received and seen off by staff of supervisor level or above.
RECEIVE_VIPS = frozenset({R.FRONT_DESK_SUPERVISOR, R.DEPARTMENT_HEAD, R.AFTER_SALES_MANAGER, R.GENERAL_MANAGER})
MANAGERS = frozenset({R.DEPARTMENT_HEAD, R.AFTER_SALES_MANAGER, R.GENERAL_MANAGER})
MANAGE_MEMBERSHIPS = MANAGERS  # memberships and fleet accounts
IMPORT_CUSTOMERS = MANAGERS
ANONYMIZE_CUSTOMERS = MANAGERS
FLAG_FAKE_REFERRALS = MANAGERS
LOG_SHOWROOM_VISITS = frozenset({R.SALES_CONSULTANT, R.CUSTOMER_SERVICE, R.DEPARTMENT_HEAD, R.GENERAL_MANAGER})
READ_SHOWROOM = LOG_SHOWROOM_VISITS | {R.GROUP_MANAGEMENT}
