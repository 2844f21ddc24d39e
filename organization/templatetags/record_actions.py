"""`{% record_actions "vehicle" vehicle %}`: the actions other apps offer on a record, for the user viewing it."""

from django import template
from django.urls import reverse

from organization.navigation import record_actions_for

register = template.Library()


@register.inclusion_tag("organization/_record_actions.html", takes_context=True)
def record_actions(context, kind: str, record):
    user = context["request"].user
    return {
        "actions": [(label, reverse(url_name, args=[record.pk])) for label, url_name in record_actions_for(user, kind)]
    }
