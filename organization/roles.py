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


# Each app names its role sets per capability in its own roles.py; these are organization's.
EDIT_POLICIES = frozenset({Role.GENERAL_MANAGER, Role.GROUP_MANAGEMENT})


def role_required(*roles: Role, write: bool = False):
    """Let in logged-in users holding any of `roles`; everyone else gets 403.

    With write=True the group user is refused too: it reads every store and writes none.
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not (user.may_write(roles) if write else user.has_any_role(*roles)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
