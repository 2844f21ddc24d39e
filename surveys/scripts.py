"""Call scripts (话术): what customer service says on each kind of callback, one per store and kind.

The customer-service head writes the store's scripts (SPEC section 1: they own the survey plan and call
scripts, revised monthly, seed 004). Until they do, a kind's script is the default below, shown in the
reader's language. The survey's per-question scripts belong to the questionnaire, not here.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.models import User
from surveys.models import Callback, CallScript

K = Callback.Kind
DEFAULT_SCRIPTS = {
    K.SALES_FIRST: _(
        "Thank the customer for the purchase; ask how the first day with the car went and answer any question."
    ),
    K.SALES_SECOND: _("Ask whether the customer has met any problem with the car's functions; offer to explain them."),
    K.SALES_AFTER_SALES_INTRO: _(
        "Introduce the after-sales service: the first maintenance, booking by phone, the lounge, the advisor."
    ),
    K.SERVICE_FOLLOW_UP: _("Ask whether the car has worked well since the repair and whether anything is still wrong."),
    K.SATISFACTION_SURVEY: _(
        "Ask the survey's questions in order; record each score and the customer's own words for any low score."
    ),
    K.VIP_CARE: _("Thank the customer for the visit and ask whether the reception met their expectations."),
    K.PROSPECT_SAMPLE: _(
        "Ask how the showroom visit went, whether the consultant explained the car clearly, and what is missing."
    ),
    K.OWNER_LECTURE_FEEDBACK: _(
        "Answer the question or feedback the customer left at the owner lecture; note what was agreed."
    ),
    K.MONTH_AFTER_PURCHASE: _(
        "Ask how the first month with the car went: its condition, its use, whether the delivery explained enough."
    ),
    K.HALF_YEAR_AFTER_SERVICE: _(
        "Ask how the car has been since its last service and remind the customer when the next one is due."
    ),
}


def script_for(store, kind: str) -> str:
    """The store's script for `kind`, else the default one."""
    text = CallScript.objects.filter(store=store, kind=kind).values_list("text", flat=True).first()
    return text if text is not None else str(DEFAULT_SCRIPTS[kind])


def scripts_of(store) -> list[tuple[str, str, str]]:
    """(kind, its label, the script) for every kind, in one query."""
    written = dict(CallScript.objects.filter(store=store).values_list("kind", "text"))
    return [(kind, label, written.get(kind, str(DEFAULT_SCRIPTS[kind]))) for kind, label in K.choices]


@transaction.atomic
def write_call_script(store, kind: str, text: str, *, by: User) -> CallScript:
    """The head's new script for `kind` at `store`; the history keeps the earlier ones."""
    script, created = CallScript.objects.get_or_create(
        store=store, kind=kind, defaults={"text": text, "updated_by": by}
    )
    if not created:
        script.text, script.updated_by, script.updated_at = text, by, timezone.now()
        script.save(update_fields=["text", "updated_by", "updated_at"])
    return script
