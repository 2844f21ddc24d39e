"""Customer files: the list and search, the detail page, edits, contacts, grades, VIP reception, anonymization."""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from customers import points, privacy
from customers.audit import audit_trail
from customers.deliveries import record_vip_reception
from customers.follow_ups import record_follow_up
from customers.forms import (
    CustomerEditForm,
    CustomerForm,
    FollowUpForm,
    GradeForm,
    MembershipForm,
    NoteForm,
    VipReceptionForm,
)
from customers.grades import set_grade, suggested_grade_for
from customers.models import Customer, Grade, Membership, Vehicle, VehicleSale
from customers.registration import DuplicateRecord, register_customer, update_customer
from customers.roles import (
    ANONYMIZE_CUSTOMERS,
    MANAGE_MEMBERSHIPS,
    READ_CUSTOMERS,
    RECEIVE_VIPS,
    RECORD_SALES,
    WRITE_CUSTOMERS,
)
from customers.search import SearchPaginator, search_customers
from organization.roles import role_required
from organization.submissions import AlreadySubmitted, repeated_submission, submitted_once

PAGE_SIZE = 25

MEMBERSHIP_FILTERS = {
    "fleet": lambda active: Exists(active.filter(kind=Membership.Kind.FLEET)),
    "individual": lambda active: Exists(active.exclude(kind=Membership.Kind.FLEET)),
    "none": lambda active: ~Exists(active),
}


def _visible_customers(user):
    return Customer.objects.visible_to(user)


def duplicate_error(form, error: ValidationError):
    """Put a rule's refusal on the form; a duplicate links to the record that already exists."""
    if isinstance(error, DuplicateRecord):
        link = format_html(
            '{} <a href="{}">{}</a>',
            error.messages[0],
            error.existing.get_absolute_url(),
            _("Open the existing record"),
        )
        form.add_error(None, link)
    else:
        form.add_error(None, error)


@require_GET
@role_required(*READ_CUSTOMERS)
def customer_list(request):
    query = request.GET.get("q", "").strip()[:50]
    grade = request.GET.get("grade", "")
    member = request.GET.get("membership", "")
    customers = search_customers(request.user.store, query, by=request.user)
    if grade in Grade.values:
        customers = customers.filter(grade=grade)
    if member in MEMBERSHIP_FILTERS:
        active = Membership.objects.filter(customer=OuterRef("pk"), revoked_at=None)
        customers = customers.filter(MEMBERSHIP_FILTERS[member](active))
    customers = customers.select_related("store").prefetch_related(
        Prefetch("vehicles", queryset=Vehicle.objects.only("pk", "owner_id", "plate", "vin")),
        Prefetch("memberships", queryset=Membership.objects.active(), to_attr="active_memberships"),
    )
    page = SearchPaginator(customers, PAGE_SIZE, searched=bool(query)).get_page(request.GET.get("page"))
    for customer in page:
        customer.masked_mobile = privacy.mask_mobile(customer.mobile)
    context = {
        "page": page,
        "q": query,
        "grade": grade,
        "membership": member,
        "grades": Grade.choices,
        "membership_filters": [
            ("individual", _("VIP / gold card")),
            ("fleet", _("Fleet member")),
            ("none", _("No membership")),
        ],
        "can_create": request.user.may_write(WRITE_CUSTOMERS),
    }
    return render(request, "customers/customer_list.html", context)


def detail_context(request, customer: Customer, **extra) -> dict:
    user = request.user
    vehicles = list(customer.vehicles.all())
    sales = VehicleSale.objects.visible_to(user).filter(buyer=customer).select_related("vehicle", "consultant")
    memberships = list(customer.memberships.select_related("fleet", "vehicle", "revoked_by", "reapplication"))
    follow_ups = customer.follow_ups.select_related("staff")[:50]
    return {
        "customer": customer,
        "masked_mobile": privacy.mask_mobile(customer.mobile),
        "can_reveal": privacy.can_reveal_mobile(user, customer),
        "vehicles": vehicles,
        "sales": list(sales),
        "memberships": memberships,
        "membership_badges": Counter(m.get_kind_display() for m in memberships if m.is_active).items(),
        "follow_ups": list(follow_ups),
        "grade_changes": list(customer.grade_changes.select_related("changed_by")[:20]),
        "points_balance": points.balance(customer),
        "referral_rewards": list(customer.referral_rewards.select_related("referral")),
        "audit": audit_trail(customer, vehicles),
        "can_write": user.may_write(WRITE_CUSTOMERS) and not customer.anonymized_at,
        "can_sell": user.may_write(RECORD_SALES),
        "can_manage": user.may_write(MANAGE_MEMBERSHIPS),
        "can_anonymize": user.may_write(ANONYMIZE_CUSTOMERS),
        "can_receive_vip": user.may_write(RECEIVE_VIPS),
        "follow_up_form": FollowUpForm(),
        "membership_form": MembershipForm(),
        "vip_form": VipReceptionForm(),
        **extra,
    }


def refused_as_anonymized(request, customer: Customer):
    messages.error(request, _("An anonymized customer cannot be edited."))
    return render(request, "customers/refused.html", {"back": customer}, status=422)


def customer_for(request, pk):
    return get_object_or_404(
        _visible_customers(request.user).select_related("store", "referred_by", "sales_consultant"), pk=pk
    )


def _warn_about_past_purchase_plan(request, customer: Customer) -> None:
    """A purchase plan already past is kept (it was what the customer said), but the advisor should ask again."""
    if customer.planned_purchase_on and customer.planned_purchase_on < timezone.localdate():
        messages.warning(
            request,
            _(
                "The planned purchase date %(date)s is in the past; saved anyway. "
                "Ask the customer when they now plan to buy."
            )
            % {"date": customer.planned_purchase_on.isoformat()},
        )


@require_GET
@role_required(*READ_CUSTOMERS)
def customer_detail(request, pk):
    customer = customer_for(request, pk)
    return render(request, "customers/customer_detail.html", detail_context(request, customer))


@require_POST
@role_required(*WRITE_CUSTOMERS, write=True)
def reveal_mobile(request, pk):
    customer = customer_for(request, pk)
    mobile = privacy.reveal_mobile(customer, by=request.user)
    if request.htmx:
        return render(request, "customers/_full_mobile.html", {"mobile": mobile})
    return render(request, "customers/customer_detail.html", detail_context(request, customer, full_mobile=mobile))


@require_http_methods(["GET", "POST"])
@role_required(*WRITE_CUSTOMERS, write=True)
def customer_create(request):
    form = CustomerForm(request.POST or None, store=request.user.store)
    if request.method == "POST":
        if form.is_valid():
            try:
                customer = register_customer(store=request.user.store, by=request.user, **form.domain_fields())
                messages.success(request, _("Customer %(name)s saved.") % {"name": customer.name})
                _warn_about_past_purchase_plan(request, customer)
                return redirect(customer)
            except ValidationError as error:
                duplicate_error(form, error)
        return render(request, "customers/customer_form.html", {"form": form}, status=422)
    return render(request, "customers/customer_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@role_required(*WRITE_CUSTOMERS, write=True)
def customer_edit(request, pk):
    customer = customer_for(request, pk)
    if customer.anonymized_at:
        return refused_as_anonymized(request, customer)
    if request.method == "GET":
        form = CustomerEditForm(initial=CustomerForm.initial_for(customer), customer=customer)
        return render(request, "customers/customer_form.html", {"form": form, "customer": customer})
    form = CustomerEditForm(request.POST, customer=customer)
    if form.is_valid():
        try:
            update_customer(
                customer, expected_version=form.cleaned_data["row_version"], by=request.user, **form.domain_fields()
            )
            messages.success(request, _("Customer %(name)s saved.") % {"name": customer.name})
            _warn_about_past_purchase_plan(request, customer)
            return redirect(customer)
        except ValidationError as error:
            duplicate_error(form, error)
    return render(request, "customers/customer_form.html", {"form": form, "customer": customer}, status=422)


@require_POST
@role_required(*WRITE_CUSTOMERS, write=True)
def follow_up_create(request, pk):
    customer = customer_for(request, pk)
    if customer.anonymized_at:
        return refused_as_anonymized(request, customer)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            record_follow_up(customer, by=request.user, **form.cleaned_data)
            messages.success(request, _("Contact logged."))
            return redirect(customer)
        except ValidationError as error:
            form.add_error(None, error)
    context = detail_context(request, customer, follow_up_form=form)
    return render(request, "customers/customer_detail.html", context, status=422)


@require_http_methods(["GET", "POST"])
@role_required(*WRITE_CUSTOMERS, write=True)
def grade_edit(request, pk):
    customer = customer_for(request, pk)
    if customer.anonymized_at:
        return refused_as_anonymized(request, customer)
    form = GradeForm(request.POST or None)
    context = {"form": form, "customer": customer, "suggestion": suggested_grade_for(customer)}
    if request.method == "POST":
        if form.is_valid():
            try:
                set_grade(customer, by=request.user, **form.cleaned_data)
                messages.success(request, _("Grade saved."))
                return redirect(customer)
            except ValidationError as error:
                form.add_error(None, error)
        return render(request, "customers/grade_form.html", context, status=422)
    return render(request, "customers/grade_form.html", context)


@require_http_methods(["GET", "POST"])
@role_required(*ANONYMIZE_CUSTOMERS, write=True)
def customer_anonymize(request, pk):
    customer = customer_for(request, pk)
    form = NoteForm(request.POST or None)
    context = {"form": form, "customer": customer}
    if request.method == "POST":
        if form.is_valid():
            try:
                privacy.anonymize_customer(customer, note=form.cleaned_data["note"], by=request.user)
                messages.success(request, _("The customer's personal information was removed."))
                return redirect(customer)
            except ValidationError as error:
                form.add_error(None, error)
        return render(request, "customers/anonymize_form.html", context, status=422)
    return render(request, "customers/anonymize_form.html", context)


@require_POST
@role_required(*RECEIVE_VIPS, write=True)
def vip_reception(request, pk):
    customer = customer_for(request, pk)
    form = VipReceptionForm(request.POST)
    if form.is_valid():
        try:
            with submitted_once(form, by=request.user, then=customer.get_absolute_url()):
                record_vip_reception(customer, received_by=request.user, notes=form.cleaned_data["notes"])
            messages.success(request, _("VIP reception recorded; customer service will call back."))
            return redirect(customer)
        except AlreadySubmitted as repeat:
            return repeated_submission(request, repeat)
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "customers/refused.html", {"back": customer, "form": form}, status=422)
