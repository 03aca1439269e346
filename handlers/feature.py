"""How a feature plugs into the router: its commands, choice prefixes and conversation flows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from handlers.context import Context
from handlers.types import ConversationState, Incoming, Outcome

# ``/name args`` → outcome
Command = Callable[[str, Incoming, ConversationState, Context], Outcome]
# a pressed choice "prefix:value" → outcome
ChoiceHandler = Callable[[str, Incoming, ConversationState, Context], Outcome]
# every message while ``state.flow`` is this flow → outcome, or None to let the router handle it
Flow = Callable[[Incoming, ConversationState, Context], Outcome | None]


@dataclass(frozen=True)
class Feature:
    """What one capability adds to the assistant."""

    name: str
    commands: dict[str, Command] = field(default_factory=dict)
    choices: dict[str, ChoiceHandler] = field(default_factory=dict)
    flows: dict[str, Flow] = field(default_factory=dict)
    help_lines: tuple[str, ...] = ()
