"""The survey after a closed complaint (SPEC section 4): taken on the complaint's own closing satisfaction callback,
one call, not two.

Customer service asks it while the complaint is at its satisfaction callback, or after the customer accepted the
result on it. It scores the complaint's responsible person (else the repair order's advisor, else the sale's
consultant) and the first department involved (else after-sales): SSI when the complaint is about a sale, else CSI.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from complaints.models import Complaint, Stage
from organization.models import Department
from surveys.models import Survey, SurveyKind
from surveys.questionnaires import current_questionnaire


def survey_source(complaint: Complaint) -> str:
    return f"complaint:{complaint.pk}"


def survey_kind(complaint: Complaint) -> str:
    return SurveyKind.SSI if complaint.sale_id else SurveyKind.CSI


def survey_may_be_taken(complaint: Complaint) -> bool:
    """At the closing satisfaction callback, or after the customer accepted the result on it."""
    return complaint.stage == Stage.CALLBACK or complaint.verdict == Complaint.Verdict.ACCEPTED


def staff_scored(complaint: Complaint):
    if complaint.responsible_id:
        return complaint.responsible
    if complaint.repair_order_id:
        return complaint.repair_order.advisor
    if complaint.sale_id:
        return complaint.sale.consultant
    return None


def department_scored(complaint: Complaint) -> Department:
    """The first department involved in the complaint (in the order they were involved), else after-sales."""
    involved = complaint.involved.select_related("department").order_by("pk").first()
    if involved is not None:
        return involved.department
    department, _created = Department.objects.get_or_create(store=complaint.store, kind=Department.Kind.AFTER_SALES)
    return department


def survey_for_complaint(complaint: Complaint) -> Survey:
    """The complaint's survey, created with the store's current questionnaire on first use."""
    kind = survey_kind(complaint)
    try:
        with transaction.atomic():
            survey, _created = Survey.objects.get_or_create(
                source=survey_source(complaint),
                kind=kind,
                defaults={
                    "store": complaint.store,
                    "questionnaire": current_questionnaire(complaint.store, kind),
                    "complaint": complaint,
                    "customer": complaint.customer,
                    "vehicle": complaint.vehicle,
                    "staff": staff_scored(complaint),
                    "department": department_scored(complaint),
                    "visited_on": timezone.localdate(complaint.raised_at),
                },
            )
    except IntegrityError:  # created at the same moment by another request
        survey = Survey.objects.get(source=survey_source(complaint), kind=kind)
    return survey
