"""Front-desk PCs are shared: a session ends when the browser closes or after a shift without work,
and nothing a signed-in user saw stays in the browser's cache for the next person."""

import time

from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.cache import add_never_cache_headers
from django_htmx.http import HttpResponseClientRedirect

# A session's idle clock restarts at most once a minute, so a busy page costs no session write.
REFRESH_EVERY_SECONDS = 60
LAST_WORK_KEY = "last_work_at"


class IdleLogoutMiddleware:
    """Work restarts the session's clock (SESSION_COOKIE_AGE, one shift); background polling does not.

    When the session has ended, an htmx request is sent to the login page as a whole page, rather
    than having the login form swapped into a fragment.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        login_url = resolve_url(settings.LOGIN_URL)
        if request.htmx and response.status_code == 302 and response["Location"].startswith(login_url):
            return HttpResponseClientRedirect(response["Location"])
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.view_name in settings.SESSION_POLLING_VIEWS or not request.user.is_authenticated:
            return None
        now = int(time.time())
        if now - request.session.get(LAST_WORK_KEY, 0) >= REFRESH_EVERY_SECONDS:
            request.session[LAST_WORK_KEY] = now
        return None


class NoStoreMiddleware:
    """Every response to a signed-in user carries `Cache-Control: no-store` (pages, fragments, exports)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
