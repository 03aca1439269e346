"""Conversations written as scripts: "> what the person says", "< text the reply must contain"."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.console import render
from handlers.engine import Assistant
from handlers.types import ChatKey, Choice, Incoming, Reply
from tests.support.clock import FakeClock


@dataclass
class Conversation:
    """One person talking to the assistant through the core, as any channel would."""

    assistant: Assistant
    clock: FakeClock
    key: ChatKey = field(default_factory=lambda: ChatKey("console", "chat-1", "user-1"))
    replies: tuple[Reply, ...] = ()
    transcript: list[str] = field(default_factory=list)

    def say(self, text: str) -> str:
        self.replies = self.assistant.respond(Incoming(self.key, self.clock(), text=text))
        return self._shown(f"> {text}")

    def press(self, choice_id: str) -> str:
        self.replies = self.assistant.respond(Incoming(self.key, self.clock(), choice_id=choice_id))
        return self._shown(f"[{choice_id}]")

    @property
    def choices(self) -> tuple[Choice, ...]:
        return self.replies[-1].choices if self.replies else ()

    def _shown(self, said: str) -> str:
        text = "\n\n".join(render(r) for r in self.replies)
        self.transcript += [said, text]
        return text


def run_script(conversation: Conversation, script: str) -> None:
    """Play a script; each "<" line must appear (case-sensitive) in the reply to the last ">"."""
    reply = ""
    for raw in script.strip().splitlines():
        line = raw.strip()
        if line.startswith(">"):
            reply = conversation.say(line[1:].strip())
        elif line.startswith("<"):
            expected = line[1:].strip()
            assert expected in reply, (
                f"expected {expected!r} in the reply to the last message; transcript:\n"
                + "\n".join(conversation.transcript[-6:])
            )
        elif line.startswith("!<"):
            unexpected = line[2:].strip()
            assert unexpected not in reply, f"did not expect {unexpected!r} in:\n{reply}"
