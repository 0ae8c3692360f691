"""Reading answers, ratings and device ids from posted forms."""

from __future__ import annotations

import time
import uuid
from typing import Any

from django.core import signing
from django.http import QueryDict

from hocvuso.curriculum.models import Question, QuestionKind
from hocvuso.learning.answers import BadAnswer, normalise

STARTED_SALT = "learning.started"


def raw_answer(question: Question, values: list[str]) -> Any:
    if question.kind in (QuestionKind.MULTIPLE, QuestionKind.ORDERING):
        return values
    if len(values) != 1:
        raise BadAnswer
    return values[0]


def read_answer(question: Question, data: QueryDict, name: str = "answer") -> Any:
    """The normalised answer, or raises BadAnswer (nothing chosen, or a choice that does not
    exist)."""
    return normalise(question, raw_answer(question, data.getlist(name)))


def read_answers(
    questions: list[Question], data: QueryDict
) -> tuple[dict[Question, Any], dict[int, list[str]], list[Question]]:
    """Answers to a page of questions (fields named q<pk>): the good ones, what was typed
    (to show it again), and the questions left unanswered or answered wrongly."""
    answers: dict[Question, Any] = {}
    typed: dict[int, list[str]] = {}
    missing: list[Question] = []
    for question in questions:
        name = f"q{question.pk}"
        typed[question.pk] = data.getlist(name)
        try:
            answers[question] = read_answer(question, data, name)
        except BadAnswer:
            missing.append(question)
    return answers, typed, missing


def client_id(data: QueryDict) -> uuid.UUID:
    """The form's own id, made when the page was drawn, so sending it twice counts once."""
    try:
        return uuid.UUID(data.get("client_id", ""))
    except ValueError:
        return uuid.uuid4()


def sign_ids(ids: list[int], salt: str) -> str:
    """The questions drawn for a page, signed so the answers must be to exactly those."""
    return signing.dumps(ids, salt=f"learning.{salt}")


def unsign_ids(token: str, salt: str) -> list[int] | None:
    try:
        ids = signing.loads(token, salt=f"learning.{salt}", max_age=24 * 3600)
    except signing.BadSignature:
        return None
    if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
        return None
    return ids


def started_token() -> str:
    return signing.TimestampSigner(salt=STARTED_SALT).sign("started")


def seconds_since(token: str) -> int:
    """Seconds since the page was drawn, from its signed token (0 if it was tampered with)."""
    signer = signing.TimestampSigner(salt=STARTED_SALT)
    try:
        signer.unsign(token, max_age=24 * 3600)
    except signing.BadSignature:
        return 0

    stamp = signing.b62_decode(token.rsplit(":", 1)[0].rsplit(":", 1)[1])
    return max(0, int(time.time()) - stamp)
