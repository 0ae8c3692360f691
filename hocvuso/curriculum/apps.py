"""App configuration of the curriculum."""

from django.apps import AppConfig


class CurriculumConfig(AppConfig):
    name = "hocvuso.curriculum"
    label = "curriculum"
