"""The navigation bar: each entry shows to the roles whose work it is."""

from django.utils.translation import gettext_lazy as _

from organization.roles import Role

R = Role
NAVIGATION = [
    (_("Dashboard"), "dashboard:gm", {R.GENERAL_MANAGER}),
    (_("Group dashboard"), "dashboard:group", {R.GROUP_MANAGEMENT}),
    (_("Front desk"), "aftersales:workbench", {R.SERVICE_ADVISOR}),
    (_("My repair orders"), "aftersales:my_repair_orders", {R.TECHNICIAN}),
    (_("QC queue"), "aftersales:qc_queue", {R.QC_INSPECTOR}),
    (_("Parts"), "aftersales:parts", {R.PARTS_STAFF}),
    (_("Lounge"), "aftersales:lounge", {R.LOUNGE_STAFF}),
    (
        _("My callbacks"),
        "surveys:my_callbacks",
        {R.CUSTOMER_SERVICE, R.SALES_CONSULTANT, R.SERVICE_ADVISOR},
    ),
    (
        _("Customers"),
        "customers:list",
        {
            R.SERVICE_ADVISOR,
            R.SALES_CONSULTANT,
            R.CUSTOMER_SERVICE,
            R.FRONT_DESK_SUPERVISOR,
            R.DEPARTMENT_HEAD,
            R.AFTER_SALES_MANAGER,
            R.GENERAL_MANAGER,
            R.GROUP_MANAGEMENT,
        },
    ),
    (_("Showroom"), "customers:showroom", {R.SALES_CONSULTANT}),
    (_("Complaint queue"), "complaints:queue", {R.FRONT_DESK_SUPERVISOR, R.AFTER_SALES_MANAGER, R.GENERAL_MANAGER}),
    (_("Department complaints"), "complaints:department", {R.DEPARTMENT_HEAD}),
    (_("Policies"), "organization:policies", {R.GENERAL_MANAGER, R.GROUP_MANAGEMENT}),
]


def entries_for(user) -> list[tuple[str, str]]:
    roles = user.roles
    return [(label, url_name) for label, url_name, allowed in NAVIGATION if roles & allowed]
