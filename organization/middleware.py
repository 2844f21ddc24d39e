from django.conf import settings
from django.utils import translation


class StaffLanguageMiddleware:
    """Simplified Chinese for everyone, English only for who picks it (the language switch's cookie).

    Unlike LocaleMiddleware, a browser's Accept-Language is ignored: a store's PCs are often set
    up in English, and the staff still expect Chinese.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
