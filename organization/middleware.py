from django.conf import settings
from django.http import QueryDict
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


# C0 control characters other than tab, line feed and carriage return: nobody types them, PostgreSQL
# refuses NUL in text, and spreadsheets refuse the others.
CONTROL_CHARACTERS = dict.fromkeys(code for code in range(32) if chr(code) not in "\t\n\r")
FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def without_control_characters(text: str) -> str:
    return text.translate(CONTROL_CHARACTERS)


def _cleaned(query: QueryDict) -> QueryDict:
    if not any(without_control_characters(text) != text for key, values in query.lists() for text in (key, *values)):
        return query
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        cleaned.setlist(without_control_characters(key), [without_control_characters(value) for value in values])
    cleaned._mutable = False
    return cleaned


class ControlCharacterMiddleware:
    """Drops control characters from every query parameter and form field a person sends, before any view
    or form reads them: a pasted NUL would otherwise answer 500 on PostgreSQL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _cleaned(request.GET)
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            request.POST = _cleaned(request.POST)
        return self.get_response(request)
