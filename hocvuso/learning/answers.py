"""Whether an answer is right, for every question kind; what a device sends is checked here."""

from __future__ import annotations

from typing import Any

from hocvuso.curriculum.models import Question, QuestionKind


class BadAnswer(ValueError):
    pass


def _number(value: Any, count: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        raise BadAnswer from None
    if isinstance(value, bool) or not 1 <= number <= count:
        raise BadAnswer
    return number


def normalise(question: Question, answer: Any) -> Any:
    """The answer in the form the pack keeps: a choice number, a sorted list of numbers, a
    bool, or the choices in order. Raises BadAnswer for anything else."""
    count = len(question.choices)
    kind = question.kind
    if kind == QuestionKind.TRUE_FALSE:
        if isinstance(answer, bool):
            return answer
        if answer in ("true", "false"):
            return answer == "true"
        raise BadAnswer
    if kind in (QuestionKind.SINGLE, QuestionKind.SCENARIO):
        if isinstance(answer, list) and len(answer) == 1:
            answer = answer[0]
        return _number(answer, count)
    if not isinstance(answer, list) or not answer or len(answer) > count:
        raise BadAnswer
    numbers = [_number(a, count) for a in answer]
    if len(set(numbers)) != len(numbers):
        raise BadAnswer
    if kind == QuestionKind.MULTIPLE:
        return sorted(numbers)
    if len(numbers) != count:  # ordering: every choice once
        raise BadAnswer
    return numbers


def is_right(question: Question, normalised: Any) -> bool:
    expected: Any = question.answer
    if question.kind == QuestionKind.MULTIPLE:
        return bool(sorted(expected) == normalised)
    return bool(expected == normalised)
