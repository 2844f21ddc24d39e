"""Broadcasts (preview, confirm, send, what went out) and owner lectures (attendees, evaluation forms)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from care.broadcasts import count_recipients, counts_by_status, send_broadcast
from care.lectures import plan_lecture, record_attendance, record_evaluation
from care.models import Broadcast, LectureAttendance, OwnerLecture
from care.models.outreach import BroadcastKind
from care.outreach_forms import AttendeeForm, BroadcastForm, ConfirmBroadcastForm, EvaluationForm, LectureForm
from care.roles import READ_BROADCASTS, READ_LECTURES, RUN_LECTURES, SEND_BROADCASTS
from customers.models import Customer
from organization.models import OutboundMessage
from organization.roles import role_required
from organization.submissions import AlreadySubmitted, repeated_submission, submitted_once


def _choice(request, data) -> dict:
    return {"store": request.user.store, **{key: data[key] for key in ("kind", "audience", "model_name", "fleet")}}


@require_GET
@role_required(*READ_BROADCASTS)
def broadcasts(request):
    rows = Broadcast.objects.visible_to(request.user).select_related("store", "sent_by", "fleet")
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(request, "care/broadcasts.html", {"page": page, "may_send": request.user.may_write(SEND_BROADCASTS)})


@require_http_methods(["GET", "POST"])
@role_required(*SEND_BROADCASTS, write=True)
def broadcast_new(request):
    """Step 1 chooses and previews; step 2 (`confirm`) shows the count and sends on the second click."""
    store = request.user.store
    if request.method == "GET":
        return render(request, "care/broadcast_form.html", {"form": BroadcastForm(store=store)})
    if "confirm" not in request.POST:
        form = BroadcastForm(request.POST, store=store)
        if not form.is_valid():
            return render(request, "care/broadcast_form.html", {"form": form}, status=422)
        confirm = ConfirmBroadcastForm(initial={**form.cleaned_data}, store=store)
        context = {
            "form": confirm,
            "choice": form.cleaned_data,
            "kind": BroadcastKind(form.cleaned_data["kind"]).label,
            "count": count_recipients(**_choice(request, form.cleaned_data)),
        }
        return render(request, "care/broadcast_confirm.html", context)
    form = ConfirmBroadcastForm(request.POST, store=store)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with submitted_once(form, by=request.user, then=reverse("care:broadcasts")):
                broadcast = send_broadcast(**_choice(request, data), text=data["text"], by=request.user)
            messages.success(request, _("Broadcast queued for %(count)s owners.") % {"count": broadcast.recipients})
            return redirect(broadcast)
        except AlreadySubmitted as repeat:
            return repeated_submission(request, repeat)
    return render(request, "care/broadcast_form.html", {"form": form}, status=422)


@require_GET
@role_required(*SEND_BROADCASTS, write=True)
def broadcast_count(request):
    """The htmx preview beside the form: how many the current choice reaches."""
    form = BroadcastForm(request.GET, store=request.user.store)
    if not form.is_valid():
        return render(request, "care/_broadcast_count.html", {"count": None}, status=422)
    return render(
        request, "care/_broadcast_count.html", {"count": count_recipients(**_choice(request, form.cleaned_data))}
    )


@require_GET
@role_required(*READ_BROADCASTS)
def broadcast_detail(request, pk):
    broadcast = get_object_or_404(Broadcast.objects.visible_to(request.user).select_related("sent_by", "fleet"), pk=pk)
    counts = counts_by_status(broadcast)
    statuses = [(label, counts.get(value, 0)) for value, label in OutboundMessage.Status.choices]
    return render(request, "care/broadcast_detail.html", {"broadcast": broadcast, "statuses": statuses})


def _lectures_page(request, form, status=200):
    rows = OwnerLecture.objects.visible_to(request.user).select_related("store")
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    context = {"page": page, "form": form if request.user.may_write(RUN_LECTURES) else None}
    return render(request, "care/lectures.html", context, status=status)


@require_http_methods(["GET", "POST"])
@role_required(*READ_LECTURES)
def lectures(request):
    if request.method == "GET":
        return _lectures_page(request, LectureForm())
    if not request.user.may_write(RUN_LECTURES):
        raise PermissionDenied
    form = LectureForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with submitted_once(form, by=request.user, then=reverse("care:lectures")):
                lecture = plan_lecture(
                    store=request.user.store,
                    held_on=data["held_on"],
                    topic=data["topic"],
                    speaker=data["speaker"],
                    by=request.user,
                )
            return redirect(lecture)
        except AlreadySubmitted as repeat:
            return repeated_submission(request, repeat)
    return _lectures_page(request, form, status=422)


def _lecture_page(request, lecture, attendee_form=None, status=200):
    attendances = lecture.attendances.select_related("customer", "evaluation")
    context = {
        "lecture": lecture,
        "attendances": attendances,
        "form": attendee_form or AttendeeForm(),
        "may_run": request.user.may_write(RUN_LECTURES),
    }
    return render(request, "care/lecture_detail.html", context, status=status)


@require_GET
@role_required(*READ_LECTURES)
def lecture_detail(request, pk):
    return _lecture_page(request, get_object_or_404(OwnerLecture.objects.visible_to(request.user), pk=pk))


@require_POST
@role_required(*RUN_LECTURES, write=True)
def lecture_attend(request, pk):
    lecture = get_object_or_404(OwnerLecture.objects.visible_to(request.user), pk=pk)
    form = AttendeeForm(request.POST)
    if form.is_valid():
        customer = Customer.objects.filter(store=lecture.store, mobile=form.cleaned_data["mobile"]).first()
        if customer is None:
            form.add_error("mobile", _("No customer of the store has this mobile."))
        else:
            try:
                record_attendance(lecture=lecture, customer=customer)
                return redirect(lecture)
            except ValidationError as error:
                form.add_error(None, error)
    return _lecture_page(request, lecture, form, status=422)


@require_http_methods(["GET", "POST"])
@role_required(*RUN_LECTURES, write=True)
def lecture_evaluate(request, pk):
    visible = LectureAttendance.objects.filter(lecture__in=OwnerLecture.objects.visible_to(request.user))
    attendance = get_object_or_404(visible.select_related("lecture", "customer"), pk=pk)
    form = EvaluationForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            record_evaluation(attendance=attendance, **form.cleaned_data, by=request.user)
            messages.success(request, _("Evaluation recorded."))
            return redirect(attendance.lecture)
        except ValidationError as error:
            form.add_error(None, error)
    status = 422 if form.is_bound else 200
    return render(request, "care/lecture_evaluation.html", {"attendance": attendance, "form": form}, status=status)
