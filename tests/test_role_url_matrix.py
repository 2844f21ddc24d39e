"""Role × URL matrix: every URL of the project, by GET and POST, as every role, the group user and anonymous.

The table below is written by hand from SPEC section 1 (and section 0 for the group user), not recorded from
what the views do today. A URL that is not in it fails `test_every_url_has_an_entry`: add its line, naming
who may GET and who may POST it, and the object kind of each parameter.

What each answer must be (tests/url_matrix.py makes the requests):
- anonymous: a redirect to the login page (a public page answers; a method the view does not take may 405);
- a method the view does not take: 405 for everyone logged in;
- a role allowed by the table: anything but 403, 404, 405 or a 500 (an empty POST may well answer 422);
  with another store's object: 404 (the group user reads every store, so it is let in there too);
- any other role: 403 (or 404 for another store's object, when the view looks it up first).
"""

import re

import pytest
from django.db import transaction
from django.urls import reverse

from organization.roles import Role
from tests.url_matrix import ANONYMOUS, Objects, build_cast, project_routes, walk, written_table

pytestmark = pytest.mark.django_db  # the walk's module fixture needs the test database set up

R = Role
ADV, SALES, CS, SUP = R.SERVICE_ADVISOR, R.SALES_CONSULTANT, R.CUSTOMER_SERVICE, R.FRONT_DESK_SUPERVISOR
HEAD, ASM, GM, GROUP = R.DEPARTMENT_HEAD, R.AFTER_SALES_MANAGER, R.GENERAL_MANAGER, R.GROUP_MANAGEMENT
TECH, QC, PARTS, LOUNGE = R.TECHNICIAN, R.QC_INSPECTOR, R.PARTS_STAFF, R.LOUNGE_STAFF

# Pages about the user themself (landing, the no-role page, their own notifications, marking them read): no
# store's records, so every logged-in user, the group user too.
LOGGED_IN = frozenset(Role)
PUBLIC = "public"  # no login needed: the last lines of MATRIX

# Customer files. Advisors do customers and vehicles; consultants deliver to their customers; customer service
# calls them back and logs complaints; complaint handlers (supervisor, heads, after-sales manager) contact them;
# the GM sees everything in the store. SPEC silent on who edits a file: everyone who talks to the customer.
# Workshop, QC, parts and lounge staff see the customer on a repair order, not the files.
WRITE_CUSTOMERS = {ADV, SALES, CS, SUP, HEAD, ASM, GM}
READ_CUSTOMERS = WRITE_CUSTOMERS | {GROUP}
# "The full mobile number shows to the roles that call customers (advisors, consultants for their own
# customers, customer service, complaint handlers)": the consultant's customer is theirs in this walk.
REVEAL_MOBILE = {ADV, SALES, CS, SUP, HEAD, ASM, GM}
DELIVER = {SALES, HEAD, GM}  # consultants record deliveries; a department head and the GM may stand in
# "Revoked by a manager"; SPEC silent on granting, fleets, import, anonymization and fake referrals: the same
# managers decide those (a department head, the after-sales manager, the GM).
MANAGE = {HEAD, ASM, GM}
BOOK_APPOINTMENTS = {ADV, SUP, ASM, GM}  # advisors book; the front-desk supervisor, ASM and GM may too
READ_APPOINTMENTS = BOOK_APPOINTMENTS | {GROUP}
RECEIVE_VIP = {SUP, HEAD, ASM, GM}  # "received and seen off by staff of supervisor level or above"
# SPEC silent on who keeps the showroom traffic log: sales staff the showroom, customer service samples it.
LOG_SHOWROOM = {SALES, CS, HEAD, GM}
# Callback lists are each caller's own work (advisor 48 h, consultant 24 h/72 h, customer service 7 days).
CALL_BACK = {ADV, SALES, CS}
# k-calls: SPEC section 3's care lists land on the vehicle's advisor or customer service.
CARE_CALLS = {ADV, CS}
CARE_OPT_OUTS = CARE_CALLS | {ASM, GM}
# Personal work lists stay with their role: the advisor's workbench ("own and unassigned work"), the technician's
# repair orders, a head's department complaints. Store-wide queues (repair orders in QC, parts, the lounge, the
# complaint queue) also show to the GM, who sees everything in the store, and the group user, who reads every store.
COMPLAINT_QUEUE = {CS, SUP, ASM, GM, GROUP}  # CS "sees complaints"; supervisor's queue; ASM "all complaints"
# Staff named on a complaint see it on "my complaints", whatever their role (SPEC section 1); whoever makes a call
# logs what the customer said, customer service also from the customer page, and the complaint handlers above it.
NAMED_ON_COMPLAINTS = LOGGED_IN - {GROUP}
LOG_COMPLAINTS = {CS, ADV, SALES, SUP, ASM}
# The complaint's page: everyone it names (any store role) opens it, the group user reads it; its steps are posted by
# the roles that may own them (customer service, the supervisor, the ASM, department heads, the GM); the responsible
# person, whoever it is, logs the contacts and the handling milestones.
READ_COMPLAINT = LOGGED_IN
STORE_STAFF = LOGGED_IN - {GROUP}
# The monthly complaint statistics: the after-sales manager and GM their store's, a head their department's rows.
STATISTICS = {ASM, GM, GROUP, HEAD}
# Appeals and penalties: anyone named on a complaint appeals and sees their own row (SPEC section 1, "my
# complaints"); heads take appeals on, the GM rules; the GM and the after-sales manager record fines.
NAMED = set(Role) - {GROUP}
READ_PENALTIES = NAMED | {GROUP}  # the group user reads one chosen store's penalties and appeals
POLICIES = {GM, GROUP}  # the GM's store policy; the group's defaults (the group user's one write)
# The store's holiday table (节假日): the GM keeps their store's, the group user reads every store's.
# Published prices: SPEC silent on who publishes them; the after-sales manager and the GM the labor catalog, parts
# staff the parts list too; advisors read both to quote, the group user reads every store's.
PUBLISH_LABOR = {ASM, GM}
PUBLISH_PARTS = PUBLISH_LABOR | {PARTS}
READ_PRICES = PUBLISH_PARTS | {ADV, GROUP}
# Repair orders: the advisor receives the car, records signatures and the customer's answers; a price other than the
# published one needs the after-sales manager or the GM, so they add lines and ask for changes too. Everyone who
# works on or answers for an order reads it (desk, workshop, QC, parts, customer service, complaint handlers).
CHANGE_WORK = {ADV, ASM, GM}
# The advisor settles and delivers the car; everyone who reads the order reads its printables.
READ_REPAIR_ORDERS = BOOK_APPOINTMENTS | {TECH, QC, PARTS, CS, HEAD, GROUP}
# Satisfaction report (SPEC section 4, seed 004): customer service and its head (a department head), the GM; the
# group user reads.
READ_SATISFACTION = {CS, HEAD, GM, GROUP}

# s-plans: customer service follows the improvement plan up; anyone of a store may own one of its actions.
READ_PLAN = {CS, HEAD, ASM, GM, GROUP}
STORE_STAFF = LOGGED_IN - {GROUP}

# fmt: off
STORE_PANEL = {"store": "store", "key": "panel"}  # a store's dashboard panel, read by the group user

MATRIX = {
    # url name                                 GET                       POST                  parameters
    "landing":                                 (LOGGED_IN,                None,                 {}),
    "organization:no_role":                    (LOGGED_IN,                None,                 {}),
    "organization:notifications":              (LOGGED_IN,                None,                 {}),
    "organization:notification_badge":         (LOGGED_IN,                None,                 {}),
    "organization:mark_notifications_read":    (None,                     LOGGED_IN,            {}),
    "organization:policies":                   (POLICIES,                 POLICIES,             {}),
    "organization:policy_history":             (POLICIES,                 None,                 {}),
    "organization:holidays":                   (POLICIES,                 None,                 {}),
    "organization:holiday_create":             ({GM},                     {GM},                 {}),
    "organization:holiday_import":             (None,                     {GM},                 {}),
    "organization:holiday_edit":               ({GM},                     {GM},                 {"pk": "holiday"}),
    "organization:holiday_delete":             ({GM},                     {GM},                 {"pk": "holiday"}),
    "customers:list":                          (READ_CUSTOMERS,           None,                 {}),
    "customers:create":                        (WRITE_CUSTOMERS,          WRITE_CUSTOMERS,      {}),
    "customers:detail":                        (READ_CUSTOMERS,           None,                 {"pk": "customer"}),
    "customers:edit":                          (WRITE_CUSTOMERS,          WRITE_CUSTOMERS,      {"pk": "customer"}),
    "customers:reveal_mobile":                 (None,                     REVEAL_MOBILE,        {"pk": "customer"}),
    "customers:vehicle_create":                (WRITE_CUSTOMERS,          WRITE_CUSTOMERS,      {"pk": "customer"}),
    "customers:sale_create":                   (DELIVER,                  DELIVER,              {"pk": "customer"}),
    "customers:follow_up_create":              (None,                     WRITE_CUSTOMERS,      {"pk": "customer"}),
    "customers:grade":                         (WRITE_CUSTOMERS,          WRITE_CUSTOMERS,      {"pk": "customer"}),
    "customers:anonymize":                     (MANAGE,                   MANAGE,               {"pk": "customer"}),
    "customers:membership_grant":              (None,                     MANAGE,               {"pk": "customer"}),
    "customers:vip_reception":                 (None,                     RECEIVE_VIP,          {"pk": "customer"}),
    "customers:vehicle_edit":                  (WRITE_CUSTOMERS,          WRITE_CUSTOMERS,      {"pk": "vehicle"}),
    "customers:membership_revoke":             (MANAGE,                   MANAGE,               {"pk": "membership"}),
    "customers:membership_reapply":            (None,                     MANAGE,               {"pk": "membership"}),
    "customers:fleet_list":                    (READ_CUSTOMERS,           None,                 {}),
    "customers:fleet_create":                  (MANAGE,                   MANAGE,               {}),
    "customers:fleet_detail":                  (READ_CUSTOMERS,           None,                 {"pk": "fleet"}),
    "customers:fleet_add_vehicle":             (None,                     MANAGE,               {"pk": "fleet"}),
    "customers:fleet_activate":                (None,                     MANAGE,               {"pk": "fleet"}),
    "customers:fleet_reapply":                 (None,                     MANAGE,               {"pk": "fleet"}),
    "customers:import":                        (MANAGE,                   MANAGE,               {}),
    "customers:import_confirm":                (None,                     MANAGE,               {}),
    "customers:showroom":                      (LOG_SHOWROOM | {GROUP},   None,                 {}),
    "customers:showroom_visit_create":         (None,                     LOG_SHOWROOM,         {}),
    "customers:referral_flag_fake":            (MANAGE,                   MANAGE,               {"pk": "referral"}),
    "aftersales:workbench":                    (READ_APPOINTMENTS,        None,                 {}),
    "aftersales:appointment_create":           (BOOK_APPOINTMENTS,        BOOK_APPOINTMENTS,    {"pk": "vehicle"}),
    "aftersales:appointment_action":           (None,                     BOOK_APPOINTMENTS,    {"pk": "appointment"}),
    "aftersales:appointment_reschedule":       (BOOK_APPOINTMENTS,        BOOK_APPOINTMENTS,    {"pk": "appointment"}),
    "aftersales:appointment_flag_fake":        (MANAGE,                   MANAGE,               {"pk": "appointment"}),
    "aftersales:self_registered_checked":      (None,                     BOOK_APPOINTMENTS,    {"pk": "appointment"}),
    "aftersales:appointment_preparation":      (BOOK_APPOINTMENTS,        BOOK_APPOINTMENTS,    {"pk": "appointment"}),
    "aftersales:my_repair_orders":             ({TECH},                   None,                 {}),
    "aftersales:qc_queue":                     ({QC, GM, GROUP},          None,                 {}),
    "aftersales:parts":                        ({PARTS, GM, GROUP},       None,                 {}),
    "aftersales:workshop_board":               ({ADV, ASM, SUP, GM, GROUP}, None,               {}),
    "aftersales:repair_order_start":           (None,                     {ADV, TECH},          {"pk": "repair_order"}),
    "aftersales:repair_order_finish":          (None,                     {TECH},               {"pk": "repair_order"}),
    "aftersales:repair_order_inspect":         (None,                     {QC},                 {"pk": "repair_order"}),
    "aftersales:repair_order_request_part":    (None,                     {ADV, TECH},          {"pk": "repair_order"}),
    "aftersales:requisition_issue":            (None,                     {PARTS},          {"pk": "requisition_line"}),
    "aftersales:labor_operations":             (READ_PRICES,              None,                 {}),
    "aftersales:import_labor_operations":      (PUBLISH_LABOR,            PUBLISH_LABOR,        {}),
    "aftersales:import_labor_operations_confirm": (None,                  PUBLISH_LABOR,        {}),
    "aftersales:part_prices":                  (READ_PRICES,              None,                 {}),
    "aftersales:import_part_prices":           (PUBLISH_PARTS,            PUBLISH_PARTS,        {}),
    "aftersales:import_part_prices_confirm":   (None,                     PUBLISH_PARTS,        {}),
    "aftersales:repair_order_settle":          ({ADV},                    {ADV},                {"pk": "repair_order"}),
    "aftersales:repair_order_deliver":         (None,                     {ADV},                {"pk": "repair_order"}),
    "aftersales:settlement_print":             (READ_REPAIR_ORDERS,       None,                 {"pk": "repair_order"}),
    "aftersales:gate_pass_print":              (READ_REPAIR_ORDERS,       None,                 {"pk": "repair_order"}),
    "aftersales:repair_orders":                (READ_REPAIR_ORDERS,       None,                 {}),
    "aftersales:repair_order":                 (READ_REPAIR_ORDERS,       None,                 {"pk": "repair_order"}),
    "aftersales:repair_order_print":           (READ_REPAIR_ORDERS,       None,                 {"pk": "repair_order"}),
    "aftersales:repair_order_create":          ({ADV},                    {ADV},                {"pk": "vehicle"}),
    "aftersales:appointment_receive":          ({ADV},                    {ADV},                {"pk": "appointment"}),
    "aftersales:repair_order_add_line":        (None,                     CHANGE_WORK,          {"pk": "repair_order"}),
    "aftersales:repair_order_remove_line":     (None,                     CHANGE_WORK,          {"pk": "repair_order"}),
    "aftersales:repair_order_sign":            (None,                     {ADV},                {"pk": "repair_order"}),
    "aftersales:repair_order_request_change":  (None,                     CHANGE_WORK,          {"pk": "repair_order"}),
    "aftersales:repair_order_decide_change":   (None,                     {ADV},                {"pk": "repair_order"}),
    "aftersales:repair_order_recommend":       (None,                     {ADV, TECH},          {"pk": "repair_order"}),
    "aftersales:repair_order_decline_recommendation": (None,              {ADV},                {"pk": "repair_order"}),
    "complaints:queue":                        (COMPLAINT_QUEUE,          None,                 {}),
    "complaints:department":                   ({HEAD},                   None,                 {}),
    "complaints:mine":                         (NAMED_ON_COMPLAINTS,      None,                 {}),
    "complaints:log_for_customer":             (LOG_COMPLAINTS,           LOG_COMPLAINTS,       {"pk": "customer"}),
    "complaints:detail":                       (READ_COMPLAINT,           None,                 {"pk": "complaint"}),
    "complaints:print":                        (READ_COMPLAINT,           None,                 {"pk": "complaint"}),
    "complaints:hand_over":                    (None,                     {CS},                 {"pk": "complaint"}),
    "complaints:first_handling":               (None,                     {SUP},                {"pk": "complaint"}),
    "complaints:dispatch":                     (None,                     {ASM},                {"pk": "complaint"}),
    "complaints:assign_responsible":           (None,                     {HEAD},               {"pk": "complaint"}),
    "complaints:contact":                      (None,                     STORE_STAFF,          {"pk": "complaint"}),
    "complaints:record_handling":              (None,                     STORE_STAFF,          {"pk": "complaint"}),
    "complaints:department_result":            (None,                     {HEAD},               {"pk": "complaint"}),
    "complaints:sign_plan":                    (None,                     {HEAD},               {"pk": "complaint"}),
    "complaints:department_reply":             (None,                     {HEAD},               {"pk": "complaint"}),
    "complaints:summarize":                    (None,                     {ASM},                {"pk": "complaint"}),
    "complaints:satisfaction_callback":        (None,                     {CS},                 {"pk": "complaint"}),
    "complaints:gm_instruction":               (None,                     {GM},                 {"pk": "complaint"}),
    "complaints:gm_final":                     (None,                     {GM},                 {"pk": "complaint"}),
    "complaints:archive":                      (None,                     {CS},                 {"pk": "complaint"}),
    "complaints:reclassify":                   (None,                     {CS, ASM, GM},        {"pk": "complaint"}),
    "complaints:name_at_fault":                (None,                     {SUP, ASM, GM, HEAD}, {"pk": "complaint"}),
    "complaints:findings":                     (None,                     {ASM, GM},            {"pk": "complaint"}),
    "complaints:deadline_preview":             ({GM, ASM},                None,                 {}),
    "complaints:late_breaches":                ({GM, GROUP},              None,                 {}),
    "complaints:statistics":                   (STATISTICS,               None,                 {}),
    "complaints:export":                       (STATISTICS,               None,                 {}),
    "complaints:appeal_file":                  (None,                     NAMED,                {"pk": "at_fault"}),
    "complaints:appeals":                      (READ_PENALTIES,           None,                 {}),
    "complaints:appeal_forward":               (None,                     {HEAD},               {"pk": "appeal"}),
    "complaints:appeal_rule":                  (None,                     {GM},                 {"pk": "appeal"}),
    "complaints:penalties":                    (READ_PENALTIES,           None,                 {}),
    "complaints:fine_record":                  (None,                     {ASM, GM},            {}),
    "complaints:explicit_loss":                (None,                     {ASM, GM},            {"pk": "complaint"}),
    "complaints:commission_withhold":          (None,                     {ASM, GM},            {}),
    "complaints:rework":                       (None,                     {ASM, GM},            {}),
    "surveys:my_callbacks":                    (CALL_BACK,                None,                 {}),
    "surveys:callback_detail":                 (CALL_BACK,                None,                 {"pk": "callback"}),
    "surveys:record_outcome":                  (None,                     CALL_BACK,            {"pk": "callback"}),
    "surveys:reveal_mobile":                   (None,                     CALL_BACK,            {"pk": "callback"}),
    "surveys:log_complaint":                   (CALL_BACK,                CALL_BACK,            {"pk": "callback"}),
    # The customer lounge (seed 000 part 2): the lounge staff tick the day and keep the lost-property register; the
    # after-sales manager and the GM oversee it, log violations and read the monthly summary; the group user reads.
    "care:lounge":                             ({LOUNGE, ASM, GM, GROUP}, None,                 {}),
    "care:lounge_checklist":                   (None,                     {LOUNGE},             {}),
    "care:lounge_violation":                   (None,                     {LOUNGE, ASM, GM},    {}),
    "care:lounge_summary":                     ({ASM, GM, GROUP},         None,                 {}),
    "care:lost_property_create":               (None,                     {LOUNGE},             {}),
    "care:lost_property_report":               (None,                     {LOUNGE},            {"pk": "lost_property"}),
    "care:lost_property_return":               (None,                     {LOUNGE, ASM, GM},   {"pk": "lost_property"}),
    # s-queues: the team queue, its hand-over and the call scripts are the customer-service head's (a department
    # head who heads the store's customer service, checked by the view; the walk's head does); "the customer-service
    # head owns the survey plan and call scripts"; the GM and the group user read the team queue.
    "surveys:team_queue":                      ({HEAD, GM, GROUP},        None,                 {}),
    "surveys:hand_over":                       (None,                     {HEAD},               {}),
    "surveys:call_scripts":                    ({HEAD},                   {HEAD},               {}),
    # s-plans: OEM scores (customer service's head and the GM type them in, the group reads); the improvement plan
    # (customer service follows it up, heads, ASM and the GM work it); anyone of a store may own an action.
    "surveys:oem_scores":                      ({HEAD, GM, GROUP},        {HEAD, GM},           {}),
    "surveys:improvement_plan":                (READ_PLAN,                None,                 {}),
    "surveys:my_improvement_actions":          (STORE_STAFF,              None,                 {}),
    "surveys:improvement_action":              (LOGGED_IN,                STORE_STAFF,          {"pk": "improvement"}),
    # s-focus: the week's and month's focus items are set by customer service's head (the walk's head is), ASM, GM.
    "surveys:new_focus_item":                  ({HEAD, ASM, GM},          {HEAD, ASM, GM},      {}),
    "dashboard:gm":                            ({GM},                     None,                 {}),
    "dashboard:panel":                         ({GM},                     None,                 {"key": "panel"}),
    "dashboard:group":                         ({GROUP},                  None,                 {}),
    # The group user reads any store's dashboard as its GM sees it (read-only).
    "dashboard:store":                         ({GROUP},                  None,                 {"store": "store"}),
    "dashboard:store_panel":                   ({GROUP},                  None,                 STORE_PANEL),
    # Broadcasts and owner lectures (k-outreach): the ASM and the GM speak to the store's owners; customer service
    # runs the lectures (the ASM and GM may too); the group user reads both.
    "care:broadcasts":                         ({ASM, GM, GROUP},         None,                 {}),
    "care:broadcast_new":                      ({ASM, GM},                {ASM, GM},            {}),
    "care:broadcast_count":                    ({ASM, GM},                None,                 {}),
    "care:broadcast_detail":                   ({ASM, GM, GROUP},         None,                 {"pk": "broadcast"}),
    "care:lectures":                           ({CS, ASM, GM, GROUP},     {CS, ASM, GM},        {}),
    "care:lecture_detail":                     ({CS, ASM, GM, GROUP},     None,                 {"pk": "lecture"}),
    "care:lecture_attend":                     (None,                     {CS, ASM, GM},        {"pk": "lecture"}),
    "care:lecture_evaluate":                   ({CS, ASM, GM},            {CS, ASM, GM},        {"pk": "attendance"}),
    # k-calls: care call lists are each caller's own (advisors theirs, customer service the unowned ones too); the
    # after-sales manager and the GM oversee them, the group user reads; opt-outs by whoever calls or oversees.
    "care:today":                              (CARE_CALLS,               None,                 {}),
    "care:team":                               ({ASM, GM, GROUP},         None,                 {}),
    "care:contact":                            (CARE_CALLS,               None,                 {"pk": "care_contact"}),
    "care:log_call":                           (None,                     CARE_CALLS,           {"pk": "care_contact"}),
    "care:reveal_mobile":                      (None,                     CARE_CALLS,           {"pk": "care_contact"}),
    "care:opt_outs":                           (CARE_OPT_OUTS,            CARE_OPT_OUTS,        {"pk": "customer"}),
    "care:remove_opt_out":                     (CARE_OPT_OUTS,            CARE_OPT_OUTS,        {"pk": "care_opt_out"}),
    "surveys:satisfaction_report":             (READ_SATISFACTION,        None,                 {}),
    # Issue 11: staff incentives, for the after-sales manager and the GM; the group user reads them.
    "aftersales:incentives":                   ({ASM, GM, GROUP},         None,                 {}),
    "aftersales:package_sell":                 ({ADV},                    {ADV},                {"pk": "vehicle"}),
    "aftersales:extended_warranty_sell":       ({ADV},                    {ADV},                {"pk": "vehicle"}),
    # No login needed: the login page and logging out, switching language, and (with their issues) the public
    # booking and survey pages. The admin lets in only is_staff accounts (nobody here): it redirects to its login.
    "login":                                   (PUBLIC,                   PUBLIC,               {}),
    "logout":                                  (None,                     PUBLIC,               {}),
    "set_language":                            (PUBLIC,                   PUBLIC,               {}),
    "book:book":                               (PUBLIC,                   PUBLIC,               {"code": "store"}),
    "book:verify":                             (PUBLIC,                   PUBLIC,               {"token": "booking"}),
    "book:done":                               (PUBLIC,                   None,                 {"token": "booking"}),
    # s-surveys: the survey a customer-service callback carries (its caller takes it or texts the link); answers on
    # paper or face to face by customer service; questionnaires owned by the customer-service head (a department
    # head: the view also checks they head customer service), read by customer service, the heads, the GM and the
    # group user (SPEC section 4: "owned by the customer-service head and viewable by the GM"); the public page.
    "surveys:callback_survey":                 (CALL_BACK,                CALL_BACK,            {"pk": "cs_callback"}),
    "surveys:send_survey_link":                (None,                     CALL_BACK,            {"pk": "cs_callback"}),
    "surveys:survey_detail":                   ({CS},                     {CS},                 {"pk": "survey"}),
    "surveys:questionnaires":                  ({CS, HEAD, GM, GROUP},    None,                 {}),
    "surveys:questionnaire":                   ({CS, HEAD, GM, GROUP},    None,                 {"pk": "version"}),
    "surveys:questionnaire_edit":              ({HEAD},                   {HEAD},               {"pk": "version"}),
    "survey:answer":                           (PUBLIC,                   PUBLIC,               {"token": "sms_link"}),
    # s-complaint-survey: customer service takes the survey on a complaint's closing satisfaction callback (the
    # matrix's complaint is not at it: customer service gets the 422 that says so).
    "surveys:complaint_survey":                ({CS},                     {CS},                 {"pk": "complaint"}),
    # The monthly staff report: everyone reads it (their own row, a head their department's, the GM and the ASM the
    # store's); the group user any chosen store's. The .xlsx is the same table.
    "dashboard:staff_report":                  (LOGGED_IN,                None,                 {}),
    "dashboard:staff_report_xlsx":             (LOGGED_IN,                None,                 {}),
}
# fmt: on
ADMIN = "admin:"  # every admin URL, named or not: the admin site's own is_staff login guards them all
# The admin's guard looks at is_staff, not at roles: it is asked as anonymous, the GM and the group user only.
ADMIN_ASKERS = (ANONYMOUS, GM.name, GROUP.name)
ANSWERS_403 = {"organization:no_role"}  # the page that tells a user without a role so


def entry_for(name: str):
    if name.startswith(ADMIN) or name.startswith("admin/"):
        return ADMIN
    return MATRIX.get(name)


@pytest.fixture(scope="module")
def answers(django_db_setup, django_db_blocker):
    """Every answer of the walk, made once in a transaction that is rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        cast = build_cast()
        routes = [route for route in project_routes() if entry_for(route.name) is not None]
        kinds = {name: params for name, (_get, _post, params) in MATRIX.items()}

        def askers(route):
            return ADMIN_ASKERS if entry_for(route.name) == ADMIN else list(cast.users)

        walked = walk(routes, kinds, cast, Objects(), askers)
        transaction.set_rollback(True)
    return walked


def test_every_url_has_an_entry():
    routes = project_routes()
    missing = [f"{r.name} ({r.route})" for r in routes if entry_for(r.name) is None]
    assert not missing, (
        f"No entry in MATRIX (tests/test_role_url_matrix.py) for {missing}: add who may GET and POST each "
        "(SPEC section 1) and the object kind of each parameter."
    )
    gone = sorted(set(MATRIX) - {r.name for r in routes})
    assert not gone, f"MATRIX names URLs that no longer exist: {gone}"
    unfilled = [
        f"{r.name}: {param}" for r in routes if r.name in MATRIX for param in r.params if param not in MATRIX[r.name][2]
    ]
    assert not unfilled, f"Name the object kind of these parameters in MATRIX: {unfilled}"


def test_the_group_user_writes_only_the_group_defaults():
    """SPEC section 0: the group user writes nothing but the group's policy defaults (and its own notices)."""
    writers = sorted(name for name, (_get, post, _) in MATRIX.items() if post and post != PUBLIC and GROUP in post)
    assert writers == ["organization:mark_notifications_read", "organization:policies"]


def expected_answer(name, method, who, whose):
    """What `who` must get for `method` on `name`: a status, or a description checked by `meets`."""
    entry = entry_for(name)
    if entry == ADMIN:
        return "admin"
    get, post, _params = entry
    allowed = get if method == "GET" else post
    if allowed is None:
        return {405, "login"} if who == ANONYMOUS else {405}
    if allowed == PUBLIC:
        return "answers"
    if who == ANONYMOUS:
        return {"login"}
    role = Role[who]
    if role not in allowed:
        return {403, 404} if whose == "other" else {403}  # the queryset may hide another store's object first
    if whose == "other" and role != GROUP:
        return {404}
    return {403} if name in ANSWERS_403 else "answers"


def meets(answer, expected) -> bool:
    status = answer.status
    if status >= 500:
        return False
    if expected == "answers":
        return status not in (403, 404, 405)
    if expected == "admin":  # nobody here is is_staff: the admin shows its login page or sends there
        if answer.name == "admin:login":
            return status == 200
        if answer.name == "admin:logout":  # the admin sends a non-staff user to its index, which sends to login
            return status == 302 and answer.location == reverse("admin:index")
        return status == 302 and answer.location.startswith(reverse("admin:login") + "?next=")
    if "login" in expected and status == 302:
        return answer.location.startswith(reverse("login") + "?next=")
    return status in expected


def test_every_role_gets_the_answer_spec_section_1_gives(answers):
    wrong = [
        f"{a.method} {a.path} ({a.name}, {a.whose} store) as {a.who}: {a.status} {a.location} {a.error}".rstrip()
        + f", expected {sorted(map(str, e)) if isinstance(e, set) else e}"
        for a in answers
        if not meets(a, e := expected_answer(a.name, a.method, a.who, a.whose))
    ]
    assert not wrong, f"{len(wrong)} of {len(answers)} answers differ from the table:\n" + "\n".join(wrong)


# Tables a GET may write to: logs of who read what, sessions, history rows.
LOG_TABLES = {
    "customers_privacylog",
    "customers_mobilesearch",
    "complaints_exportlog",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    "django_session",
    "django_admin_log",
    "surveys_surveypagerequest",  # the public survey page counts requests per address for its rate limit
}
LAST_LOGIN = re.compile(r'^UPDATE "organization_user" SET "last_login" = [^,]+ WHERE')


def is_log_write(sql: str) -> bool:
    table = written_table(sql)
    return table in LOG_TABLES or "_historical" in table or LAST_LOGIN.match(sql) is not None


def test_a_get_by_store_staff_writes_no_business_row_for_a_brand_new_store(answers):
    writes = sorted({f"GET {a.path} as {a.who}: {sql}" for a in answers for sql in a.writes if not is_log_write(sql)})
    assert not writes, f"{len(writes)} GETs wrote rows:\n" + "\n".join(writes)


def test_the_walk_covers_every_role_and_both_stores(answers):
    assert {a.who for a in answers} == {role.name for role in Role} | {ANONYMOUS}
    assert {a.whose for a in answers} == {"own", "other", "-"}
    assert {a.method for a in answers} == {"GET", "POST"}
