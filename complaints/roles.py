"""Who handles complaints (SPEC section 1), one set per capability."""

from organization.roles import Role

HANDLE_COMPLAINTS = frozenset({Role.FRONT_DESK_SUPERVISOR, Role.AFTER_SALES_MANAGER, Role.GENERAL_MANAGER})
ANSWER_FOR_DEPARTMENT = frozenset({Role.DEPARTMENT_HEAD})
