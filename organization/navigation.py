"""The navigation bar, the landing pages and the actions on a record, filled by each app from its AppConfig.ready().

Organization stands below the apps whose pages these are, so it names none of their URLs:
`customers/apps.py` shows how an app adds its entries and the pages its roles land on.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from organization.roles import Role


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    roles: frozenset[str]
    position: int


@dataclass(frozen=True)
class LandingPage:
    role: Role
    url_name: str
    precedence: int


@dataclass(frozen=True)
class RecordAction:
    label: str
    url_name: str
    roles: frozenset[str]
    position: int


_entries: dict[str, Entry] = {}
_record_actions: dict[str, dict[str, RecordAction]] = {}
_landing_pages: dict[Role, LandingPage] = {}


def add_entry(label, url_name: str, *, roles, position: int) -> None:
    """Show `url_name` in the navigation bar to `roles`, left to right by `position`."""
    _entries[url_name] = Entry(label, url_name, frozenset(roles), position)


def add_landing_page(role: Role, url_name: str, *, precedence: int) -> None:
    """Where `role` starts its day; a person holding several roles lands by the lowest `precedence`."""
    page = LandingPage(role, url_name, precedence)
    clash = [other for other in _landing_pages.values() if other.role == role or other.precedence == precedence]
    if clash and clash != [page]:
        raise ImproperlyConfigured(f"Landing page {page} clashes with {clash}")
    _landing_pages[role] = page


def entries_for(user) -> list[tuple[str, str]]:
    roles = user.roles
    entries = sorted(_entries.values(), key=lambda entry: entry.position)
    return [(entry.label, entry.url_name) for entry in entries if roles & entry.roles]


def landing_pages() -> list[LandingPage]:
    """Every registered landing page, in order of precedence."""
    return sorted(_landing_pages.values(), key=lambda page: page.precedence)


def landing_page_for(user) -> str:
    """The URL name of the page this user lands on after login."""
    roles = user.roles
    for page in landing_pages():
        if page.role in roles:
            return page.url_name
    return "organization:no_role"


def add_record_action(kind: str, label, url_name: str, *, roles, position: int) -> None:
    """Offer `url_name` (taking the record's pk) on every `kind` record ("vehicle", "customer") to `roles`.

    An action changes things, so the read-only group user never gets one. The page shows them with
    `{% load record_actions %}{% record_actions "vehicle" vehicle %}`.
    """
    _record_actions.setdefault(kind, {})[url_name] = RecordAction(label, url_name, frozenset(roles), position)


def record_actions_for(user, kind: str) -> list[tuple[str, str]]:
    """(label, url name) of the actions `user` may take on a `kind` record, in their registered order."""
    actions = sorted(_record_actions.get(kind, {}).values(), key=lambda action: action.position)
    return [(action.label, action.url_name) for action in actions if user.may_write(action.roles)]


@dataclass(frozen=True)
class RecordPanel:
    template_name: str
    context_function: Callable
    roles: frozenset[str]


_record_panels: dict[str, dict[str, RecordPanel]] = {}


def add_record_panel(kind: str, template_name: str, context_function: Callable, *, roles) -> None:
    """Show `template_name` on every `kind` record ("vehicle") to `roles`, read access enough.

    `context_function(records)` gets all the records of the page at once and returns {record pk: template context}
    (a record without one shows nothing), so the page's queries do not grow with its records. The page shows them with
    `{% load record_actions %}{% record_panels "vehicle" vehicle among=vehicles %}`.
    """
    _record_panels.setdefault(kind, {})[template_name] = RecordPanel(template_name, context_function, frozenset(roles))


def record_panels_for(user, kind: str) -> list[RecordPanel]:
    """The panels `user` may see on a `kind` record, in their registered order."""
    roles = user.roles
    return [panel for panel in _record_panels.get(kind, {}).values() if roles & panel.roles]
