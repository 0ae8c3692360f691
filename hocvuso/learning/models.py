"""Learning records: append-only events, and the state derived from them.

Events keep what a device sent (its id for the record, its clock, our receipt time). Progress,
attempts, completions and the standard are derived rows that only ever move forward.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hocvuso.core.fields import NFCCharField
from hocvuso.curriculum.models import Course, Lesson, Question
from hocvuso.places.models import Place

USER = settings.AUTH_USER_MODEL


class EventKind(models.TextChoices):
    LESSON_OPENED = "lesson_opened", _("lesson opened")
    LESSON_COMPLETED = "lesson_completed", _("lesson completed")
    ANSWER_GIVEN = "answer_given", _("answer given")
    QUIZ_SUBMITTED = "quiz_submitted", _("quiz submitted")
    SELF_CHECK = "self_check", _("self-check taken")
    FINAL_SUBMITTED = "final_submitted", _("final assessment submitted")


class LearningEvent(models.Model):
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="learning_events")
    client_id = models.UUIDField()
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    client_time = models.DateTimeField()
    received_at = models.DateTimeField(default=timezone.now)
    data = models.JSONField(default=dict)
    assisted_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "client_id"], name="event_once_per_client_id")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.client_id}"


class LessonStatus(models.IntegerChoices):
    """Ordered: progress only ever moves up."""

    OPENED = 1, _("started")
    SKIPPED = 2, _("already known (self-check)")
    COMPLETED = 3, _("completed")


class LessonProgress(models.Model):
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="+")
    status = models.PositiveSmallIntegerField(choices=LessonStatus.choices)
    opened_count = models.PositiveIntegerField(default=0)
    first_opened_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="progress_once_per_lesson")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.lesson_id} {self.status}"

    @property
    def done(self) -> bool:
        return self.status >= LessonStatus.SKIPPED


class Completion(models.Model):
    """The first completion of a lesson by a learner, with its evidence."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="completions")
    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="+")
    event = models.OneToOneField(LearningEvent, on_delete=models.CASCADE, related_name="+")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")
    segment = NFCCharField(max_length=16, help_text=_("The learner group at the time."))
    day = models.DateField()
    completed_at = models.DateTimeField()
    seconds = models.PositiveIntegerField(help_text=_("Time from opening to completing."))
    attempt = models.PositiveIntegerField(help_text=_("How many times the lesson was opened."))
    assisted_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    counted = models.BooleanField(default=True, help_text=_("False once an officer rejects it."))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="completion_once_per_lesson")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} completed {self.lesson_id}"


class AttemptContext(models.TextChoices):
    PRACTICE = "practice", _("practice in a lesson")
    QUIZ = "quiz", _("course quiz")
    SELF_CHECK = "self_check", _("self-check")
    FINAL = "final", _("final assessment")


class Attempt(models.Model):
    """One answer to one question. Only a learner's first answer to a question counts
    towards mastery."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="attempts")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey(LearningEvent, on_delete=models.CASCADE, related_name="+")
    context = models.CharField(max_length=12, choices=AttemptContext.choices)
    answer = models.JSONField()
    correct = models.BooleanField()
    first = models.BooleanField()
    answered_at = models.DateTimeField()
    counted = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "question"], condition=Q(first=True), name="one_first_attempt"
            )
        ]
        indexes = [models.Index(fields=["user", "first"], name="attempt_user_first")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.question_id} {self.correct}"


class QuizSubmission(models.Model):
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="quiz_submissions")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="+")
    event = models.OneToOneField(LearningEvent, on_delete=models.CASCADE, related_name="+")
    right = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()
    seconds = models.PositiveIntegerField()
    submitted_at = models.DateTimeField()
    counted = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.user_id} {self.course_id} {self.right}/{self.total}"


class SelfCheck(models.Model):
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="self_checks")
    ratings = models.JSONField(help_text=_("Group code to the learner's own rating, 1 to 4."))
    known = models.JSONField(help_text=_("Group code to [right, asked] knowledge questions."))
    proven = models.JSONField(help_text=_("Groups whose lessons the learner may skip."))
    taken_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-taken_at", "-pk"]

    def __str__(self) -> str:
        return f"self-check of {self.user_id}"


class FinalAttempt(models.Model):
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="final_attempts")
    question_ids = models.JSONField(help_text=_("The questions drawn for this attempt."))
    started_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    right = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    seconds = models.PositiveIntegerField(null=True, blank=True)
    event = models.OneToOneField(
        LearningEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    counted = models.BooleanField(default=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(submitted_at=None), name="one_open_final_attempt"
            )
        ]

    def __str__(self) -> str:
        return f"final of {self.user_id} {self.started_at:%Y-%m-%d}"


class Route(models.TextChoices):
    MASTERY = "mastery", _("mastered all nine groups")
    FINAL = "final", _("passed the final assessment")
    IN_PERSON = "assessed", _("passed an assessment in person")


class StandardReached(models.Model):
    """The learner reached "Đạt chuẩn kỹ năng số cơ bản". A stock: it counts at the person's
    current place and group, and follows them."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="standard")
    route = models.CharField(max_length=8, choices=Route.choices)
    reached_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user_id} reached the standard ({self.route})"
