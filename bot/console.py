"""The console channel: the assistant in a terminal, or fed one message per line from a pipe."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TextIO

from handlers.engine import Assistant
from handlers.types import ChatKey, Incoming, Reply

CONSOLE_KEY = ChatKey("console", "console", "console")
EXIT_WORDS = {"/thoat", "/exit", "/quit"}


def render(reply: Reply) -> str:
    """A reply as console text: choices become a numbered list."""
    if not reply.choices:
        return reply.text
    options = "\n".join(f"  {i}. {c.label}" for i, c in enumerate(reply.choices, 1))
    return f"{reply.text}\n{options}\n(Gõ số thứ tự để chọn.)"


def run_console(
    assistant: Assistant,
    stdin: TextIO,
    stdout: TextIO,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    key: ChatKey = CONSOLE_KEY,
) -> None:
    """Talk until end of input (Ctrl-D) or /thoat; piped input is echoed as a transcript."""
    interactive = stdin.isatty()
    if interactive:
        first = assistant.respond(Incoming(key, clock(), text="/start"))
        stdout.write(
            "\n\n".join(render(r) for r in first) + "\n(Gõ /thoat hoặc Ctrl-D để thoát.)\n"
        )
    count = 0
    while True:
        if interactive:
            stdout.write("\n> ")
            stdout.flush()
        line = stdin.readline()
        if not line:
            break
        text = line.strip()
        if not text:
            continue
        if not interactive:
            stdout.write(f"> {text}\n")
        if text.lower() in EXIT_WORDS:
            stdout.write("Tạm biệt đồng chí!\n")
            break
        count += 1
        replies = assistant.respond(Incoming(key, clock(), text=text, message_id=str(count)))
        stdout.write("\n\n".join(render(r) for r in replies) + "\n")
        if not interactive:
            stdout.write("\n")
        stdout.flush()
    if interactive:
        stdout.write("\n")
