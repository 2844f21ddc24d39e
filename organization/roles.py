"""Roles are Django groups with the names the dealership uses (SPEC section 1)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SERVICE_ADVISOR = "服务顾问", _("Service advisor")
    SALES_CONSULTANT = "销售顾问", _("Sales consultant")
    CUSTOMER_SERVICE = "客服专员", _("Customer-service specialist")
    FRONT_DESK_SUPERVISOR = "前台主管", _("Front-desk supervisor")
    DEPARTMENT_HEAD = "部门经理", _("Department head")
    AFTER_SALES_MANAGER = "售后服务经理", _("After-sales service manager")
    GENERAL_MANAGER = "总经理", _("General manager")
    TECHNICIAN = "维修技师", _("Technician")
    QC_INSPECTOR = "质检员", _("QC inspector")
    PARTS_STAFF = "配件专员", _("Parts staff")
    LOUNGE_STAFF = "休息区专员", _("Lounge staff")
    GROUP_MANAGEMENT = "集团管理", _("Group management")


# Where each role starts its day, in order of precedence for people holding several roles.
LANDING_PAGES = [
    (Role.GROUP_MANAGEMENT, "dashboard:group"),
    (Role.GENERAL_MANAGER, "dashboard:gm"),
    (Role.AFTER_SALES_MANAGER, "complaints:queue"),
    (Role.DEPARTMENT_HEAD, "complaints:department"),
    (Role.FRONT_DESK_SUPERVISOR, "complaints:queue"),
    (Role.CUSTOMER_SERVICE, "surveys:my_callbacks"),
    (Role.SERVICE_ADVISOR, "aftersales:workbench"),
    (Role.SALES_CONSULTANT, "surveys:my_callbacks"),
    (Role.TECHNICIAN, "aftersales:my_repair_orders"),
    (Role.QC_INSPECTOR, "aftersales:qc_queue"),
    (Role.PARTS_STAFF, "aftersales:parts"),
    (Role.LOUNGE_STAFF, "aftersales:lounge"),
]


def landing_page_for(user) -> str:
    """The URL name of the page this user lands on after login."""
    roles = user.roles
    for role, url_name in LANDING_PAGES:
        if role in roles:
            return url_name
    return "organization:no_role"


def role_required(*roles: Role, write: bool = False):
    """Let in logged-in users holding any of `roles`; everyone else gets 403.

    With write=True the group user is refused too: it reads every store and writes none.
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.has_any_role(*roles):
                raise PermissionDenied
            if write and user.is_group_manager:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
