"""The learning app: registers its sync kinds, its counters and its receivers."""

from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "hocvuso.learning"

    def ready(self) -> None:
        from hocvuso.learning import counting, events

        events.register_kinds()
        counting.register_sources()
        counting.connect_receivers()
