"""Place: one administrative unit in a tree kept as a materialized path."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hocvuso.core.fields import NFCCharField
from hocvuso.lib.vi_text import fold, search_words

PATH_SEPARATOR = "/"


class Level(models.IntegerChoices):
    COUNTRY = 0, pgettext_lazy("level", "national")
    PROVINCE = 1, pgettext_lazy("level", "province")
    COMMUNE = 2, pgettext_lazy("level", "commune")
    SUBUNIT = 3, pgettext_lazy("level", "below the commune")


class PlaceKind(models.TextChoices):
    COUNTRY = "country", _("country")
    CITY = "thanh_pho", _("centrally-run city")
    PROVINCE = "tinh", _("province")
    COMMUNE = "xa", _("commune")
    WARD = "phuong", _("ward")
    SPECIAL_ZONE = "dac_khu", _("special zone")
    VILLAGE = "thon", _("village (thôn)")
    HAMLET = "ap", _("hamlet (ấp)")
    MOUNTAIN_VILLAGE = "ban", _("village (bản)")
    RESIDENTIAL_GROUP = "to_dan_pho", _("residential group (tổ dân phố)")
    QUARTER = "khu_pho", _("quarter (khu phố)")

    @classmethod
    def level_of(cls, kind: str) -> Level:
        if kind == cls.COUNTRY:
            return Level.COUNTRY
        if kind in {cls.CITY, cls.PROVINCE}:
            return Level.PROVINCE
        if kind in {cls.COMMUNE, cls.WARD, cls.SPECIAL_ZONE}:
            return Level.COMMUNE
        return Level.SUBUNIT


class PlaceQuerySet(models.QuerySet["Place"]):
    def active(self) -> PlaceQuerySet:
        return self.filter(is_active=True)

    def subtree(self, place: Place) -> PlaceQuerySet:
        """The place and everything below it, by one prefix match on the path."""
        return self.filter(path__startswith=place.path)

    def descendants(self, place: Place) -> PlaceQuerySet:
        return self.subtree(place).exclude(pk=place.pk)

    def ancestors(self, place: Place) -> PlaceQuerySet:
        """The places above `place`, root first, read from its path in one query."""
        return self.filter(code__in=place.ancestor_codes()).order_by("level")

    def search(self, query: str) -> PlaceQuerySet:
        """Places whose name (with their province's) has a word starting with each query word.

        Diacritics and case do not matter: "phuong ba dinh" finds "Phường Ba Đình".
        """
        words = search_words(query)
        if not words:
            return self.none()
        qs = self.filter(level__gt=Level.COUNTRY)
        for word in words:
            qs = qs.filter(search_key__contains=f" {word}")
        # Best first: the words as a whole phrase, then as the start of a phrase, then the rest.
        phrase = " ".join(words)
        rank = models.Case(
            models.When(search_key__contains=f" {phrase} ", then=0),
            models.When(search_key__contains=f" {phrase}", then=1),
            default=2,
            output_field=models.IntegerField(),
        )
        return qs.alias(rank=rank).order_by("rank", "level", "search_key")


class Place(models.Model):
    """An administrative unit. Its identity is its code; a rename keeps everything attached."""

    code = NFCCharField(_("code"), max_length=32, unique=True)
    name = NFCCharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=PlaceKind.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # Codes from the root down, e.g. "VN/01/00004/": a subtree is one prefix match.
    path = NFCCharField(max_length=255, unique=True)
    # Folded name and province name, padded with spaces, for word-prefix search.
    search_key = NFCCharField(max_length=400, db_index=True)
    is_official = models.BooleanField(
        default=False, help_text=_("Loaded from the official list of administrative units.")
    )
    is_active = models.BooleanField(
        default=True, help_text=_("Units no longer in the official list are retired, not deleted.")
    )

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["level", "search_key"]
        indexes = [models.Index(fields=["parent", "level"], name="place_parent_level")]

    def __str__(self) -> str:
        return str(self.name)

    def ancestor_codes(self) -> list[str]:
        return [code for code in self.path.split(PATH_SEPARATOR) if code][:-1]

    def province_code(self) -> str | None:
        codes = [code for code in self.path.split(PATH_SEPARATOR) if code]
        return codes[1] if len(codes) > 1 else None

    @staticmethod
    def make_path(parent_path: str, code: str) -> str:
        return f"{parent_path}{code}{PATH_SEPARATOR}"

    @staticmethod
    def make_search_key(name: str, province_name: str = "") -> str:
        return f" {fold(f'{name} {province_name}')} "


class PlaceDataLoad(models.Model):
    """One run of the loader: which data it read and what it changed."""

    source = NFCCharField(max_length=64)
    package_version = NFCCharField(max_length=32)
    data_version = NFCCharField(max_length=32)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    retired = models.PositiveIntegerField(default=0)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at", "-pk"]
        get_latest_by = "loaded_at"

    def __str__(self) -> str:
        return f"{self.source} {self.package_version} ({self.data_version})"

    @property
    def changes(self) -> int:
        return self.created + self.updated + self.retired
