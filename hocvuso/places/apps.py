"""App configuration of the place tree."""

from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "hocvuso.places"
    label = "places"
