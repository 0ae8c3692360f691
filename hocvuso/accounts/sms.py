"""Sending short messages (one-time codes) to a phone, through a pluggable backend.

Backends: `console` (prints), `file` (appends JSON lines to DATA_DIR/sms/outbox.jsonl, read by
tests and by an operator without an SMS provider). A provider is a class with
`send(phone, text)`; name it in SMS_BACKEND (docs/operations.md).
"""

import json
import logging
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class Sender(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class ConsoleSender:
    def send(self, phone: str, text: str) -> None:
        logger.warning("SMS to %s: %s", phone, text)


class FileSender:
    def __init__(self) -> None:
        self.path = Path(settings.DATA_DIR) / "sms" / "outbox.jsonl"

    def send(self, phone: str, text: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(
            {"to": phone, "text": text, "at": timezone.now().isoformat()}, ensure_ascii=False
        )
        with self.path.open("a", encoding="utf-8") as f:
            f.write(line + "\n")


BACKENDS = {
    "console": "hocvuso.accounts.sms.ConsoleSender",
    "file": "hocvuso.accounts.sms.FileSender",
}


def get_sender() -> Sender:
    name = settings.SMS_BACKEND
    sender: Sender = import_string(BACKENDS.get(name, name))()
    return sender
