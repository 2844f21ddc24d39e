from django import template

from customers.privacy import mask_mobile

register = template.Library()
register.filter("mask_mobile", mask_mobile)
