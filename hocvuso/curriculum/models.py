"""The curriculum's rows: competences, packs and their versions, courses, lessons, questions.

A pack version keeps the whole validated pack as a snapshot; publishing it brings the live rows
in line by stable id (learners' progress points at those rows, which are retired, never
deleted). Lessons and questions are unique per pack, so a province pack can give its own
version of a national lesson under the same id.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hocvuso.core.fields import NFCCharField, NFCTextField
from hocvuso.places.models import Place


class CompetenceGroup(models.Model):
    code = NFCCharField(max_length=4, unique=True)  # K1..K3, S1..S6
    title = NFCCharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Competence(models.Model):
    code = NFCCharField(max_length=8, unique=True)  # e.g. S5.1
    group = models.ForeignKey(CompetenceGroup, on_delete=models.PROTECT, related_name="competences")
    title = NFCCharField(max_length=200)
    description = NFCTextField(blank=True, default="")
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ContentPack(models.Model):
    pack_id = NFCCharField(max_length=64, unique=True)
    owner = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="content_packs")
    title = NFCCharField(max_length=200)

    def __str__(self) -> str:
        return str(self.pack_id)


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    SUPERSEDED = "superseded", _("replaced by a newer version")


class PackVersion(models.Model):
    pack = models.ForeignKey(ContentPack, on_delete=models.CASCADE, related_name="versions")
    version = NFCCharField(max_length=20)
    content = models.JSONField()
    content_hash = NFCCharField(max_length=64)
    status = models.CharField(
        max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.pack} {self.version} ({self.status})"


class Course(models.Model):
    pack = models.ForeignKey(ContentPack, on_delete=models.PROTECT, related_name="courses")
    stable_id = NFCCharField(max_length=64)
    title = NFCCharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=100, help_text=_("Place in a path."))
    learner_groups = models.JSONField(default=list)
    lesson_ids = models.JSONField(default=list)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pack", "stable_id"], name="course_once_per_pack")
        ]

    def __str__(self) -> str:
        return str(self.title)


class Lesson(models.Model):
    pack = models.ForeignKey(ContentPack, on_delete=models.PROTECT, related_name="lessons")
    stable_id = NFCCharField(max_length=64)
    title = NFCCharField(max_length=200)
    body = NFCTextField()
    competences = models.ManyToManyField(Competence, related_name="lessons")
    learner_groups = models.JSONField(default=list)
    minutes = models.PositiveSmallIntegerField()
    prerequisites = models.JSONField(default=list)
    sources = models.JSONField(default=list)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pack", "stable_id"], name="lesson_once_per_pack")
        ]

    def __str__(self) -> str:
        return str(self.title)


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("one right answer")
    MULTIPLE = "multiple", _("several right answers")
    TRUE_FALSE = "true_false", _("true or false")
    ORDERING = "ordering", _("put in order")
    SCENARIO = "scenario", _("what do you do?")


class QuestionPool(models.TextChoices):
    LESSON = "", _("practice and course quizzes")
    SELF_CHECK = "selfcheck", _("the self-check")
    FINAL = "final", _("the final assessment")


class Question(models.Model):
    pack = models.ForeignKey(ContentPack, on_delete=models.PROTECT, related_name="questions")
    stable_id = NFCCharField(max_length=64)
    bank = NFCCharField(max_length=120, help_text=_("The question file it came from."))
    kind = models.CharField(max_length=12, choices=QuestionKind.choices)
    competence = models.ForeignKey(Competence, on_delete=models.PROTECT, related_name="questions")
    prompt = NFCTextField()
    choices = models.JSONField(default=list)
    answer = models.JSONField()
    explanation = NFCTextField()
    scenario = models.JSONField(default=dict, blank=True)
    lesson_ref = NFCCharField(
        max_length=64, blank=True, default="", help_text=_("The lesson it practises, by id.")
    )
    pool = models.CharField(
        max_length=10, choices=QuestionPool.choices, blank=True, default=QuestionPool.LESSON
    )
    position = models.PositiveIntegerField(default=0, help_text=_("Order within the pack."))
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pack", "stable_id"], name="question_once_per_pack")
        ]

    def __str__(self) -> str:
        return str(self.stable_id)
