from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from customers import importing, membership, points, privacy, validation
from customers.audit import audit_trail
from customers.deliveries import VIP_RECEIVERS, deliver_vehicle, record_vip_reception
from customers.follow_ups import record_follow_up
from customers.forms import (
    CustomerEditForm,
    CustomerForm,
    FakeReferralForm,
    FleetForm,
    FleetVehicleForm,
    FollowUpForm,
    GradeForm,
    ImportForm,
    MembershipForm,
    NoteForm,
    SaleForm,
    ShowroomVisitForm,
    VehicleEditForm,
    VehicleForm,
)
from customers.grades import set_grade, suggested_grade_for
from customers.models import (
    Customer,
    FleetAccount,
    Grade,
    Membership,
    Referral,
    ShowroomVisit,
    Vehicle,
    VehicleSale,
)
from customers.prospects import record_showroom_visit
from customers.referrals import flag_fake_referral
from customers.registration import DuplicateRecord, register_customer, register_vehicle, update_customer, update_vehicle
from customers.search import SearchPaginator, search_customers
from organization.roles import Role, role_required

R = Role
# Who works with customer files (SPEC section 1); the group user reads them all and writes none.
STAFF = (
    R.SERVICE_ADVISOR,
    R.SALES_CONSULTANT,
    R.CUSTOMER_SERVICE,
    R.FRONT_DESK_SUPERVISOR,
    R.DEPARTMENT_HEAD,
    R.AFTER_SALES_MANAGER,
    R.GENERAL_MANAGER,
)
READERS = (*STAFF, R.GROUP_MANAGEMENT)
MANAGERS = (R.DEPARTMENT_HEAD, R.AFTER_SALES_MANAGER, R.GENERAL_MANAGER)
SELLERS = (R.SALES_CONSULTANT, R.DEPARTMENT_HEAD, R.GENERAL_MANAGER)
SHOWROOM = (R.SALES_CONSULTANT, R.CUSTOMER_SERVICE, R.DEPARTMENT_HEAD, R.GENERAL_MANAGER)
PAGE_SIZE = 25
IMPORT_SESSION_KEY = "customers_import_rows"

MEMBERSHIP_FILTERS = {
    "fleet": lambda active: Exists(active.filter(kind=Membership.Kind.FLEET)),
    "individual": lambda active: Exists(active.exclude(kind=Membership.Kind.FLEET)),
    "none": lambda active: ~Exists(active),
}


def _visible_customers(user):
    return Customer.objects.visible_to(user)


def _duplicate_error(form, error: ValidationError):
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
@role_required(*READERS)
def customer_list(request):
    query = request.GET.get("q", "").strip()[:50]
    grade = request.GET.get("grade", "")
    member = request.GET.get("membership", "")
    customers = search_customers(_visible_customers(request.user), query)
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
        "can_create": request.user.has_any_role(*STAFF) and not request.user.is_group_manager,
    }
    return render(request, "customers/customer_list.html", context)


def _detail_context(request, customer: Customer, **extra) -> dict:
    user = request.user
    vehicles = list(customer.vehicles.all())
    sales = VehicleSale.objects.visible_to(user).filter(buyer=customer).select_related("vehicle", "consultant")
    memberships = customer.memberships.select_related("fleet", "vehicle", "revoked_by", "reapplication")
    follow_ups = customer.follow_ups.select_related("staff")[:50]
    writer = user.has_any_role(*STAFF) and not user.is_group_manager
    return {
        "customer": customer,
        "masked_mobile": privacy.mask_mobile(customer.mobile),
        "can_reveal": privacy.can_reveal_mobile(user, customer),
        "vehicles": vehicles,
        "sales": list(sales),
        "memberships": list(memberships),
        "follow_ups": list(follow_ups),
        "grade_changes": list(customer.grade_changes.select_related("changed_by")[:20]),
        "points_balance": points.balance(customer),
        "referral_rewards": list(customer.referral_rewards.select_related("referral")),
        "audit": audit_trail(customer, vehicles),
        "can_write": writer and not customer.anonymized_at,
        "can_sell": writer and user.has_any_role(*SELLERS),
        "can_manage": writer and user.has_any_role(*MANAGERS),
        "can_receive_vip": writer and bool(user.roles & VIP_RECEIVERS),
        "follow_up_form": FollowUpForm(),
        "membership_form": MembershipForm(),
        **extra,
    }


def _customer_for(request, pk):
    return get_object_or_404(
        _visible_customers(request.user).select_related("store", "referred_by", "sales_consultant"), pk=pk
    )


@require_GET
@role_required(*READERS)
def customer_detail(request, pk):
    customer = _customer_for(request, pk)
    return render(request, "customers/customer_detail.html", _detail_context(request, customer))


@require_POST
@role_required(*STAFF, write=True)
def reveal_mobile(request, pk):
    customer = _customer_for(request, pk)
    mobile = privacy.reveal_mobile(customer, by=request.user)
    if request.htmx:
        return render(request, "customers/_full_mobile.html", {"mobile": mobile})
    return render(request, "customers/customer_detail.html", _detail_context(request, customer, full_mobile=mobile))


@require_http_methods(["GET", "POST"])
@role_required(*STAFF, write=True)
def customer_create(request):
    form = CustomerForm(request.POST or None, store=request.user.store)
    if request.method == "POST":
        if form.is_valid():
            try:
                customer = register_customer(store=request.user.store, by=request.user, **form.domain_fields())
                messages.success(request, _("Customer %(name)s saved.") % {"name": customer.name})
                return redirect(customer)
            except ValidationError as error:
                _duplicate_error(form, error)
        return render(request, "customers/customer_form.html", {"form": form}, status=422)
    return render(request, "customers/customer_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@role_required(*STAFF, write=True)
def customer_edit(request, pk):
    customer = _customer_for(request, pk)
    if customer.anonymized_at:
        messages.error(request, _("An anonymized customer cannot be edited."))
        return redirect(customer)
    if request.method == "GET":
        form = CustomerEditForm(initial=CustomerForm.initial_for(customer), store=customer.store)
        return render(request, "customers/customer_form.html", {"form": form, "customer": customer})
    form = CustomerEditForm(request.POST, store=customer.store)
    if form.is_valid():
        try:
            update_customer(
                customer, expected_version=form.cleaned_data["row_version"], by=request.user, **form.domain_fields()
            )
            messages.success(request, _("Customer %(name)s saved.") % {"name": customer.name})
            return redirect(customer)
        except ValidationError as error:
            _duplicate_error(form, error)
    customer.refresh_from_db()
    return render(request, "customers/customer_form.html", {"form": form, "customer": customer}, status=422)


def _warn_about_check_digit(request, vehicle: Vehicle) -> None:
    if not validation.vin_check_digit_ok(vehicle.vin):
        messages.warning(
            request,
            _("The VIN's check digit does not match; saved anyway (imported cars may differ). Check it: %(vin)s")
            % {"vin": vehicle.vin},
        )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF, write=True)
def vehicle_create(request, pk):
    customer = _customer_for(request, pk)
    if customer.anonymized_at:
        messages.error(request, _("An anonymized customer cannot be edited."))
        return redirect(customer)
    form = VehicleForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                vehicle = register_vehicle(owner=customer, by=request.user, **form.domain_fields())
                _warn_about_check_digit(request, vehicle)
                messages.success(request, _("Vehicle %(vehicle)s saved.") % {"vehicle": vehicle})
                return redirect(customer)
            except ValidationError as error:
                _duplicate_error(form, error)
        return render(request, "customers/vehicle_form.html", {"form": form, "customer": customer}, status=422)
    return render(request, "customers/vehicle_form.html", {"form": form, "customer": customer})


@require_http_methods(["GET", "POST"])
@role_required(*STAFF, write=True)
def vehicle_edit(request, pk):
    vehicle = get_object_or_404(Vehicle.objects.visible_to(request.user).select_related("owner"), pk=pk)
    context = {"customer": vehicle.owner, "vehicle": vehicle}
    if request.method == "GET":
        form = VehicleEditForm(initial=VehicleForm.initial_for(vehicle))
        return render(request, "customers/vehicle_form.html", {**context, "form": form})
    form = VehicleEditForm(request.POST)
    if form.is_valid():
        try:
            update_vehicle(
                vehicle, expected_version=form.cleaned_data["row_version"], by=request.user, **form.domain_fields()
            )
            _warn_about_check_digit(request, vehicle)
            messages.success(request, _("Vehicle %(vehicle)s saved.") % {"vehicle": vehicle})
            return redirect(vehicle.owner)
        except ValidationError as error:
            _duplicate_error(form, error)
    return render(request, "customers/vehicle_form.html", {**context, "form": form}, status=422)


@require_http_methods(["GET", "POST"])
@role_required(*SELLERS, write=True)
def sale_create(request, pk):
    customer = _customer_for(request, pk)
    form = SaleForm(request.POST or None, customer=customer)
    if request.method == "POST":
        if form.is_valid():
            try:
                deliver_vehicle(buyer=customer, by=request.user, **form.cleaned_data)
                messages.success(request, _("Delivery recorded; the sales callbacks are scheduled."))
                return redirect(customer)
            except ValidationError as error:
                form.add_error(None, error)
        return render(request, "customers/sale_form.html", {"form": form, "customer": customer}, status=422)
    return render(request, "customers/sale_form.html", {"form": form, "customer": customer})


@require_POST
@role_required(*STAFF, write=True)
def follow_up_create(request, pk):
    customer = _customer_for(request, pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            record_follow_up(customer, by=request.user, **form.cleaned_data)
            messages.success(request, _("Contact logged."))
            return redirect(customer)
        except ValidationError as error:
            form.add_error(None, error)
    context = _detail_context(request, customer, follow_up_form=form)
    return render(request, "customers/customer_detail.html", context, status=422)


@require_http_methods(["GET", "POST"])
@role_required(*STAFF, write=True)
def grade_edit(request, pk):
    customer = _customer_for(request, pk)
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
@role_required(*MANAGERS, write=True)
def customer_anonymize(request, pk):
    customer = _customer_for(request, pk)
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
@role_required(*MANAGERS, write=True)
def membership_grant(request, pk):
    customer = _customer_for(request, pk)
    form = MembershipForm(request.POST)
    if form.is_valid():
        try:
            membership.grant_individual_membership(customer, form.cleaned_data["kind"], by=request.user)
            messages.success(request, _("Membership granted."))
            return redirect(customer)
        except ValidationError as error:
            form.add_error(None, error)
    context = _detail_context(request, customer, membership_form=form)
    return render(request, "customers/customer_detail.html", context, status=422)


def _membership_for(request, pk):
    return get_object_or_404(
        Membership.objects.visible_to(request.user).select_related("customer", "vehicle", "fleet"), pk=pk
    )


def _back_to(item: Membership):
    return item.fleet if item.fleet_id else item.customer


@require_http_methods(["GET", "POST"])
@role_required(*MANAGERS, write=True)
def membership_revoke(request, pk):
    item = _membership_for(request, pk)
    form = NoteForm(request.POST or None)
    context = {"form": form, "membership": item}
    if request.method == "POST":
        if form.is_valid():
            try:
                membership.revoke_by_manager(item, note=form.cleaned_data["note"], by=request.user)
                messages.success(request, _("Membership revoked; its discount cards are void."))
                return redirect(_back_to(item))
            except ValidationError as error:
                form.add_error(None, error)
        return render(request, "customers/revoke_form.html", context, status=422)
    return render(request, "customers/revoke_form.html", context)


@require_POST
@role_required(*MANAGERS, write=True)
def membership_reapply(request, pk):
    item = _membership_for(request, pk)
    try:
        membership.reapply(item, by=request.user)
        messages.success(request, _("Re-application accepted; the membership is active again."))
        return redirect(_back_to(item))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return render(request, "customers/refused.html", {"back": _back_to(item)}, status=422)


@require_POST
@role_required(*VIP_RECEIVERS, write=True)
def vip_reception(request, pk):
    customer = _customer_for(request, pk)
    try:
        record_vip_reception(customer, received_by=request.user, notes=request.POST.get("notes", "")[:200])
        messages.success(request, _("VIP reception recorded; customer service will call back."))
        return redirect(customer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return render(request, "customers/refused.html", {"back": customer}, status=422)


@require_GET
@role_required(*READERS)
def fleet_list(request):
    fleets = (
        FleetAccount.objects.visible_to(request.user)
        .select_related("store", "representative", "fleet_specialist")
        .annotate_members()
        .order_by("name", "pk")
    )
    page = Paginator(fleets, PAGE_SIZE).get_page(request.GET.get("page"))
    can_create = request.user.has_any_role(*MANAGERS) and not request.user.is_group_manager
    return render(request, "customers/fleet_list.html", {"page": page, "can_create": can_create})


@require_http_methods(["GET", "POST"])
@role_required(*MANAGERS, write=True)
def fleet_create(request):
    form = FleetForm(request.POST or None, store=request.user.store)
    if request.method == "POST":
        if form.is_valid():
            try:
                fleet = membership.open_fleet_account(
                    store=request.user.store,
                    name=form.cleaned_data["name"],
                    representative=form.cleaned_data["representative_mobile"],
                    fleet_specialist=form.cleaned_data["fleet_specialist"],
                    local_plate_prefix=form.cleaned_data["local_plate_prefix"],
                )
                return redirect(fleet)
            except ValidationError as error:
                form.add_error(None, error)
        return render(request, "customers/fleet_form.html", {"form": form}, status=422)
    return render(request, "customers/fleet_form.html", {"form": form})


def _fleet_for(request, pk):
    return get_object_or_404(
        FleetAccount.objects.visible_to(request.user).select_related("representative", "fleet_specialist"), pk=pk
    )


def _fleet_context(request, fleet, **extra):
    members = fleet.memberships.select_related("vehicle", "customer", "revoked_by", "reapplication")
    active = [m for m in members if m.is_active]
    return {
        "fleet": fleet,
        "active_members": active,
        "revoked_members": [m for m in members if not m.is_active],
        "minimum": membership.minimum_fleet_size(fleet.store),
        "entitlements": membership.fleet_entitlements(fleet.store),
        "can_manage": request.user.has_any_role(*MANAGERS) and not request.user.is_group_manager,
        "vehicle_form": FleetVehicleForm(store=fleet.store),
        **extra,
    }


@require_GET
@role_required(*READERS)
def fleet_detail(request, pk):
    fleet = _fleet_for(request, pk)
    return render(request, "customers/fleet_detail.html", _fleet_context(request, fleet))


@require_POST
@role_required(*MANAGERS, write=True)
def fleet_add_vehicle(request, pk):
    fleet = _fleet_for(request, pk)
    form = FleetVehicleForm(request.POST, store=fleet.store)
    if form.is_valid():
        try:
            membership.add_fleet_vehicle(fleet, form.cleaned_data["vehicle"], by=request.user)
            messages.success(request, _("Vehicle added to the fleet."))
            return redirect(fleet)
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "customers/fleet_detail.html", _fleet_context(request, fleet, vehicle_form=form), status=422)


@require_POST
@role_required(*MANAGERS, write=True)
def fleet_activate(request, pk):
    fleet = _fleet_for(request, pk)
    try:
        membership.activate_fleet(fleet, by=request.user)
        messages.success(request, _("The fleet agreement is active; its discounts apply."))
        return redirect(fleet)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return render(request, "customers/fleet_detail.html", _fleet_context(request, fleet), status=422)


@require_POST
@role_required(*MANAGERS, write=True)
def fleet_reapply(request, pk):
    fleet = _fleet_for(request, pk)
    try:
        membership.reapply_fleet(fleet, by=request.user)
        messages.success(request, _("The fleet re-applied and is collecting vehicles again."))
        return redirect(fleet)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return render(request, "customers/fleet_detail.html", _fleet_context(request, fleet), status=422)


@require_http_methods(["GET", "POST"])
@role_required(*MANAGERS, write=True)
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
@role_required(*MANAGERS, write=True)
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


@require_GET
@role_required(*SHOWROOM, R.GROUP_MANAGEMENT)
def showroom_log(request):
    visits = (
        ShowroomVisit.objects.visible_to(request.user)
        .select_related("prospect", "consultant", "prospect__referral__referrer", "store")
        .order_by("-visited_at", "-pk")
    )
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    can_log = request.user.has_any_role(*SHOWROOM) and not request.user.is_group_manager
    form = ShowroomVisitForm(store=request.user.store) if can_log else None
    return render(request, "customers/showroom_log.html", _showroom_context(request, page, form))


def _showroom_context(request, page, form) -> dict:
    can_flag = request.user.has_any_role(*MANAGERS) and not request.user.is_group_manager
    return {"page": page, "form": form, "can_flag": can_flag}


@require_POST
@role_required(*SHOWROOM, write=True)
def showroom_visit_create(request):
    form = ShowroomVisitForm(request.POST, store=request.user.store)
    if form.is_valid():
        data = form.cleaned_data
        try:
            record_showroom_visit(
                store=request.user.store,
                prospect=None,
                name=data["name"],
                mobile=data["mobile"],
                interested_model=data["interested_model"],
                consultant=data["consultant"],
                visited_at=data["visited_at"],
                party_size=data["party_size"],
                notes=data["notes"],
                referrer=data["referrer_mobile"],
                by=request.user,
            )
            messages.success(request, _("Visit logged."))
            return redirect("customers:showroom")
        except ValidationError as error:
            form.add_error(None, error)
    visits = ShowroomVisit.objects.visible_to(request.user).select_related(
        "prospect", "consultant", "prospect__referral__referrer", "store"
    )
    page = Paginator(visits.order_by("-visited_at", "-pk"), PAGE_SIZE).get_page(1)
    return render(request, "customers/showroom_log.html", _showroom_context(request, page, form), status=422)


@require_http_methods(["GET", "POST"])
@role_required(*MANAGERS, write=True)
def referral_flag_fake(request, pk):
    referral = get_object_or_404(
        Referral.objects.visible_to(request.user).select_related("referrer", "prospect", "referred_customer"), pk=pk
    )
    form = FakeReferralForm(request.POST or None, store=referral.store)
    context = {"form": form, "referral": referral}
    if request.method == "POST":
        if form.is_valid():
            try:
                flag_fake_referral(referral, by=request.user, **form.cleaned_data)
                messages.success(request, _("Referral flagged as fake; the fine is recorded."))
                return redirect("customers:showroom")
            except ValidationError as error:
                form.add_error(None, error)
        return render(request, "customers/fake_referral_form.html", context, status=422)
    return render(request, "customers/fake_referral_form.html", context)
