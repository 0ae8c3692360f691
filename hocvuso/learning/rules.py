"""The rules of mastery, assessments and plausibility, configurable in settings.LEARNING."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class Rules:
    # A competence is mastered when at least `mastery_ratio` of at least
    # `mastery_min_questions` distinct questions of it were right at the first attempt.
    mastery_min_questions: int = 5
    mastery_ratio: float = 0.8
    # Course quiz: questions drawn from the course's lessons, and the share needed to pass.
    quiz_questions: int = 10
    quiz_pass_ratio: float = 0.8
    # Self-check: knowledge questions asked per competence group.
    self_check_per_group: int = 2
    # Final assessment: questions per group, share to pass, and the wait after failures.
    final_per_group: int = 3
    final_pass_ratio: float = 0.8
    final_fails_before_wait: int = 2
    final_wait_days: int = 7
    # Integrity: a lesson finished in less than this share of its reading time, or answers
    # sent faster than this many seconds each, are flagged for an officer.
    fast_lesson_ratio: float = 0.2
    min_seconds_per_answer: int = 3


def rules() -> Rules:
    overrides: dict[str, Any] = getattr(settings, "LEARNING", {})
    known = {f.name for f in fields(Rules)}
    return Rules(**{k: v for k, v in overrides.items() if k in known})
