"""Template context every page needs: the device's text size and the language choices."""

from django.http import HttpRequest

TEXT_SIZE_COOKIE = "text_size"
LARGE = "large"


def is_large_text(request: HttpRequest) -> bool:
    return request.COOKIES.get(TEXT_SIZE_COOKIE) == LARGE


def site(request: HttpRequest) -> dict[str, object]:
    return {"large_text": is_large_text(request)}
