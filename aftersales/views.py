"""Landing pages of the after-sales roles; the after-sales issue fills them with appointments and repair orders."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from aftersales.roles import INSPECT_QUALITY, RECEIVE_VEHICLES, REPAIR, RUN_LOUNGE, SUPPLY_PARTS
from organization.roles import role_required


def _work_page(title, coming):
    @require_GET
    def view(request):
        return render(request, "placeholder.html", {"title": title, "coming": coming})

    return view


workbench = role_required(*RECEIVE_VEHICLES)(
    _work_page(_("Front desk"), _("Today's appointments, arrivals and repair orders."))
)
my_repair_orders = role_required(*REPAIR)(
    _work_page(_("My repair orders"), _("Repair orders assigned to you, self-check and repair reports."))
)
qc_queue = role_required(*INSPECT_QUALITY)(
    _work_page(_("QC queue"), _("Repair orders waiting for final inspection and road test."))
)
parts = role_required(*SUPPLY_PARTS)(
    _work_page(_("Parts"), _("Parts to reserve for appointments and requisitions for repair orders."))
)
lounge = role_required(*RUN_LOUNGE)(
    _work_page(_("Customer lounge"), _("The lounge's daily checklist and the lost-property register."))
)
