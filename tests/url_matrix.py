"""The walk behind tests/test_role_url_matrix.py: every URL of the project, requested as every role.

`project_routes()` lists every URL pattern (includes, admin and i18n too); `walk()` builds a store with
one user per role, the group user and another store, fills each URL's parameters with an object of the
user's store and of the other store, and records each answer. Every request runs in a savepoint that is
rolled back, so each one sees the same brand-new store and nothing a request did leaks into the next.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from care.models import CareOptOut
from complaints import handling
from complaints.models import Complaint, Severity
from complaints.models import Route as ComplaintRoute
from organization.models import Department, User
from organization.roles import Role
from surveys import public_survey
from surveys.models import SurveyKind
from surveys.questionnaires import current_questionnaire
from tests.factories import (
    AppealFactory,
    AppointmentFactory,
    BookingCodeFactory,
    BroadcastFactory,
    CallbackFactory,
    CareContactFactory,
    CustomerFactory,
    FleetAccountFactory,
    HolidayFactory,
    ImprovementActionFactory,
    IndividualMembershipFactory,
    LectureAttendanceFactory,
    LostPropertyFactory,
    OwnerLectureFactory,
    ReferralFactory,
    RepairOrderFactory,
    RequisitionLineFactory,
    StoreFactory,
    SurveyFactory,
    UserFactory,
    VehicleFactory,
    VehicleSaleFactory,
)

METHODS = ("GET", "POST")
ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Route:
    name: str  # "customers:detail"; an unnamed pattern goes by its route
    route: str  # "customers/<int:pk>/"
    params: tuple[str, ...]


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            name = route
            if pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield Route(name, route, tuple(_REGEX_PARAM.findall(route) + _PATH_PARAM.findall(route)))


# `<int:pk>` or `<pk>` in a path() route; `(?P<pk>...)` in a re_path() regex.
_PATH_PARAM = re.compile(r"<(?:\w+:)?(\w+)>(?![^(]*\))")
_REGEX_PARAM = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_REGEX_GROUP = re.compile(r"\((?!\?)[^)]*\)")  # an unnamed group: filled with 1


def project_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


def path_for(route: Route, values: dict[str, object]) -> str:
    """The URL of `route` with its parameters filled in; checked to resolve back to the same route."""
    path = _REGEX_PARAM.sub(lambda m: str(values[m.group(1)]), route.route)
    path = _PATH_PARAM.sub(lambda m: str(values[m.group(1)]), _REGEX_GROUP.sub("1", path))
    path = "/" + path.replace("^", "").replace("$", "").replace("\\Z", "")
    resolved = resolve(path).route  # Django drops a regex's leading ^ from the route it reports
    assert resolved.replace("^", "") == route.route.replace("^", ""), f"{path} goes to {resolved}, not {route.route}"
    return path


@dataclass
class Answer:
    name: str
    path: str
    method: str
    who: str  # a Role's name, "GROUP_MANAGEMENT" for the group user, or "anonymous"
    whose: str  # "own" or "other" store's object; "-" for a URL without parameters
    status: int
    location: str
    error: str
    writes: list[str] = field(default_factory=list)  # SQL that wrote rows during a store member's GET


@dataclass
class Cast:
    """The people and stores of the walk."""

    store: object
    other_store: object
    users: dict[str, object]  # who -> user (None for anonymous)


def build_cast() -> Cast:
    store, other_store = StoreFactory(code="matrix-own"), StoreFactory(code="matrix-other")
    users = {role.name: UserFactory(store=store, roles=[role]) for role in Role if role != Role.GROUP_MANAGEMENT}
    users[Role.GROUP_MANAGEMENT.name] = UserFactory(store=None, roles=[Role.GROUP_MANAGEMENT])
    users[ANONYMOUS] = None
    # s-queues: the walk's department head heads customer service (its team queue, hand-over and call scripts).
    Department.objects.create(store=store, kind=Department.Kind.CUSTOMER_SERVICE, head=users[Role.DEPARTMENT_HEAD.name])
    return Cast(store, other_store, users)


def _customer(store, user):
    """The consultant's own customer, so a consultant's reveal is allowed in their store (SPEC section 1)."""
    consultant = user if user is not None and Role.SALES_CONSULTANT in user.roles else None
    return CustomerFactory(store=store, sales_consultant=consultant)


def _callback(store, user):
    """On the user's own list, of the consultant's own customer, so only store scoping keeps another store's out."""
    owner = user if user is not None and user.store_id else None
    return CallbackFactory(customer=_customer(store, user), owner=owner)


def _complaint(store, user):
    """Logged by the store's customer service (so it has milestones), naming the user at fault: every role of the
    store may open it, only store scoping keeps another store's out."""
    specialist = User.objects.filter(store=store).with_role(Role.CUSTOMER_SERVICE).first()
    customer = CustomerFactory(store=store)
    complaint = handling.log_complaint(
        store=store,
        by=specialist or UserFactory(store=store, roles=[Role.CUSTOMER_SERVICE]),
        customer=customer,
        source=Complaint.Source.PHONE,
        category=Complaint.Category.VALID,
        severity=Severity.GENERAL,
        route=ComplaintRoute.FRONT_DESK,
        description="维修后异响",
        raised_at=customer.created_at,
    )
    if user is not None and user.store_id == store.pk:
        complaint.at_fault.add(user)
    return complaint


def _appeal(store, user):
    """An appeal addressed to the user when they are a department head."""
    heads = user is not None and Role.DEPARTMENT_HEAD in user.roles
    return AppealFactory(complaint__customer__store=store, **({"head": user} if heads else {}))


def _survey_callback(store, user):
    """Customer service's 7-day callback after a sale, on the user's own list: it carries the sale's survey."""
    sale = VehicleSaleFactory(vehicle__owner__store=store)
    owner = user if user is not None and user.store_id else None
    return CallbackFactory(customer=sale.buyer, vehicle=sale.vehicle, source=sale.source, owner=owner)


def _questionnaire(store, user):
    """The store's current CSI version; a department head of the store is made its customer-service head."""
    if user is not None and user.store_id == store.pk and Role.DEPARTMENT_HEAD in user.roles:
        Department.objects.update_or_create(store=store, kind=Department.Kind.CUSTOMER_SERVICE, defaults={"head": user})
    return current_questionnaire(store, SurveyKind.CSI)


def _survey_token(store, user):
    """A survey whose SMS link is open for a week: the page answers with its questions."""
    survey = SurveyFactory(customer__store=store, link_nonce="matrix", link_expires_at=timezone.now() + timedelta(7))
    return SimpleNamespace(pk=public_survey.token_for(survey))


# Parameter kinds: each builds one object of `store` for `user` (most objects ignore the user).
OBJECT_KINDS: dict[str, Callable] = {
    "customer": _customer,
    "vehicle": lambda store, user: VehicleFactory(owner__store=store),
    "membership": lambda store, user: IndividualMembershipFactory(customer__store=store),
    "fleet": lambda store, user: FleetAccountFactory(representative__store=store),
    "referral": lambda store, user: ReferralFactory(referrer__store=store),
    "callback": _callback,
    "complaint": _complaint,
    "appointment": lambda store, user: AppointmentFactory(vehicle__owner__store=store),
    "store": lambda store, user: SimpleNamespace(pk=store.code),  # a public page names its store by code
    "booking": lambda store, user: SimpleNamespace(pk=BookingCodeFactory(booked=True, store=store).token),
    "holiday": lambda store, user: HolidayFactory(store=store),
    "repair_order": lambda store, user: RepairOrderFactory(vehicle__owner__store=store),
    "requisition_line": lambda store, user: RequisitionLineFactory(order__vehicle__owner__store=store),
    "at_fault": _complaint,  # a complaint naming the user at fault
    "appeal": _appeal,
    "broadcast": lambda store, user: BroadcastFactory(store=store),
    "lecture": lambda store, user: OwnerLectureFactory(store=store),
    "attendance": lambda store, user: LectureAttendanceFactory(lecture__store=store),
    "lost_property": lambda store, user: LostPropertyFactory(store=store),
    # s-surveys
    "cs_callback": _survey_callback,
    "survey": lambda store, user: SurveyFactory(customer__store=store),
    "version": _questionnaire,
    "sms_link": _survey_token,
}
PER_USER_KINDS = {"customer", "callback", "complaint", "at_fault", "appeal"}
PER_USER_KINDS |= {"cs_callback", "version"}  # s-surveys


# k-calls: a care contact on the user's own list (advisors own theirs; customer service takes the unowned ones),
# and a customer's care opt-out.
def _care_contact(store, user):
    owner = user if user is not None and user.store_id and Role.CUSTOMER_SERVICE not in user.roles else None
    return CareContactFactory(customer=_customer(store, user), owner=owner)


def _care_opt_out(store, user):
    customer = CustomerFactory(store=store)
    return CareOptOut.objects.create(
        store=store, customer=customer, kind="birthday", reason="不要", recorded_by=UserFactory(store=store)
    )


OBJECT_KINDS |= {"care_contact": _care_contact, "care_opt_out": _care_opt_out}
PER_USER_KINDS |= {"care_contact"}


# s-plans: an improvement action the user owns in their own store (owners work their own actions).
def _improvement_action(store, user):
    owner = {"owner": user} if user is not None and user.store_id == store.pk else {}
    return ImprovementActionFactory(store=store, **owner)


OBJECT_KINDS["improvement"] = _improvement_action
PER_USER_KINDS.add("improvement")


class Objects:
    """Builds each kind of object once per store (and per user where ownership matters)."""

    def __init__(self):
        self._made = {}

    def pk(self, kind, store, user):
        key = (kind, store.pk, user.pk if kind in PER_USER_KINDS and user is not None else None)
        if key not in self._made:
            self._made[key] = OBJECT_KINDS[kind](store, user).pk
        return self._made[key]


def _clients(cast: Cast) -> dict[str, tuple[Client, str]]:
    clients = {}
    for who, user in cast.users.items():
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        clients[who] = (client, client.cookies.get(settings.SESSION_COOKIE_NAME).value if user else "")
    return clients


_WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def writes_in(queries) -> list[str]:
    return [query["sql"] for query in queries if _WRITE.match(query["sql"])]


def written_table(sql: str) -> str:
    return _WRITE.match(sql).group(2).lower()


# Parameters that name no store's object (the admin's): one fixed value each.
PLACEHOLDERS = {"object_id": 1, "id": 1, "content_type_id": 1, "app_label": "organization", "url": "no-such-page/"}
# Parameters that name no store's object: the same value for every store.
STORELESS_KINDS = {"panel": "heartbeat"}  # a dashboard panel's key


def walk(routes: list[Route], kinds: dict[str, dict[str, str]], cast: Cast, objects: Objects, askers) -> list[Answer]:
    """Request every route by GET and POST as everyone `askers(route)` names, with own- and other-store objects.

    `kinds` maps a URL name to its parameters' object kinds ({"pk": "customer"}); other parameters
    take their PLACEHOLDERS value.
    """
    answers = []
    clients = _clients(cast)
    logging.disable(logging.WARNING)  # every 403 and 405 is logged; a 500's exception is kept in its Answer
    try:
        for route in routes:
            answers += _ask_everyone(route, kinds.get(route.name, {}), cast, objects, askers(route), clients)
    finally:
        logging.disable(logging.NOTSET)
    return answers


def _ask_everyone(route, route_kinds, cast, objects, askers, clients) -> list[Answer]:
    answers = []
    storeless = {param: STORELESS_KINDS[kind] for param, kind in route_kinds.items() if kind in STORELESS_KINDS}
    route_kinds = {param: kind for param, kind in route_kinds.items() if param not in storeless}
    stores = [("own", cast.store), ("other", cast.other_store)] if route_kinds else [("-", None)]
    for who in askers:
        user = cast.users[who]
        client, session_key = clients[who]
        for whose, store in stores:
            values = {param: PLACEHOLDERS.get(param) for param in route.params} | storeless
            values |= {param: objects.pk(kind, store, user) for param, kind in route_kinds.items()}
            path = path_for(route, values)
            for method in METHODS:
                answers.append(_ask(client, session_key, route, path, method, who, whose))
    return answers


def _ask(client, session_key, route, path, method, who, whose) -> Answer:
    client.cookies.clear()
    if session_key:
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        response = client.get(path) if method == "GET" else client.post(path)
        transaction.set_rollback(True)
    error = ""
    if getattr(response, "exc_info", None):
        error = repr(response.exc_info[1])
    return Answer(
        name=route.name,
        path=path,
        method=method,
        who=who,
        whose=whose,
        status=response.status_code,
        location=response.get("Location", ""),
        error=error,
        writes=writes_in(queries) if method == "GET" and who not in (ANONYMOUS, Role.GROUP_MANAGEMENT.name) else [],
    )
