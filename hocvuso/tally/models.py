"""Counter rows and the indicator codes they count."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hocvuso.core.fields import NFCCharField
from hocvuso.places.models import Place


class Indicator(models.TextChoices):
    """What a counter counts. Stocks follow the person; flows stay where and when they
    happened."""

    LEARNERS_REGISTERED = "learners.registered", _("learners registered")
    LEARNERS_VERIFIED = "learners.verified", _("learners with a verified phone number")
    LESSONS_COMPLETED = "lessons.completed", _("lessons completed")
    LEARNERS_STANDARD = "learners.standard", _("learners who reached the basic digital standard")
    CERTIFICATES_ISSUED = "certificates.issued", _("certificates issued and not revoked")


STOCKS = frozenset(
    {Indicator.LEARNERS_REGISTERED, Indicator.LEARNERS_VERIFIED, Indicator.LEARNERS_STANDARD}
)


class Counter(models.Model):
    """A change of `value` for one indicator at one place, one learner group and one day.

    The count of a place is the sum over its subtree (one prefix match on the place path);
    a stock's current value is the sum over all days.
    """

    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")
    indicator = models.CharField(max_length=32, choices=Indicator.choices)
    segment = NFCCharField(
        max_length=16, blank=True, default="", help_text=_("The learner group, if any.")
    )
    day = models.DateField()
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["place", "indicator", "segment", "day"], name="counter_once_per_cell"
            )
        ]
        indexes = [models.Index(fields=["indicator", "day"], name="counter_indicator_day")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.place_id} {self.segment} {self.day}: {self.value}"
