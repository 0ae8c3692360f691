"""The place picker: province, then commune, then an optional sub-unit; searchable without accents."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from hocvuso.core.views import safe_next
from hocvuso.places.forms import PlacePickerForm
from hocvuso.places.models import Level, Place

RESULTS_PER_PAGE = 20


@dataclass
class Picked:
    """The places chosen so far; each level is kept only if it sits under the one above."""

    province: Place | None = None
    commune: Place | None = None
    subunit: Place | None = None

    @property
    def deepest(self) -> Place | None:
        return self.subunit or self.commune or self.province


def _active_place(code: str, level: Level, parent: Place | None = None) -> Place | None:
    if not code:
        return None
    qs = Place.objects.active().filter(code=code, level=level)
    if level == Level.SUBUNIT:
        qs = qs.filter(parent=parent)
    return qs.select_related("parent").first()


def _picked(form: PlacePickerForm) -> Picked:
    province = _active_place(form.value("province"), Level.PROVINCE)
    commune = _active_place(form.value("commune"), Level.COMMUNE)
    if province is None and commune is not None:
        province = commune.parent  # a search result names the commune alone
    elif commune is not None and commune.parent_id != getattr(province, "pk", None):
        commune = None  # the person changed province after choosing a commune
    subunit = _active_place(form.value("subunit"), Level.SUBUNIT, commune) if commune else None
    return Picked(province=province, commune=commune, subunit=subunit)


def _search_page(request: HttpRequest, form: PlacePickerForm) -> Page[Place] | None:
    query = form.value("q")
    if not query:
        return None
    results = Place.objects.active().search(query).select_related("parent")
    return Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))


@require_safe
def pick(request: HttpRequest) -> HttpResponse:
    form = PlacePickerForm(request.GET)
    picked = _picked(form)
    context = {
        "form": form,
        "results": _search_page(request, form),
        "picked": picked,
        "provinces": Place.objects.active().filter(level=Level.PROVINCE),
        "communes": (
            Place.objects.active().filter(parent=picked.province) if picked.province else None
        ),
        "subunits": (
            Place.objects.active().filter(parent=picked.commune) if picked.commune else None
        ),
        "next_url": safe_next(request, default=""),
    }
    return render(request, "places/pick.html", context)


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """The search results alone, for htmx to swap in while the person types."""
    form = PlacePickerForm(request.GET)
    context = {
        "form": form,
        "results": _search_page(request, form),
        "next_url": safe_next(request, default=""),
    }
    return render(request, "places/search_results.html", context)
