"""`{% remaining milestone now %}`: a milestone's time left, or how long overdue, as the queues show it."""

from django import template

from complaints.deadlines import describe_due

register = template.Library()


@register.simple_tag
def remaining(milestone, now):
    return describe_due(milestone, now)
