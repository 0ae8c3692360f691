"""Request middleware: the device's chosen language, and NFC on every submitted text."""

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers

from hocvuso.lib.vi_text import nfc

if TYPE_CHECKING:
    from django.http.request import _ImmutableQueryDict

Handler = Callable[[HttpRequest], HttpResponse]


class LanguageMiddleware:
    """Activate the language kept in the device's cookie, else Vietnamese.

    Unlike Django's LocaleMiddleware this ignores Accept-Language: a phone set to English still
    gets the Vietnamese site until its owner picks English.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


def _clean(text: str) -> str:
    # NUL is never part of real text, and PostgreSQL refuses it in a query.
    return nfc(text.replace("\x00", ""))


def _normalised(query: QueryDict) -> "_ImmutableQueryDict":
    result = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        for value in values:
            result.appendlist(_clean(key), _clean(value))
    result._mutable = False
    return cast("_ImmutableQueryDict", result)


class NFCInputMiddleware:
    """Normalise the query string and form fields of every request to NFC, without NUL.

    A phone keyboard may send "ệ" as e + two combining marks (NFD); stored as is, the same name
    would be two different names.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.GET = _normalised(request.GET)
        # Multipart bodies are left to the form fields and model fields (which normalise too),
        # so that an upload view can still choose its upload handlers.
        if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
            request.POST = _normalised(request.POST)
        return self.get_response(request)


class MethodNotAllowedPageMiddleware:
    """Give the bare 405 of @require_POST/@require_GET a page that says what to do.

    Someone who bookmarks or reloads the address of a button gets an explanation instead of a
    blank screen; programs still get the status and the Allow header.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            page = render(request, "405.html", status=405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response
