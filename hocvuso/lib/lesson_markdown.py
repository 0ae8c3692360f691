"""Lesson Markdown to safe HTML: CommonMark plus a few boxes a lesson writer needs.

Extensions (documented for pack authors in docs/content-packs.md when packs arrive):
- `::: steps` ... `:::`     a numbered walk-through (wrap an ordered list);
- `::: safety` ... `:::`    a "Lưu ý an toàn" (safety note) box;
- `::: try` ... `:::`       a "Thử ngay" (try it now) box;
- `::: summary` ... `:::`   a "Tóm tắt" (summary) box: the lesson in three short lines;
- `[[OTP]]` or `[[mã QR|mã QR này]]`  a glossary term, linked to its definition, which is listed
  at the end of the lesson.
Raw HTML in the source is not interpreted, and the output goes through nh3 with a short allow
list: no inline styles, scripts or event handlers ever reach the page (the CSP forbids them).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

from hocvuso.lib.vi_text import fold

BOXES = ("steps", "safety", "try", "summary")
DEFAULT_LABELS = {
    "safety": "Lưu ý an toàn",
    "try": "Thử ngay",
    "steps": "Các bước",
    "summary": "Tóm tắt",
    "glossary": "Từ cần biết",
}
TERM = re.compile(r"\[\[([^\[\]|\n]{1,60})(?:\|([^\[\]\n]{1,80}))?\]\]")

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "img",
    "aside",
    "div",
    "section",
    "dl",
    "dt",
    "dd",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "class"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "aside": {"class", "aria-label"},
    "div": {"class"},
    "section": {"class", "aria-label"},
    "p": {"class"},
    "dt": {"id"},
    "th": {"scope"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


@dataclass
class RenderedLesson:
    html: str
    terms: list[str] = field(default_factory=list)  # glossary keys used, in order
    names: dict[str, str] = field(default_factory=dict)  # key -> the term as first written
    unknown_terms: list[str] = field(default_factory=list)  # used but not in the glossary


def term_key(term: str) -> str:
    """The key a term is looked up by: folded, so "Mã QR" and "mã qr" are one entry."""
    return fold(term)


def term_anchor(key: str) -> str:
    return "term-" + re.sub(r"[^a-z0-9]+", "-", key).strip("-")


def _glossary_rule(glossary: Mapping[str, str], found: RenderedLesson) -> Any:
    def rule(state: StateCore) -> None:
        for block in state.tokens:
            if block.type != "inline" or not block.children:
                continue
            children: list[Token] = []
            for child in block.children:
                if child.type != "text" or "[[" not in child.content:
                    children.append(child)
                    continue
                position = 0
                for match in TERM.finditer(child.content):
                    if match.start() > position:
                        children.append(_text(child.content[position : match.start()]))
                    term, shown = match.group(1).strip(), (match.group(2) or match.group(1)).strip()
                    key = term_key(term)
                    if key in glossary:
                        if key not in found.terms:
                            found.terms.append(key)
                            found.names[key] = term
                        opening = Token("html_inline", "", 0)
                        opening.content = f'<a class="term" href="#{term_anchor(key)}">'
                        closing = Token("html_inline", "", 0)
                        closing.content = "</a>"
                        children += [opening, _text(shown), closing]
                    else:
                        if term not in found.unknown_terms:
                            found.unknown_terms.append(term)
                        children.append(_text(shown))
                    position = match.end()
                if position < len(child.content):
                    children.append(_text(child.content[position:]))
            block.children = children

    return rule


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _headings_start_at_h2(state: StateCore) -> None:
    """The lesson title is the page's h1; a `#` heading in the body becomes h2, and so on."""
    for token in state.tokens:
        if token.type in {"heading_open", "heading_close"}:
            level = min(int(token.tag[1]) + 1, 4)
            token.tag = f"h{level}"


def _image_base_rule(image_base: str) -> Any:
    def rule(state: StateCore) -> None:
        for block in state.tokens:
            for child in block.children or []:
                if child.type == "image":
                    src = str(child.attrGet("src") or "")
                    if src and not re.match(r"^([a-z]+:|/)", src):
                        child.attrSet("src", image_base + src)

    return rule


def _box_renderer(name: str, labels: Mapping[str, str]) -> Any:
    label = html.escape(labels.get(name, DEFAULT_LABELS[name]))

    def render(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        if tokens[idx].nesting == 1:
            return f'<aside class="box box-{name}" aria-label="{label}">\n<p class="box-title">{label}</p>\n'
        return "</aside>\n"

    return render


def render_lesson(
    source: str,
    glossary: Mapping[str, str] | None = None,
    image_base: str = "",
    labels: Mapping[str, str] | None = None,
) -> RenderedLesson:
    """Render a lesson body. `glossary` maps term keys (see term_key) to plain definitions."""
    glossary = glossary or {}
    labels = {**DEFAULT_LABELS, **(labels or {})}
    found = RenderedLesson(html="")
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    for name in BOXES:
        md.use(container_plugin, name=name, render=_box_renderer(name, labels))
    md.core.ruler.push("glossary_terms", _glossary_rule(glossary, found))
    md.core.ruler.push("headings_from_h2", _headings_start_at_h2)
    md.core.ruler.push("image_base", _image_base_rule(image_base))
    body = md.render(source)
    if found.terms:
        items = "".join(
            f'<dt id="{term_anchor(key)}">{html.escape(found.names[key])}</dt><dd>{html.escape(glossary[key])}</dd>'
            for key in found.terms
        )
        title = html.escape(labels["glossary"])
        body += f'<section class="glossary" aria-label="{title}"><h2>{title}</h2><dl>{items}</dl></section>'
    found.html = nh3.clean(
        body,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return found
