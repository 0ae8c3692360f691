"""Mastery of competences and groups, computed from first attempts in a fixed few queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from hocvuso.curriculum.models import CompetenceGroup
from hocvuso.learning.content import live_questions
from hocvuso.learning.models import Attempt
from hocvuso.learning.rules import rules
from hocvuso.places.models import Place


@dataclass
class CompetenceState:
    code: str
    title: str
    available: int  # live questions of it
    asked: int  # distinct questions answered (first attempts that count)
    right: int

    @property
    def required(self) -> bool:
        """A competence with too few questions in the live packs cannot be proved yet, so
        it is not required."""
        return self.available >= rules().mastery_min_questions

    @property
    def mastered(self) -> bool:
        r = rules()
        return self.asked >= r.mastery_min_questions and self.right >= r.mastery_ratio * self.asked


@dataclass
class GroupState:
    code: str
    title: str
    competences: list[CompetenceState] = field(default_factory=list)

    @property
    def required(self) -> list[CompetenceState]:
        return [c for c in self.competences if c.required]

    @property
    def mastered(self) -> bool:
        """Every required competence mastered; a group with none cannot be mastered."""
        required = self.required
        return bool(required) and all(c.mastered for c in required)

    @property
    def asked(self) -> int:
        return sum(c.asked for c in self.competences)

    @property
    def right(self) -> int:
        return sum(c.right for c in self.competences)

    @property
    def mastered_count(self) -> int:
        return sum(1 for c in self.required if c.mastered)

    @property
    def percent(self) -> int:
        required = self.required
        if not required:
            return 0
        return round(100 * self.mastered_count / len(required))


def mastery(user_id: int, place: Place | None) -> list[GroupState]:
    """The nine groups, each with its competences and how far the learner is."""
    groups = list(CompetenceGroup.objects.prefetch_related("competences").order_by("order"))
    available = dict(
        live_questions(place).values_list("competence__code").annotate(n=Count("pk")).order_by()
    )
    answered = {
        code: (n, right)
        for code, n, right in Attempt.objects.filter(user_id=user_id, first=True, counted=True)
        .values_list("question__competence__code")
        .annotate(n=Count("pk"), right=Count("pk", filter=Q(correct=True)))
        .order_by()
    }
    states = []
    for group in groups:
        state = GroupState(group.code, group.title)
        for competence in group.competences.all():
            if competence.retired_at is not None:
                continue
            asked, right = answered.get(competence.code, (0, 0))
            state.competences.append(
                CompetenceState(
                    competence.code,
                    competence.title,
                    available.get(competence.code, 0),
                    asked,
                    right,
                )
            )
        states.append(state)
    return states


def all_groups_mastered(states: list[GroupState]) -> bool:
    return bool(states) and all(g.mastered for g in states)
