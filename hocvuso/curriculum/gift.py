"""Moodle GIFT question files: multiple choice (one or several right answers, with weights),
true/false, feedback, titles, categories and comments. Anything else (matching, numeric, short
answer, essay, missing word) is reported with its line, and nothing is imported."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from hocvuso.lib.vi_text import fold

ESCAPES = {"\\~": "~", "\\=": "=", "\\#": "#", "\\{": "{", "\\}": "}", "\\:": ":", "\\n": "\n"}
TRUE_FALSE = re.compile(r"^(T|TRUE|F|FALSE)$", re.I)


@dataclass(frozen=True)
class GiftProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class _Bad(Exception):
    def __init__(self, line: int, message: Any) -> None:
        super().__init__(str(message))
        self.line = line
        self.message = str(message)


def unescape(text: str) -> str:
    return re.sub(r"\\[~=#{}:n]", lambda m: ESCAPES[m.group(0)], text).strip()


def _find(text: str, char: str, start: int = 0) -> int:
    """Index of the first `char` at or after `start` that is not escaped with a backslash."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(char, i):
            return i
        i += 1
    return -1


def _split_unescaped(text: str, markers: str) -> list[tuple[str, str]]:
    """Split an answer block at unescaped answer markers (= or ~): [(marker, rest)]."""
    parts: list[tuple[str, str]] = []
    i, current, marker = 0, "", ""
    while i < len(text):
        if text[i] == "\\":
            current += text[i : i + 2]
            i += 2
            continue
        if text[i] in markers:
            if marker or current.strip():
                parts.append((marker, current))
            marker, current = text[i], ""
        else:
            current += text[i]
        i += 1
    if marker or current.strip():
        parts.append((marker, current))
    return parts


def _line_at(block: str, index: int, first_line: int) -> int:
    return first_line + block.count("\n", 0, max(index, 0))


def _parse_block(block: str, first_line: int, competence: str, namespace: str) -> dict[str, Any]:
    title = ""
    rest = block
    if rest.startswith("::"):
        end = _find(rest, "::", 2)
        if end < 0:
            raise _Bad(first_line, _("The title has no closing “::”."))
        title, rest = unescape(rest[2:end]), rest[end + 2 :]
        block_offset = len(block) - len(rest)
    else:
        block_offset = 0
    opening = _find(rest, "{")
    if opening < 0:
        raise _Bad(first_line, _("The question has no answers in braces { }."))
    closing = _find(rest, "}", opening + 1)
    if closing < 0:
        raise _Bad(
            _line_at(block, block_offset + opening, first_line),
            _("This brace “{” is never closed."),
        )
    prompt = unescape(re.sub(r"^\[(html|moodle|markdown|plain)\]", "", rest[:opening].strip()))
    after = rest[closing + 1 :].strip()
    line = _line_at(block, block_offset + opening, first_line)
    if after:
        raise _Bad(line, _("Text after the answers (a “missing word” question) is not supported."))
    if not prompt:
        raise _Bad(first_line, _("The question has no text."))
    inner = rest[opening + 1 : closing]
    general = ""
    split = _find(inner, "####")
    if split >= 0:
        inner, general = inner[:split], unescape(inner[split + 4 :])
    answers = inner.strip()
    base = {"competence": competence, "prompt": prompt}
    key = fold(title) if title else ""
    stable = (
        re.sub(r"[^a-z0-9]+", "-", key).strip("-")[:50]
        if key
        else hashlib.sha256(prompt.encode()).hexdigest()[:12]
    )
    base["id"] = f"gift-{namespace}-{stable}" if namespace else f"gift-{stable}"
    if not answers:
        raise _Bad(line, _("Essay questions (empty braces) are not supported."))
    if answers.startswith("#"):
        raise _Bad(line, _("Numeric questions are not supported."))
    if "->" in answers:
        raise _Bad(line, _("Matching questions are not supported."))
    tf = answers.split("#", 1)
    if TRUE_FALSE.match(tf[0].strip()):
        notes = [unescape(f) for f in answers.split("#")[1:] if f.strip()]
        explanation = general or (notes[-1] if notes else "")
        if not explanation:
            raise _Bad(line, _("Add feedback (#… or ####…): every question needs an explanation."))
        return {
            **base,
            "kind": "true_false",
            "answer": tf[0].strip().upper().startswith("T"),
            "explanation": explanation,
        }
    choices: list[str] = []
    right: list[int] = []
    feedbacks: list[str] = []
    weighted = False
    for marker, text in _split_unescaped(answers, "=~"):
        if not marker:
            raise _Bad(line, _("Each answer must start with = (right) or ~ (wrong)."))
        weight_match = re.match(r"^%(-?\d+(?:\.\d+)?)%", text)
        weight = float(weight_match.group(1)) if weight_match else None
        if weight_match:
            weighted = True
            text = text[weight_match.end() :]
        hash_at = _find(text, "#")
        answer_text, feedback = (
            (text[:hash_at], text[hash_at + 1 :]) if hash_at >= 0 else (text, "")
        )
        choices.append(unescape(answer_text))
        correct = marker == "=" or (weight is not None and weight > 0)
        if correct:
            right.append(len(choices))
            if feedback.strip():
                feedbacks.append(unescape(feedback))
    if all(m == "=" for m, _t in _split_unescaped(answers, "=~")):
        raise _Bad(line, _("Short-answer questions (only = answers) are not supported."))
    if not right:
        raise _Bad(line, _("This question has no correct answer."))
    if len(choices) < 2:
        raise _Bad(line, _("A question needs at least two choices."))
    explanation = general or " ".join(feedbacks)
    if not explanation:
        raise _Bad(line, _("Add feedback (#… or ####…): every question needs an explanation."))
    if weighted or len(right) > 1:
        return {
            **base,
            "kind": "multiple",
            "choices": choices,
            "answer": right,
            "explanation": explanation,
        }
    return {
        **base,
        "kind": "single",
        "choices": choices,
        "answer": right[0],
        "explanation": explanation,
    }


def parse_gift(
    text: str, competence: str, namespace: str = ""
) -> tuple[list[dict[str, Any]], list[GiftProblem]]:
    """Questions in our format (without a bank), and the problems; both lists, never partial:
    callers import nothing when there is any problem."""
    questions: list[dict[str, Any]] = []
    problems: list[GiftProblem] = []
    block: list[str] = []
    start = 0

    def flush() -> None:
        nonlocal block
        if block:
            try:
                questions.append(
                    _parse_block("\n".join(block).strip(), start, competence, namespace)
                )
            except _Bad as bad:
                problems.append(GiftProblem(bad.line, bad.message))
        block = []

    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if stripped.startswith("//") or stripped.startswith("$CATEGORY:"):
            continue
        if not stripped:  # a blank line ends a question, as in Moodle
            flush()
            continue
        if not block:
            start = number
        block.append(raw)
    flush()
    seen: dict[str, int] = {}
    for question in questions:
        seen[question["id"]] = seen.get(question["id"], 0) + 1
    for question_id, count in seen.items():
        if count > 1:
            problems.append(
                GiftProblem(
                    1,
                    str(
                        _("Two questions would get the same id %(id)s: give them different titles.")
                        % {"id": question_id}
                    ),
                )
            )
    return questions, problems
