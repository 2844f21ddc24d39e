"""Questionnaires (满意度问卷): seed 004's default SSI and CSI items, and versions edited by the customer-service head.

A store's version 1 is copied from the defaults when the store is created (and by a data migration for the stores
that existed before), as its policy version 1 is. Editing never changes a version: each save copies the items into a
new version with who, when and what changed; surveys keep the version they were created under, and their answers
its questions.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from organization.models import Department, Store, User
from organization.roles import Role
from surveys.models import Question, Questionnaire, SurveyKind

MECHANICAL, BODY_PAINT = Question.Area.MECHANICAL, Question.Area.BODY_PAINT


@dataclass(frozen=True)
class Item:
    code: str
    text: str
    script: str
    must_ask: bool = False
    area: str = ""


# Seed 004, 三、调查内容规定 (一) sales: items 2, 3 and 4 (consultant service, vehicle presentation, delivery) are the
# ones every callback must ask.
SSI_ITEMS = [
    Item("showroom", _("The showroom"), _("How did you find our showroom: its atmosphere and comfort?")),
    Item(
        "consultant_knowledge",
        _("The consultant's knowledge"),
        _("Did the sales consultant know the car well enough to answer your questions?"),
        must_ask=True,
    ),
    Item(
        "consultant_attitude",
        _("The consultant's attitude"),
        _("Were you satisfied with the sales consultant's attitude?"),
        must_ask=True,
    ),
    Item(
        "consultant_follow_up",
        _("The consultant's follow-up"),
        _("Did the sales consultant call you back after your visit and after the delivery?"),
        must_ask=True,
    ),
    Item(
        "vehicle_presentation",
        _("The vehicle presentation (equipment, price)"),
        _("Were you satisfied with how the car's equipment and price were explained to you?"),
        must_ask=True,
    ),
    Item("vehicle_documents", _("The vehicle documents"), _("Did you receive all the car's documents and papers?")),
    Item(
        "vehicle_condition",
        _("The vehicle's condition and use so far"),
        _("How has the car been since the delivery? Anything that does not work as expected?"),
    ),
    Item(
        "delivery",
        _("The delivery (cleaning, explanations, after-sales introduction)"),
        _("At the delivery, was the car clean, were its functions explained and was after-sales service introduced?"),
        must_ask=True,
    ),
    Item("overall", _("Overall satisfaction"), _("All in all, how satisfied are you with buying your car from us?")),
]

# Seed 004 (二) after-sales: the repair quality split into mechanical (机电) and body-paint (钣喷) work, and the use
# of the car since it left the workshop always asked.
CSI_ITEMS = [
    Item("service_quality", _("Service quality"), _("Were you satisfied with the service on this visit?")),
    Item("reception", _("Reception"), _("How were you received when you arrived?")),
    Item("attitude", _("The staff's attitude"), _("Were you satisfied with the service advisor's attitude?")),
    Item(
        "repair_mechanical",
        _("Repair quality: mechanical (机电)"),
        _("Was the mechanical or electrical work done right the first time?"),
        area=MECHANICAL,
    ),
    Item(
        "repair_body_paint",
        _("Repair quality: body and paint (钣喷)"),
        _("Were you satisfied with the body and paint work?"),
        area=BODY_PAINT,
    ),
    Item("timeliness", _("Timeliness"), _("Was the car ready at the promised time?")),
    Item("explanation", _("Explanation of the work and the bill"), _("Were the work done and the bill explained?")),
    Item("followed_up", _("The repair was followed up"), _("Did we call you after the repair to ask how it went?")),
    Item(
        "use_since",
        _("Use since leaving the workshop"),
        _("How has the car been since it left the workshop?"),
        must_ask=True,
    ),
    Item("overall", _("Overall satisfaction"), _("All in all, how satisfied are you with our service?")),
]

DEFAULT_ITEMS = {SurveyKind.SSI: SSI_ITEMS, SurveyKind.CSI: CSI_ITEMS}


def current_questionnaire(store: Store, kind: str) -> Questionnaire:
    """The store's latest version of its `kind` questionnaire (reads only; version 1 comes with the store)."""
    return Questionnaire.objects.filter(store=store, kind=kind).order_by("-version").first()


def default_questions(kind: str) -> list[dict]:
    """Seed 004's items of `kind` as Question fields, in the site's language (they are the store's text to edit)."""
    with translation.override(settings.LANGUAGE_CODE):
        return [
            {
                "position": position,
                "code": item.code,
                "text": str(item.text),
                "script": str(item.script),
                "must_ask": item.must_ask,
                "area": item.area,
            }
            for position, item in enumerate(DEFAULT_ITEMS[kind], start=1)
        ]


def add_first_versions(questionnaire_model, question_model, store_id: int) -> None:
    """Version 1 of each questionnaire of the store from seed 004, unless it has one (idempotent; migrations too)."""
    for kind in SurveyKind.values:
        first, created = questionnaire_model.objects.get_or_create(
            store_id=store_id, kind=kind, version=1, defaults={"note": "seed 004"}
        )
        if created:
            question_model.objects.bulk_create(
                question_model(questionnaire=first, **q) for q in default_questions(kind)
            )


@receiver(post_save, sender=Store, dispatch_uid="surveys.questionnaires.first_versions")
def first_versions_for_new_store(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        add_first_versions(Questionnaire, Question, instance.pk)


def heads_customer_service(user: User) -> bool:
    """The customer-service head (客服经理): the department head their store names for customer service."""
    return (
        user.store_id is not None
        and Role.DEPARTMENT_HEAD in user.roles
        and Department.objects.filter(store_id=user.store_id, kind=Department.Kind.CUSTOMER_SERVICE, head=user).exists()
    )


@transaction.atomic
def revise_questionnaire(
    store: Store, kind: str, items: list[dict], *, note: str, by: User, based_on: Questionnaire
) -> Questionnaire:
    """Save `items` (code, text, script, must_ask, area, scale; in order) as the next version of the questionnaire.

    Refused when someone saved a newer version than `based_on` meanwhile (their changes would be lost).
    """
    Store.objects.select_for_update().filter(pk=store.pk).first()  # one revision at a time per store
    latest = Questionnaire.objects.filter(store=store, kind=kind).aggregate(v=Max("version"))["v"]
    if latest != based_on.version:
        raise ValidationError(
            _("Version %(version)s was saved while you were editing. Open it and make your changes there."),
            code="newer_version",
            params={"version": latest},
        )
    version = Questionnaire.objects.create(
        store=store, kind=kind, version=(latest or 0) + 1, created_by=by, created_at=timezone.now(), note=note
    )
    Question.objects.bulk_create(
        Question(questionnaire=version, position=position, **item) for position, item in enumerate(items, start=1)
    )
    return version
