"""What a program can check of a lesson's writing: length, sentence length, the sections a
lesson needs, glossary words explained where first used, and the phone numbers and web
addresses it names.

The pack checker (curriculum/packs/validate.py) refuses what cannot be imported; these checks
are about writing for beginners, and are run over the shipped pack by its tests and by
`manage.py check_lessons` for editors' own packs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from hocvuso.lib.lesson_markdown import TERM
from hocvuso.lib.vi_text import nfc

MIN_WORDS = 300
MAX_WORDS = 900
MAX_AVERAGE_SENTENCE = 20  # words
REQUIRED_SECTIONS = ("steps", "try", "safety", "summary")
SUMMARY_LINES = 3

WORD = re.compile(r"\w+(?:[.,]\w+)*")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
BOX = re.compile(r"^:::\s*(\w+)\s*$")
BOX_END = re.compile(r"^:::\s*$")
MARKUP_LINE = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)")
IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)")

# A run of digits, possibly split by dots, dashes or spaces as phone numbers are written
# ("0912 345 678", "1900.1234"); a space only joins groups of two digits or more.
NUMBER = re.compile(r"(?<![\w])\+?\d+(?:(?:[.-]|\s(?=\d{2}))\d+)*(?![\w])")
MONEY = re.compile(r"^\d{1,3}(?:\.\d{3})+$")  # 50.000 or 1.500.000, written the Vietnamese way
YEAR = re.compile(r"^(?:19|20)\d{2}$")
ADDRESS = re.compile(
    r"(?i)(?<![\w-])(?:https?://)?((?:[a-z0-9-]+\.)+"
    r"(?:vn|com|net|org|gov|edu|info|xyz|top|app|io|me|online|site|shop|link|cc|ru|cn|biz|club))"
    r"(?![\w-])(?:/[^\s)\]\"'”]*)?"
)


@dataclass(frozen=True)
class Finding:
    code: str
    message: str


def plain_text(body: str) -> tuple[str, list[tuple[int, int]]]:
    """The words a learner reads, without Markdown; and where glossary links are in it."""
    lines: list[str] = []
    for raw in body.splitlines():
        line = raw.strip()
        if BOX.match(line) or BOX_END.match(line):
            lines.append("")
            continue
        line = MARKUP_LINE.sub("", line)
        line = IMAGE.sub(r"\1", line)
        line = LINK.sub(r"\1", line)
        lines.append(EMPHASIS.sub("", line))
    text = "\n".join(lines)
    spans: list[tuple[int, int]] = []
    out: list[str] = []
    position = 0
    length = 0
    for match in TERM.finditer(text):
        out.append(text[position : match.start()])
        length += match.start() - position
        shown = (match.group(2) or match.group(1)).strip()
        spans.append((length, length + len(shown)))
        out.append(shown)
        length += len(shown)
        position = match.end()
    out.append(text[position:])
    return nfc("".join(out)), spans


def words(text: str) -> list[str]:
    return WORD.findall(text)


def sentences(text: str) -> list[str]:
    """Sentences end at . ! ? … and at the end of a line (list items and headings)."""
    found: list[str] = []
    for paragraph in text.splitlines():
        found += [s for s in SENTENCE_END.split(paragraph) if words(s)]
    return found


def average_sentence_length(text: str) -> float:
    parts = sentences(text)
    return sum(len(words(s)) for s in parts) / len(parts) if parts else 0.0


def _term_pattern(term: str) -> re.Pattern[str]:
    """A whole-word match; an acronym (AI, OTP) only in capitals, so "ai" (who) is not it."""
    acronym = term.isupper() and len(term) > 1
    flags = 0 if acronym else re.IGNORECASE
    return re.compile(r"(?<!\w)" + re.escape(nfc(term)) + r"(?!\w)", flags)


def unexplained_terms(body: str, terms: Iterable[str]) -> list[str]:
    """Glossary words whose first use in the body is not a [[term]] link (or inside one)."""
    text, spans = plain_text(body)
    missing = []
    for term in terms:
        first = _term_pattern(term).search(text)
        if first is None:
            continue
        if not any(start <= first.start() and first.end() <= end for start, end in spans):
            missing.append(term)
    return missing


def sections(body: str) -> list[tuple[str, list[str]]]:
    """The boxes of a lesson, in order, with their lines."""
    found: list[tuple[str, list[str]]] = []
    current: list[str] | None = None
    for raw in body.splitlines():
        line = raw.strip()
        opening = BOX.match(line)
        if opening and current is None:
            current = []
            found.append((opening.group(1), current))
        elif BOX_END.match(line) and current is not None:
            current = None
        elif current is not None and line:
            current.append(line)
    return found


def lesson_findings(body: str, terms: Iterable[str]) -> list[Finding]:
    text, _spans = plain_text(body)
    findings: list[Finding] = []
    count = len(words(text))
    if not MIN_WORDS <= count <= MAX_WORDS:
        findings.append(
            Finding("length", f"{count} words; a lesson has {MIN_WORDS} to {MAX_WORDS}")
        )
    average = average_sentence_length(text)
    if average > MAX_AVERAGE_SENTENCE:
        findings.append(
            Finding(
                "long_sentences",
                f"sentences average {average:.1f} words; keep it at {MAX_AVERAGE_SENTENCE} or less",
            )
        )
    boxes = sections(body)
    names = [name for name, _lines in boxes]
    for name in REQUIRED_SECTIONS:
        if name not in names:
            findings.append(Finding("missing_section", f"no ::: {name} section"))
    for name, lines in boxes:
        if name == "steps" and not any(re.match(r"^\d+[.)]\s", line) for line in lines):
            findings.append(Finding("steps_not_numbered", "::: steps holds no numbered list"))
        if name == "summary" and (
            len(lines) != SUMMARY_LINES or not all(line.startswith("- ") for line in lines)
        ):
            findings.append(
                Finding("summary_lines", f"::: summary must be {SUMMARY_LINES} lines starting '- '")
            )
    if "summary" in names and names[-1] != "summary":
        findings.append(Finding("summary_not_last", "the summary ends the lesson"))
    findings += [
        Finding("unexplained_term", f"“{term}” is first used without [[{term}]]")
        for term in unexplained_terms(body, terms)
    ]
    return findings


def unlisted_numbers(text: str, allowed: Iterable[str]) -> list[str]:
    """Numbers of three digits or more that are not a year, an amount of money or allowed."""
    allowed_digits = {re.sub(r"\D", "", a) for a in allowed}
    found = []
    for match in NUMBER.finditer(text):
        token = match.group(0)
        digits = re.sub(r"\D", "", token)
        if len(digits) < 3 or MONEY.match(token) or YEAR.match(token):
            continue
        if digits not in allowed_digits:
            found.append(token)
    return found


def unlisted_addresses(text: str, allowed: Iterable[str], suffixes: Iterable[str]) -> list[str]:
    """Web addresses (and e-mail domains) not in `allowed`. A bare ending written after a dot,
    as in "địa chỉ có đuôi .gov.vn", is allowed when listed in `suffixes`."""
    hosts = {a.lower().removeprefix("www.") for a in allowed}
    endings = {s.lower() for s in suffixes}
    found = []
    for match in ADDRESS.finditer(text):
        host = match.group(1).lower().removeprefix("www.")
        if match.start() > 0 and text[match.start() - 1] == "." and host in endings:
            continue
        if host not in hosts:
            found.append(host)
    return found


def texts_of(value: object) -> list[str]:
    """Every string inside a parsed YAML value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [t for v in value.values() for t in texts_of(v)]
    if isinstance(value, list | tuple):
        return [t for v in value for t in texts_of(v)]
    return []
