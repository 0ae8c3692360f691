"""Template helpers for the place picker."""

from urllib.parse import urlencode, urlsplit, urlunsplit

from django import template

from hocvuso.places.models import Level, Place

register = template.Library()


@register.simple_tag
def pick_query(place: Place, next_url: str = "") -> str:
    """The picker's query string that selects `place` at its own level."""
    params: dict[str, str] = {}
    if place.level == Level.PROVINCE:
        params["province"] = place.code
    elif place.level == Level.COMMUNE:
        params["commune"] = place.code
    elif place.level == Level.SUBUNIT and place.parent is not None:
        params["commune"] = place.parent.code
        params["subunit"] = place.code
    if next_url:
        params["next"] = next_url
    return "?" + urlencode(params)


@register.simple_tag
def with_place(url: str, place: Place) -> str:
    """`url` with ?place=CODE added, for handing the chosen place back to the page that asked."""
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, urlencode({"place": place.code})) if q)
    return urlunsplit(parts._replace(query=query))
