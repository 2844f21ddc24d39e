"""Landing pages of the after-sales roles; the after-sales issue fills them with appointments and repair orders."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from aftersales.roles import INSPECT_QUALITY, OVERSEE, RECEIVE_VEHICLES, REPAIR, RUN_LOUNGE, SUPPLY_PARTS
from organization.roles import role_required


def _work_page(title, coming, *roles):
    """A GET-only page for `roles`: a wrong method answers 405 before the role check."""

    @require_GET
    @role_required(*roles)
    def view(request):
        return render(request, "placeholder.html", {"title": title, "coming": coming})

    return view


workbench = _work_page(_("Front desk"), _("Today's appointments, arrivals and repair orders."), *RECEIVE_VEHICLES)
my_repair_orders = _work_page(
    _("My repair orders"), _("Repair orders assigned to you, self-check and repair reports."), *REPAIR
)
qc_queue = _work_page(
    _("QC queue"), _("Repair orders waiting for final inspection and road test."), *INSPECT_QUALITY, *OVERSEE
)
parts = _work_page(
    _("Parts"), _("Parts to reserve for appointments and requisitions for repair orders."), *SUPPLY_PARTS, *OVERSEE
)
lounge = _work_page(
    _("Customer lounge"), _("The lounge's daily checklist and the lost-property register."), *RUN_LOUNGE, *OVERSEE
)
