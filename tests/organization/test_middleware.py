from django.http import HttpResponse
from django.test import RequestFactory

from organization.middleware import ControlCharacterMiddleware


def seen_by_the_view(request):
    seen = {}

    def view(request):
        seen.update(get=request.GET, post=request.POST)
        return HttpResponse()

    ControlCharacterMiddleware(view)(request)
    return seen


def test_query_parameters_lose_control_characters_in_keys_and_values_but_keep_tabs_and_new_lines():
    seen = seen_by_the_view(RequestFactory().get("/", {"q": ["张\x00伟", "a\tb\r\nc\x1b"], "pa\x07ge": "2"}))
    assert seen["get"].getlist("q") == ["张伟", "a\tb\r\nc"] and seen["get"]["page"] == "2"
    assert not seen["get"]._mutable


def test_urlencoded_and_multipart_forms_are_cleaned():
    multipart = RequestFactory().post("/", {"notes": "茶\x00水\x1f"})
    assert seen_by_the_view(multipart)["post"]["notes"] == "茶水"
    urlencoded = RequestFactory().post(
        "/", "notes=%E8%8C%B6%01%E6%B0%B4", content_type="application/x-www-form-urlencoded"
    )
    assert seen_by_the_view(urlencoded)["post"]["notes"] == "茶水"


def test_a_clean_request_keeps_its_own_query_dicts():
    request = RequestFactory().post("/?q=张伟", {"notes": "茶水"})
    get, post = request.GET, request.POST
    seen = seen_by_the_view(request)
    assert seen["get"] is get and seen["post"] is post


def test_other_bodies_are_left_to_the_view():
    request = RequestFactory().post("/", '{"notes": "\\u0000"}', content_type="application/json")
    assert seen_by_the_view(request)["post"] == {}
    assert request.body == b'{"notes": "\\u0000"}'
