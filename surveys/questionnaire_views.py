"""Questionnaire pages: the versions of a store's SSI and CSI questionnaires, one version's items, the editor."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from organization.roles import role_required
from surveys.models import Questionnaire
from surveys.questionnaire_forms import QuestionFormSet, RevisionForm
from surveys.questionnaires import heads_customer_service, revise_questionnaire
from surveys.roles import EDIT_QUESTIONNAIRES, READ_QUESTIONNAIRES


@require_GET
@role_required(*READ_QUESTIONNAIRES)
def questionnaires(request):
    versions = (
        Questionnaire.objects.visible_to(request.user)
        .select_related("store", "created_by")
        .annotate(items=Count("questions"), surveys_taken=Count("surveys", distinct=True))
        .order_by("store__name", "kind", "-version")
    )
    context = {"versions": versions, "may_edit": heads_customer_service(request.user)}
    return render(request, "surveys/questionnaires.html", context)


@require_GET
@role_required(*READ_QUESTIONNAIRES)
def questionnaire_detail(request, pk):
    version = get_object_or_404(Questionnaire.objects.visible_to(request.user).select_related("created_by"), pk=pk)
    latest = Questionnaire.objects.filter(store_id=version.store_id, kind=version.kind).order_by("-version").first()
    context = {
        "version": version,
        "questions": version.questions.all(),
        "is_current": latest.pk == version.pk,
        "may_edit": heads_customer_service(request.user),
    }
    return render(request, "surveys/questionnaire.html", context)


@require_http_methods(["GET", "POST"])
@role_required(*EDIT_QUESTIONNAIRES, write=True)
def questionnaire_edit(request, pk):
    """Edit from a version: saving makes the next version; surveys already created keep theirs."""
    if not heads_customer_service(request.user):
        raise PermissionDenied
    version = get_object_or_404(Questionnaire.objects.visible_to(request.user), pk=pk)
    initial = [
        {name: getattr(q, name) for name in ("code", "text", "script", "must_ask", "area", "scale")}
        | {"ORDER": q.position}
        for q in version.questions.all()
    ]
    formset = QuestionFormSet(request.POST or None, initial=initial, prefix="items")
    revision = RevisionForm(request.POST or None)
    context = {"version": version, "formset": formset, "revision": revision}
    if request.method == "GET":
        return render(request, "surveys/questionnaire_edit.html", context)
    if formset.is_valid() and revision.is_valid():
        try:
            new = revise_questionnaire(
                version.store,
                version.kind,
                formset.items(),
                note=revision.cleaned_data["note"],
                by=request.user,
                based_on=version,
            )
        except ValidationError as error:
            revision.add_error(None, error)
        else:
            messages.success(request, _("Saved as version %(version)s.") % {"version": new.version})
            return redirect("surveys:questionnaire", pk=new.pk)
    return render(request, "surveys/questionnaire_edit.html", context, status=422)
