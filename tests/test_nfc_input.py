"""Every text that enters is stored in NFC: requests, forms and every model write path."""

import unicodedata
from urllib.parse import unquote, urlencode

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from hocvuso.core.fields import NFCCharField, NFCTextField, TextInputField
from hocvuso.places.models import Level, Place, PlaceKind

NFD_NAME = unicodedata.normalize("NFD", "Thôn Đồng Nguyễn")
NFC_NAME = unicodedata.normalize("NFC", "Thôn Đồng Nguyễn")


def test_every_text_column_of_the_platform_is_an_nfc_field() -> None:
    plain = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("hocvuso.")
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, NFCCharField | NFCTextField)
        and not field.choices
        and field.name != "password"  # Django's hash string, ASCII by construction
    ]
    assert plain == [], "use hocvuso.core.fields.NFCCharField/NFCTextField for these"


def test_the_form_field_base_normalises() -> None:
    assert TextInputField().clean(f"  {NFD_NAME} ") == NFC_NAME


def _subunit(commune: Place, code: str, name: str) -> Place:
    return Place(
        code=code,
        name=name,
        kind=PlaceKind.VILLAGE,
        level=Level.SUBUNIT,
        parent=commune,
        path=Place.make_path(commune.path, code),
        search_key=Place.make_search_key(name),
    )


def test_save_stores_nfc(places: None) -> None:
    commune = Place.objects.get(code="00004")
    place = _subunit(commune, "00004-T1", NFD_NAME)
    place.save()
    assert Place.objects.filter(name=NFC_NAME).count() == 1
    assert Place.objects.values_list("name", flat=True).get(pk=place.pk) == NFC_NAME


def test_bulk_create_and_update_store_nfc(places: None) -> None:
    commune = Place.objects.get(code="00004")
    Place.objects.bulk_create([_subunit(commune, "00004-T2", NFD_NAME)])
    assert Place.objects.filter(code="00004-T2", name=NFC_NAME).exists()
    Place.objects.filter(code="00004-T2").update(name=NFD_NAME + " 2")
    assert Place.objects.get(code="00004-T2").name == NFC_NAME + " 2"


def test_lookups_match_whatever_form_the_query_is_in(places: None) -> None:
    nfd = unicodedata.normalize("NFD", "Phường Ba Đình")
    assert Place.objects.filter(name=nfd).count() == 1


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_a_search_typed_in_either_form_finds_the_place(
    places: None, client: Client, form: str
) -> None:
    query = unicodedata.normalize(form, "Phường Ba Đình")
    response = client.get("/places/pick/", {"q": query})
    assert response.context["form"]["q"].value() == unicodedata.normalize("NFC", query)
    assert [p.code for p in response.context["results"]] == ["00004"]


def test_keys_that_clean_to_the_same_name_keep_every_value(places: None, client: Client) -> None:
    response = client.get("/places/pick/?q=ba+dinh&q%00=zzz")
    assert response.wsgi_request.GET.getlist("q") == ["ba dinh", "zzz"]


def test_the_middleware_normalises_posted_forms(client: Client) -> None:
    client.cookies["text_size"] = "large"
    response = client.post(
        "/text-size/",
        urlencode({"next": "/?q=" + NFD_NAME, "size": "normal"}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 302
    assert unquote(response["Location"]) == "/?q=" + NFC_NAME
