"""Keeping tokens out of logs and error texts: the Bot API URL itself contains the token."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

MASK = "***"
_secrets: set[str] = set()
_lock = threading.Lock()
_installed = False


def redact(text: str) -> str:
    """``text`` with every registered secret replaced by ``***``."""
    for secret in _secrets:
        if secret and secret in text:
            text = text.replace(secret, MASK)
    return text


def register_secrets(secrets: Iterable[str | None]) -> None:
    """Remember secrets to hide, and make sure every log record is redacted from now on."""
    with _lock:
        _secrets.update(s for s in secrets if s and len(s) >= 4)
        _install_record_factory()


def _install_record_factory() -> None:
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if _secrets:
            _scrub(record)
        return record

    logging.setLogRecordFactory(factory)
    _installed = True


def _scrub(record: logging.LogRecord) -> None:
    """Render the message once and redact it; pre-render a redacted traceback as well."""
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: leave the record to logging's own error path
        return
    cleaned = redact(message)
    if cleaned != message or record.args:
        record.msg, record.args = cleaned, ()
    if record.exc_info and record.exc_info[0] is not None:
        record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
