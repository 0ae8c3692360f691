"""Check a whole content pack before anything is written; every problem has file:line and a code.

The folder (docs/content-packs.md):
    pack.yaml            id, title, version, language, licence, owner ("national" or a province code)
    framework.yaml       the competence groups and their competences (national pack only)
    glossary.yaml        term: plain definition
    courses/*.yaml       id, title, order (in a path), learner_groups, lessons (ordered lesson ids)
    lessons/*.md         front matter (id, title, competences, learner_groups, minutes,
                         prerequisites, sources) between --- lines, then the Markdown body
    questions/*.yaml     a list of questions (id, kind, competence, prompt, choices, answer,
                         explanation; optional lesson and pool; a scenario also has
                         `scenario: {type, text, image}`)
    images/...           pictures the lessons and scenarios point at
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

from hocvuso.accounts.models import LearnerGroup
from hocvuso.curriculum.packs.yaml_lines import Located, YAMLProblem, load
from hocvuso.lib.lesson_markdown import render_lesson, term_key

ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
COMPETENCE = re.compile(r"^[KS][1-9]\.[0-9]{1,2}$")
GROUP = re.compile(r"^[KS][1-9]$")
VERSION = re.compile(r"^[0-9]+(\.[0-9]+){0,2}$")
PROVINCE = re.compile(r"^[0-9]{2}$")
IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}
MAX_TITLE = 200
KINDS = ("single", "multiple", "true_false", "ordering", "scenario")
POOLS = ("selfcheck", "final")  # questions kept for the self-check and the final assessment
SCENARIO_TYPES = ("message", "call", "web")
LEARNER_GROUPS = {g.value for g in LearnerGroup}


class Code(StrEnum):
    YAML_SYNTAX = "yaml_syntax"
    DUPLICATE_KEY = "duplicate_key"
    MISSING_FILE = "missing_file"
    FRONT_MATTER = "front_matter"
    MISSING_FIELD = "missing_field"
    WRONG_TYPE = "wrong_type"
    BAD_ID = "bad_id"
    DUPLICATE_ID = "duplicate_id"
    BAD_VERSION = "bad_version"
    BAD_OWNER = "bad_owner"
    FRAMEWORK_NOT_NATIONAL = "framework_not_national"
    UNKNOWN_COMPETENCE = "unknown_competence"
    UNKNOWN_LEARNER_GROUP = "unknown_learner_group"
    UNKNOWN_LESSON = "unknown_lesson"
    PREREQUISITE_CYCLE = "prerequisite_cycle"
    MISSING_IMAGE = "missing_image"
    UNSAFE_HTML = "unsafe_html"
    UNKNOWN_TERM = "unknown_term"
    UNKNOWN_KIND = "unknown_kind"
    NO_CORRECT_ANSWER = "no_correct_answer"
    BAD_ANSWER = "bad_answer"


MESSAGES = {
    Code.YAML_SYNTAX: _("This is not valid YAML: %(detail)s."),
    Code.DUPLICATE_KEY: _("“%(key)s” is written twice here; keep one."),
    Code.MISSING_FILE: _("The file %(name)s is missing."),
    Code.FRONT_MATTER: _(
        "A lesson must start with its details between two lines of three dashes (---)."
    ),
    Code.MISSING_FIELD: _("“%(key)s” is missing."),
    Code.WRONG_TYPE: _("“%(key)s” must be %(expected)s."),
    Code.BAD_ID: _(
        "“%(value)s” is not a usable id: use 2 to 64 lower-case letters, digits and dashes."
    ),
    Code.DUPLICATE_ID: _("The id “%(value)s” is already used at %(other)s."),
    Code.BAD_VERSION: _("The version “%(value)s” must look like 1, 1.2 or 1.2.3."),
    Code.BAD_OWNER: _("The owner “%(value)s” must be “national” or a two-digit province code."),
    Code.FRAMEWORK_NOT_NATIONAL: _(
        "Only the national pack defines the framework; remove framework.yaml from this province's pack."
    ),
    Code.UNKNOWN_COMPETENCE: _("There is no competence “%(value)s” in the framework."),
    Code.UNKNOWN_LEARNER_GROUP: _("“%(value)s” is not a learner group (use one of: %(allowed)s)."),
    Code.UNKNOWN_LESSON: _("There is no lesson “%(value)s” in this pack."),
    Code.PREREQUISITE_CYCLE: _("These lessons wait for each other in a circle: %(value)s."),
    Code.MISSING_IMAGE: _("The picture “%(value)s” is not in the pack."),
    Code.UNSAFE_HTML: _("Raw HTML is not allowed in lessons: write Markdown instead."),
    Code.UNKNOWN_TERM: _("The term “%(value)s” is not in glossary.yaml."),
    Code.UNKNOWN_KIND: _("“%(value)s” is not a question kind (use one of: %(allowed)s)."),
    Code.NO_CORRECT_ANSWER: _("This question has no correct answer."),
    Code.BAD_ANSWER: _("The answer does not match the choices: %(detail)s."),
}


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    code: Code
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message} [{self.code}]"


@dataclass
class Lesson:
    id: str
    file: str
    line: int
    meta: Located
    body: str
    body_line: int


@dataclass
class Pack:
    """What a valid pack holds, ready for the importer."""

    root: Path
    meta: Located = field(default_factory=Located)
    competences: dict[str, Located] = field(default_factory=dict)
    groups: list[Located] = field(default_factory=list)
    glossary: dict[str, str] = field(default_factory=dict)  # folded term -> definition
    terms: dict[str, str] = field(default_factory=dict)  # term as written -> definition
    courses: dict[str, Located] = field(default_factory=dict)
    lessons: dict[str, Lesson] = field(default_factory=dict)
    questions: dict[str, Located] = field(default_factory=dict)
    question_files: dict[str, str] = field(default_factory=dict)  # question id -> its file
    images: set[str] = field(default_factory=set)  # pack-relative paths of the pictures used


class _Checker:
    def __init__(
        self, root: Path, known_competences: Iterable[str], known_lessons: Iterable[str] = ()
    ) -> None:
        self.root = root
        self.known_lessons = set(known_lessons)
        self.pack = Pack(root=root)
        self.problems: list[Problem] = []
        self.known_competences = set(known_competences)
        self.ids: dict[str, str] = {}  # every id in the pack -> where it is first defined

    def add(self, file: str, line: int, code: Code, **params: Any) -> None:
        self.problems.append(
            Problem(
                file, line, code, str(MESSAGES[code]) % params if params else str(MESSAGES[code])
            )
        )

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def read_yaml(self, path: Path, first_line: int = 1, text: str | None = None) -> Any:
        try:
            data, duplicates = load(
                text if text is not None else path.read_text(encoding="utf-8"), first_line
            )
        except YAMLProblem as problem:
            self.add(self.rel(path), problem.line, Code.YAML_SYNTAX, detail=problem.detail)
            return None
        except (UnicodeDecodeError, OSError):
            self.add(self.rel(path), 1, Code.YAML_SYNTAX, detail="not a readable UTF-8 text file")
            return None
        for key, line in duplicates:
            self.add(self.rel(path), line, Code.DUPLICATE_KEY, key=key)
        return data

    # --- fields -------------------------------------------------------------------------
    def field(
        self,
        file: str,
        mapping: Located,
        key: str,
        kind: type | tuple[type, ...],
        expected: Any,
        required: bool = True,
    ) -> Any:
        if key not in mapping or mapping[key] is None:
            if required:
                self.add(file, mapping.line, Code.MISSING_FIELD, key=key)
            return None
        value = mapping[key]
        # YAML's true/false are Python bools, which are also ints: never accept them as numbers.
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            self.add(file, mapping.line_of(key), Code.WRONG_TYPE, key=key, expected=expected)
            return None
        return value

    def text(self, file: str, mapping: Located, key: str, required: bool = True) -> str | None:
        value = self.field(file, mapping, key, str, _("a text"), required)
        limited = key in ("title", "version", "language", "licence", "code", "type")
        if isinstance(value, str) and limited and len(value) > MAX_TITLE:
            self.add(
                file,
                mapping.line_of(key),
                Code.WRONG_TYPE,
                key=key,
                expected=_("a text of at most 200 characters"),
            )
            return None
        return value.strip() if isinstance(value, str) else None

    def text_list(self, file: str, mapping: Located, key: str, required: bool = True) -> list[str]:
        value = self.field(file, mapping, key, list, _("a list of texts"), required)
        if value is None:
            return []
        if not all(isinstance(item, str) for item in value):
            self.add(
                file, mapping.line_of(key), Code.WRONG_TYPE, key=key, expected=_("a list of texts")
            )
            return []
        return list(value)

    def new_id(self, file: str, mapping: Located) -> str | None:
        value = self.field(file, mapping, "id", str, _("a text"))
        if value is None:
            return None
        where = f"{file}:{mapping.line_of('id')}"
        if not ID.match(value):
            self.add(file, mapping.line_of("id"), Code.BAD_ID, value=value)
            return None
        if value in self.ids:
            self.add(
                file, mapping.line_of("id"), Code.DUPLICATE_ID, value=value, other=self.ids[value]
            )
            return None
        self.ids[value] = where
        return str(value)

    def learner_groups(self, file: str, mapping: Located) -> None:
        for group in self.text_list(file, mapping, "learner_groups"):
            if group not in LEARNER_GROUPS:
                self.add(
                    file,
                    mapping.line_of("learner_groups"),
                    Code.UNKNOWN_LEARNER_GROUP,
                    value=group,
                    allowed=", ".join(sorted(LEARNER_GROUPS)),
                )

    def competence(self, file: str, mapping: Located, code: str) -> None:
        if code not in self.pack.competences and code not in self.known_competences:
            self.add(
                file,
                mapping.line_of("competence" if "competence" in mapping else "competences"),
                Code.UNKNOWN_COMPETENCE,
                value=code,
            )

    # --- files --------------------------------------------------------------------------
    def check(self) -> Pack | None:
        self.check_pack_yaml()
        self.check_framework()
        self.check_glossary()
        for path in self.files("lessons", "*.md"):
            self.check_lesson(path)
        for path in self.files("questions", "*.yaml"):
            self.check_questions(path)
        for path in self.files("courses", "*.yaml"):
            self.check_course(path)
        self.check_prerequisites()
        return None if self.problems else self.pack

    def files(self, folder: str, pattern: str) -> list[Path]:
        return sorted(p for p in (self.root / folder).glob(pattern) if p.is_file())

    def check_pack_yaml(self) -> None:
        path = self.root / "pack.yaml"
        if not path.is_file():
            self.add("pack.yaml", 1, Code.MISSING_FILE, name="pack.yaml")
            return
        meta = self.read_yaml(path)
        if not isinstance(meta, Located):
            if meta is not None:
                self.add(
                    "pack.yaml",
                    1,
                    Code.WRONG_TYPE,
                    key="pack.yaml",
                    expected=_("a mapping of keys to values"),
                )
            return
        self.pack.meta = meta
        self.new_id("pack.yaml", meta)
        for key in ("title", "language", "licence"):
            self.text("pack.yaml", meta, key)
        version = self.field(
            "pack.yaml", meta, "version", (str, int, float), _("a version such as 1.2")
        )
        if version is not None and (len(str(version)) > 20 or not VERSION.match(str(version))):
            self.add("pack.yaml", meta.line_of("version"), Code.BAD_VERSION, value=version)
        owner = self.field(
            "pack.yaml", meta, "owner", (str, int), _("“national” or a province code")
        )
        if owner is not None and not (owner == "national" or PROVINCE.match(str(owner))):
            self.add("pack.yaml", meta.line_of("owner"), Code.BAD_OWNER, value=owner)

    def check_framework(self) -> None:
        path = self.root / "framework.yaml"
        if not path.is_file():
            return  # a province pack uses the national framework
        if PROVINCE.match(str(self.pack.meta.get("owner", "national"))):
            self.add("framework.yaml", 1, Code.FRAMEWORK_NOT_NATIONAL)
            return
        data = self.read_yaml(path)
        if not isinstance(data, Located):
            return
        groups = self.field("framework.yaml", data, "groups", list, _("a list of groups"))
        for group in groups or []:
            if not isinstance(group, Located):
                self.add(
                    "framework.yaml",
                    data.line_of("groups"),
                    Code.WRONG_TYPE,
                    key="groups",
                    expected=_("a list of groups"),
                )
                continue
            code = self.text("framework.yaml", group, "code")
            if code and not GROUP.match(code):
                self.add("framework.yaml", group.line_of("code"), Code.BAD_ID, value=code)
            self.text("framework.yaml", group, "title")
            self.pack.groups.append(group)
            for item in (
                self.field("framework.yaml", group, "competences", list, _("a list of competences"))
                or []
            ):
                if not isinstance(item, Located):
                    self.add(
                        "framework.yaml",
                        group.line_of("competences"),
                        Code.WRONG_TYPE,
                        key="competences",
                        expected=_("a list of competences"),
                    )
                    continue
                competence = self.text("framework.yaml", item, "code")
                self.text("framework.yaml", item, "title")
                self.text("framework.yaml", item, "description")
                if competence is None:
                    continue
                if not COMPETENCE.match(competence) or (
                    code and not competence.startswith(code + ".")
                ):
                    self.add("framework.yaml", item.line_of("code"), Code.BAD_ID, value=competence)
                elif competence in self.pack.competences:
                    self.add(
                        "framework.yaml",
                        item.line_of("code"),
                        Code.DUPLICATE_ID,
                        value=competence,
                        other=f"framework.yaml:{self.pack.competences[competence].line}",
                    )
                else:
                    self.pack.competences[competence] = item

    def check_glossary(self) -> None:
        path = self.root / "glossary.yaml"
        if not path.is_file():
            return
        data = self.read_yaml(path)
        if data is None:
            return
        if not isinstance(data, Located):
            self.add(
                "glossary.yaml",
                1,
                Code.WRONG_TYPE,
                key="glossary.yaml",
                expected=_("a mapping of terms to definitions"),
            )
            return
        for term, definition in data.items():
            if not isinstance(definition, str):
                self.add(
                    "glossary.yaml",
                    data.line_of(term),
                    Code.WRONG_TYPE,
                    key=term,
                    expected=_("a text"),
                )
            else:
                self.pack.glossary[term_key(str(term))] = definition.strip()
                self.pack.terms[str(term)] = definition.strip()

    def check_lesson(self, path: Path) -> None:
        file = self.rel(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            self.add(file, 1, Code.YAML_SYNTAX, detail="not a readable UTF-8 text file")
            return
        parts = text.split("\n---", 1) if text.startswith("---\n") else []
        if len(parts) != 2:
            self.add(file, 1, Code.FRONT_MATTER)
            return
        meta = self.read_yaml(path, first_line=2, text=parts[0][4:])
        if not isinstance(meta, Located):
            if meta is not None:
                self.add(file, 1, Code.FRONT_MATTER)
            return
        body_line = parts[0].count("\n") + 3
        body = parts[1].split("\n", 1)[1] if "\n" in parts[1] else ""
        lesson_id = self.new_id(file, meta)
        self.text(file, meta, "title")
        for code in self.text_list(file, meta, "competences"):
            self.competence(file, meta, code)
        self.learner_groups(file, meta)
        minutes = self.field(file, meta, "minutes", int, _("a whole number of minutes"))
        if minutes is not None and not 1 <= minutes <= 120:
            self.add(
                file,
                meta.line_of("minutes"),
                Code.WRONG_TYPE,
                key="minutes",
                expected=_("a whole number of minutes"),
            )
        self.text_list(file, meta, "prerequisites", required=False)
        if "sources" in meta and meta["sources"] == []:  # present but empty: name at least one
            self.add(file, meta.line_of("sources"), Code.MISSING_FIELD, key="sources")
        else:
            self.text_list(file, meta, "sources")
        self.check_markdown(path, body, body_line)
        if lesson_id:
            self.pack.lessons[lesson_id] = Lesson(lesson_id, file, meta.line, meta, body, body_line)

    def check_markdown(self, path: Path, body: str, body_line: int) -> None:
        file = self.rel(path)
        for token in MarkdownIt("commonmark", {"html": True}).parse(body):
            line = body_line + (token.map[0] if token.map else 0)
            children = token.children or []
            if token.type == "html_block" or any(c.type == "html_inline" for c in children):
                self.add(file, line, Code.UNSAFE_HTML)
            for child in children:
                if child.type == "image":
                    self.image(file, line, path.parent, str(child.attrGet("src") or ""))
        for term in render_lesson(body, self.pack.glossary).unknown_terms:
            where = next((i for i, text in enumerate(body.splitlines()) if f"[[{term}" in text), 0)
            self.add(file, body_line + where, Code.UNKNOWN_TERM, value=term)

    def image(self, file: str, line: int, base: Path, src: str) -> None:
        src = unquote(src)
        # Pictures must ship in the pack, as picture files.
        bad = (
            re.match(r"^[a-z]+:", src) or "\0" in src or Path(src).suffix.lower() not in IMAGE_TYPES
        )
        found = False
        if not bad:
            try:
                target = (base / src).resolve()
                found = target.is_relative_to(self.root.resolve()) and target.is_file()
            except (OSError, ValueError):
                found = False
        if not found:
            self.add(file, line, Code.MISSING_IMAGE, value=src)
        else:
            self.pack.images.add(target.relative_to(self.root.resolve()).as_posix())

    def check_questions(self, path: Path) -> None:
        file = self.rel(path)
        data = self.read_yaml(path)
        if data is None:
            return
        if not isinstance(data, list):
            self.add(file, 1, Code.WRONG_TYPE, key=file, expected=_("a list of questions"))
            return
        for question in data:
            if isinstance(question, Located):
                self.check_question(path, file, question)
            else:
                self.add(file, 1, Code.WRONG_TYPE, key=file, expected=_("a list of questions"))

    def check_question(self, path: Path, file: str, q: Located) -> None:
        question_id = self.new_id(file, q)
        competence = self.text(file, q, "competence")
        if competence:
            self.competence(file, q, competence)
        self.text(file, q, "prompt")
        self.text(file, q, "explanation")
        kind = self.text(file, q, "kind")
        if kind is None:
            return
        if kind not in KINDS:
            self.add(
                file, q.line_of("kind"), Code.UNKNOWN_KIND, value=kind, allowed=", ".join(KINDS)
            )
            return
        answer_line = q.line_of("answer")
        if kind == "true_false":
            if "answer" not in q or q["answer"] is None:
                self.add(file, q.line, Code.NO_CORRECT_ANSWER)
            elif not isinstance(q["answer"], bool):
                self.add(
                    file, answer_line, Code.WRONG_TYPE, key="answer", expected=_("true or false")
                )
        else:
            choices = self.text_list(file, q, "choices")
            if choices and len(choices) < 2:
                self.add(
                    file,
                    q.line_of("choices"),
                    Code.BAD_ANSWER,
                    detail=_("at least two choices are needed"),
                )
            self.check_answer(file, q, kind, len(choices), answer_line)
        if kind == "scenario":
            self.check_scenario(path, file, q)
        lesson = self.text(file, q, "lesson", required=False)
        if lesson and lesson not in self.pack.lessons and lesson not in self.national_lessons():
            self.add(file, q.line_of("lesson"), Code.UNKNOWN_LESSON, value=lesson)
        pool = self.text(file, q, "pool", required=False)
        if pool and pool not in POOLS:
            self.add(
                file, q.line_of("pool"), Code.UNKNOWN_KIND, value=pool, allowed=", ".join(POOLS)
            )
        elif pool and lesson:  # an assessment's answers must never show in a lesson
            self.add(
                file,
                q.line_of("pool"),
                Code.WRONG_TYPE,
                key="pool",
                expected=_("no pool for a question that names a lesson"),
            )
        if question_id:
            self.pack.questions[question_id] = q
            self.pack.question_files[question_id] = file

    def check_answer(self, file: str, q: Located, kind: str, count: int, line: int) -> None:
        answer = q.get("answer")
        if answer is None or answer == []:
            self.add(file, q.line, Code.NO_CORRECT_ANSWER)
            return
        if kind in ("single", "scenario"):
            if isinstance(answer, bool) or not isinstance(answer, int):
                self.add(
                    file,
                    line,
                    Code.WRONG_TYPE,
                    key="answer",
                    expected=_("the number of the right choice, counting from 1"),
                )
            elif count and not 1 <= answer <= count:
                self.add(
                    file,
                    line,
                    Code.BAD_ANSWER,
                    detail=_("choice %(n)s does not exist") % {"n": answer},
                )
            return
        if not isinstance(answer, list) or not all(
            isinstance(a, int) and not isinstance(a, bool) for a in answer
        ):
            self.add(
                file,
                line,
                Code.WRONG_TYPE,
                key="answer",
                expected=_("a list of choice numbers, counting from 1"),
            )
            return
        if count and any(not 1 <= a <= count for a in answer):
            self.add(file, line, Code.BAD_ANSWER, detail=_("a choice number is out of range"))
        elif kind == "ordering" and sorted(answer) != list(range(1, count + 1)):
            self.add(file, line, Code.BAD_ANSWER, detail=_("the order must name every choice once"))
        elif kind == "multiple" and len(set(answer)) != len(answer):
            self.add(file, line, Code.BAD_ANSWER, detail=_("a choice is named twice"))

    def check_scenario(self, path: Path, file: str, q: Located) -> None:
        scenario = self.field(file, q, "scenario", dict, _("a mapping with type and text"))
        if not isinstance(scenario, Located):
            return
        for key in scenario:
            if key not in ("type", "text", "image"):
                self.add(
                    file,
                    scenario.line_of(key),
                    Code.WRONG_TYPE,
                    key=key,
                    expected=_("one of type, text, image"),
                )
        kind = self.text(file, scenario, "type")
        if kind and kind not in SCENARIO_TYPES:
            self.add(
                file,
                scenario.line_of("type"),
                Code.UNKNOWN_KIND,
                value=kind,
                allowed=", ".join(SCENARIO_TYPES),
            )
        has_text = self.text(file, scenario, "text", required=False)
        image = self.text(file, scenario, "image", required=False)
        if image:
            self.image(file, scenario.line_of("image"), path.parent, image)
        elif not has_text:
            self.add(file, scenario.line, Code.MISSING_FIELD, key="text")

    def check_course(self, path: Path) -> None:
        file = self.rel(path)
        course = self.read_yaml(path)
        if not isinstance(course, Located):
            if course is not None:
                self.add(
                    file, 1, Code.WRONG_TYPE, key=file, expected=_("a mapping of keys to values")
                )
            return
        course_id = self.new_id(file, course)
        self.text(file, course, "title")
        self.learner_groups(file, course)
        order = self.field(
            file, course, "order", int, _("a whole number (its place in a path)"), required=False
        )
        if order is not None and not 0 <= order <= 10000:
            self.add(
                file,
                course.line_of("order"),
                Code.WRONG_TYPE,
                key="order",
                expected=_("a whole number (its place in a path)"),
            )
        for lesson in self.text_list(file, course, "lessons"):
            if lesson not in self.pack.lessons and lesson not in self.national_lessons():
                self.add(file, course.line_of("lessons"), Code.UNKNOWN_LESSON, value=lesson)
        if course_id:
            self.pack.courses[course_id] = course

    def national_lessons(self) -> set[str]:
        """Live national lessons a province pack may point at (none for the national pack)."""
        owner = str(self.pack.meta.get("owner", "national"))
        return self.known_lessons if owner != "national" else set()

    def check_prerequisites(self) -> None:
        graph = {
            lid: [p for p in lesson.meta.get("prerequisites") or [] if isinstance(p, str)]
            for lid, lesson in self.pack.lessons.items()
        }
        for lid, needs in graph.items():
            lesson = self.pack.lessons[lid]
            for need in needs:
                if need not in graph and need not in self.national_lessons():
                    self.add(
                        lesson.file,
                        lesson.meta.line_of("prerequisites"),
                        Code.UNKNOWN_LESSON,
                        value=need,
                    )
        reported: set[frozenset[str]] = set()
        for cycle in _cycles(graph):
            if frozenset(cycle) not in reported:
                reported.add(frozenset(cycle))
                first = self.pack.lessons[min(cycle)]
                self.add(
                    first.file,
                    first.meta.line_of("prerequisites"),
                    Code.PREREQUISITE_CYCLE,
                    value=" → ".join([*cycle, cycle[0]]),
                )


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Every circle of prerequisites, found by one iterative depth-first walk (O(V+E))."""
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(graph, white)
    found: list[list[str]] = []
    for start in sorted(graph):
        if colour[start] != white:
            continue
        path: list[str] = [start]
        stack = [iter(sorted(graph[start]))]
        colour[start] = grey
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                colour[path.pop()] = black
                stack.pop()
            elif colour.get(nxt) == grey:
                found.append(path[path.index(nxt) :])
            elif colour.get(nxt) == white:
                colour[nxt] = grey
                path.append(nxt)
                stack.append(iter(sorted(graph[nxt])))
    return found


def validate_pack(
    root: Path, known_competences: Iterable[str] = (), known_lessons: Iterable[str] = ()
) -> tuple[Pack | None, list[Problem]]:
    """Check the pack folder at `root`; return the pack if it has no problem, and the problems.

    `known_competences` come from the national framework already loaded; `known_lessons` are
    the live national lessons a province pack's courses and prerequisites may name."""
    checker = _Checker(root, known_competences, known_lessons)
    pack = checker.check()
    problems = sorted(checker.problems, key=lambda p: (p.file, p.line, p.code))
    return pack, problems
