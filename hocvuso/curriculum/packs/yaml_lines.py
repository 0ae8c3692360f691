"""YAML that remembers where things are: every mapping knows its line and its keys' lines."""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode


class Located(dict[str, Any]):
    """A YAML mapping with the line it starts on and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[str, int]] = []

    def compose_node(self, parent: Any, index: Any) -> Any:
        # Anchors and aliases can build huge or circular data from a few bytes: packs don't
        # need them, so they are refused.
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                problem="anchors and aliases (*name) are not allowed", problem_mark=event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> Located:  # type: ignore[override]
        seen: dict[str, int] = {}
        for key_node, _value in node.value:
            if isinstance(key_node, ScalarNode):
                line = key_node.start_mark.line + 1
                if key_node.value in seen:
                    self.duplicate_keys.append((key_node.value, line))
                seen[key_node.value] = line
        mapping = Located(
            {str(k): v for k, v in super().construct_mapping(node, deep=True).items()}
        )
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = seen
        return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping
)


class YAMLProblem(Exception):
    def __init__(self, line: int, detail: str) -> None:
        super().__init__(detail)
        self.line = line
        self.detail = detail


def load(text: str, first_line: int = 1) -> tuple[Any, list[tuple[str, int]]]:
    """Parse YAML; returns the data and any keys written twice in one mapping (with lines).

    `first_line` shifts line numbers, for YAML that starts further down a file (front matter).
    Raises YAMLProblem with the line of a syntax error.
    """
    loader = _LineLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + first_line) if mark else first_line
        raise YAMLProblem(line, str(error.problem or error.context or "invalid YAML")) from None
    except RecursionError:
        raise YAMLProblem(first_line, "nested too deeply") from None
    finally:
        loader.dispose()
    if first_line != 1:
        _shift(data, first_line - 1)
    return data, [(key, line + first_line - 1) for key, line in loader.duplicate_keys]


def _shift(data: Any, by: int) -> None:
    if isinstance(data, Located):
        data.line += by
        data.key_lines = {k: v + by for k, v in data.key_lines.items()}
        for value in data.values():
            _shift(value, by)
    elif isinstance(data, list):
        for value in data:
            _shift(value, by)
