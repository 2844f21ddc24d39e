"""Shared by the customers tests: messages as the page shows them, in the UI language."""

from html import escape

from django.utils import translation
from django.utils.translation import gettext


def shown(msgid: str, **params) -> str:
    """`msgid` translated and HTML-escaped as a template renders it."""
    with translation.override("zh-hans"):
        text = gettext(msgid)
    return escape(text % params if params else text)


def page_of(response) -> str:
    return response.content.decode()


def customer_post(**changes) -> dict:
    data = {
        "name": "张伟明",
        "mobile": "13912345678",
        "gender": "male",
        "birthday": "1985-06-01",
        "occupation": "工程师",
        "source": "walk_in",
        "marketing_consent": "on",
        "referrer_mobile": "",
        "purchase_budget": "",
        "planned_purchase_on": "",
        "notes": "",
    }
    data.update(changes)
    return data


def vehicle_post(**changes) -> dict:
    data = {"vin": "LFV2A21K8N3041234", "plate": "粤AD12345", "brand": "大众", "model_name": "ID.4", "status": "in_use"}
    data.update(changes)
    return data
