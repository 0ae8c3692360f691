"""An SMS backend for tests: keeps messages in memory so tests can read the codes."""

import re

OUTBOX: list[tuple[str, str]] = []


class MemorySender:
    def send(self, phone: str, text: str) -> None:
        OUTBOX.append((phone, text))


def last_code(phone: str) -> str:
    """The code in the newest message to `phone`."""
    for to, text in reversed(OUTBOX):
        if to == phone:
            match = re.search(r"\b(\d{6})\b", text)
            assert match, text
            return match.group(1)
    raise AssertionError(f"no message to {phone}")


class BrokenSender:
    """A provider that is down."""

    def send(self, phone: str, text: str) -> None:
        raise ConnectionError("provider unreachable")
