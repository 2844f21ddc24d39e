"""Importing customers and vehicles from the old system: a dry-run preview, then the import."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from customers import importing
from customers.forms import ImportForm
from customers.roles import IMPORT_CUSTOMERS
from organization.roles import role_required

IMPORT_SESSION_KEY = "customers_import_rows"


@require_http_methods(["GET", "POST"])
@role_required(*IMPORT_CUSTOMERS, write=True)
def import_customers(request):
    if request.method == "GET":
        return render(request, "customers/import.html", {"form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            rows = importing.read_rows(form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            results = importing.preview_import(request.user.store, rows)
            request.session[IMPORT_SESSION_KEY] = rows
            context = {
                "form": ImportForm(),
                "results": results,
                "error_count": sum(1 for r in results if not r.ok),
                "new_count": sum(1 for r in results if r.action == importing.NEW),
                "merge_count": sum(1 for r in results if r.action == importing.MERGE),
            }
            return render(request, "customers/import.html", context)
    return render(request, "customers/import.html", {"form": form}, status=422)


@require_POST
@role_required(*IMPORT_CUSTOMERS, write=True)
def import_confirm(request):
    rows = request.session.get(IMPORT_SESSION_KEY)
    if not rows:
        messages.error(request, _("Upload the file and check the preview first."))
        return render(request, "customers/import.html", {"form": ImportForm()}, status=422)
    try:
        summary = importing.run_import(request.user.store, rows, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return render(request, "customers/import.html", {"form": ImportForm()}, status=422)
    del request.session[IMPORT_SESSION_KEY]
    messages.success(
        request,
        _("Imported: %(created)s new customers, %(merged)s rows merged into existing customers, %(vehicles)s vehicles.")
        % {
            "created": summary.customers_created,
            "merged": summary.customers_merged,
            "vehicles": summary.vehicles_created,
        },
    )
    return redirect("customers:list")
