"""Drawing a question's answer fields for every kind, keeping what the learner chose."""

from __future__ import annotations

import json
import random
from typing import Any

from django import template
from django.utils.translation import gettext as _

from hocvuso.curriculum.models import Question, QuestionKind

register = template.Library()


@register.inclusion_tag("learning/_question_fields.html")
def question_fields(question: Question, name: str, typed: Any = None) -> dict[str, Any]:
    chosen = [str(v) for v in (typed or [])]
    kind = question.kind
    options: list[tuple[str, str, bool]] = []
    selects: list[tuple[int, list[tuple[str, str, bool]]]] = []
    if kind == QuestionKind.TRUE_FALSE:
        options = [
            ("true", _("True"), "true" in chosen),
            ("false", _("False"), "false" in chosen),
        ]
    elif kind == QuestionKind.ORDERING:
        for position in range(1, len(question.choices) + 1):
            picked = chosen[position - 1] if len(chosen) >= position else ""
            selects.append(
                (
                    position,
                    [
                        (str(i), text, str(i) == picked)
                        for i, text in enumerate(question.choices, start=1)
                    ],
                )
            )
    else:
        options = [
            (str(i), question.choices[i - 1], str(i) in chosen) for i in display_order(question)
        ]
    return {
        "question": question,
        "name": name,
        "options": options,
        "selects": selects,
        "input_type": "checkbox" if kind == QuestionKind.MULTIPLE else "radio",
    }


def display_order(question: Question) -> list[int]:
    """The choices' numbers in the order they are shown: shuffled, so where the right answer
    sits in the pack's file tells nothing, but the same for a question every time (a lesson
    page is the same for everyone, and is kept for offline reading)."""
    numbers = list(range(1, len(question.choices) + 1))
    random.Random(f"{question.stable_id}:{len(numbers)}").shuffle(numbers)  # noqa: S311
    return numbers


@register.filter
def answer_json(question: Question) -> str:
    """The right answer for the page's script, so practice works offline."""
    return json.dumps(question.answer)


@register.filter
def right_answer_text(question: Question) -> str:
    """The right answer in words, shown with the explanation."""
    answer = question.answer
    if question.kind == QuestionKind.TRUE_FALSE:
        return _("True") if answer else _("False")
    numbers = answer if isinstance(answer, list) else [answer]
    texts = [question.choices[n - 1] for n in numbers if 1 <= n <= len(question.choices)]
    return " → ".join(texts) if question.kind == QuestionKind.ORDERING else "; ".join(texts)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def qname(question: Question) -> str:
    """The form field of a question on a page of several."""
    return f"q{question.pk}"
