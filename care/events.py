"""Business events customer care announces; surveys turns them into callbacks (CALLBACK_PLAN)."""

from django.utils.translation import gettext_lazy as _

from organization.events import declare_event_kind

# An owner-lecture attendee's evaluation with feedback or a question: answered within 48 h (seed 000).
OWNER_LECTURE_FEEDBACK = declare_event_kind("owner_lecture_feedback", _("Owner lecture feedback to answer"))
