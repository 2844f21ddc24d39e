"""`{% record_actions "vehicle" vehicle %}`: the actions other apps offer on a record, for the user viewing it;
`{% record_panels "vehicle" vehicle among=vehicles %}`: the panels they show on it."""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from organization.navigation import record_actions_for, record_panels_for

register = template.Library()


@register.inclusion_tag("organization/_record_actions.html", takes_context=True)
def record_actions(context, kind: str, record):
    user = context["request"].user
    return {
        "actions": [(label, reverse(url_name, args=[record.pk])) for label, url_name in record_actions_for(user, kind)]
    }


@register.simple_tag(takes_context=True)
def record_panels(context, kind: str, record, among):
    """Each panel's context is computed once for all the page's records (`among`), then rendered for `record`."""
    key = ("record_panels", kind)
    if key not in context.render_context:
        records = list(among)
        panels = record_panels_for(context["request"].user, kind)
        context.render_context[key] = [(panel, panel.context_function(records)) for panel in panels]
    rendered = [
        (mark_safe(render_to_string(panel.template_name, contexts[record.pk])),)  # noqa: S308 (our own templates)
        for panel, contexts in context.render_context[key]
        if record.pk in contexts
    ]
    return format_html_join("", "{}", rendered)
