"""The messenger-free router: an active flow, commands, pending choices, then free text."""

from __future__ import annotations

from handlers import qa, texts
from handlers.choices import match_choice
from handlers.context import Context
from handlers.feature import Feature
from handlers.registry import FEATURES
from handlers.types import Choice, ConversationState, Incoming, Outcome, Reply
from knowledge.normalize import fold

_GREETINGS = {"chao", "xin chao", "hello", "hi", "alo", "chao ban", "chao bot", "hey", "start"}
_THANKS = {"cam on", "cam on ban", "thanks", "thank you", "camon", "cam on nhieu", "tks"}
_COMMANDS = {name: cmd for f in FEATURES for name, cmd in f.commands.items()}
_CHOICES = {prefix: h for f in FEATURES for prefix, h in f.choices.items()}
_FLOWS = {name: flow for f in FEATURES for name, flow in f.flows.items()}


def pending_choices(state: ConversationState) -> tuple[Choice, ...]:
    """The choices last offered in this chat."""
    return tuple(Choice(c["id"], c["label"]) for c in state.data.get("choices", ()))


def remember_choices(state: ConversationState, replies: tuple[Reply, ...]) -> ConversationState:
    """Keep the choices of the last reply so that a typed "2" or label can select them."""
    offered = replies[-1].choices if replies else ()
    data = {k: v for k, v in state.data.items() if k != "choices"}
    if offered:
        data["choices"] = [{"id": c.id, "label": c.label} for c in offered]
    return state.but(data=data)


def help_text(features: tuple[Feature, ...] = FEATURES) -> str:
    lines = ["Cách dùng trợ lý:"]
    lines += [line for f in features for line in f.help_lines]
    lines.append("- /start — màn hình chào; /help — hướng dẫn này.")
    lines.append("Khi có danh sách lựa chọn, gõ số thứ tự (1, 2…) hoặc tên lựa chọn.")
    return "\n".join(lines)


def handle(incoming: Incoming, state: ConversationState, ctx: Context) -> Outcome:
    """Route one message and return the replies and the next state."""
    text = (incoming.text or "").strip()
    choice_id = incoming.choice_id
    if choice_id is None and text and not text.startswith("/"):
        picked = match_choice(text, pending_choices(state))
        choice_id = picked.id if picked else None
    if state.flow in _FLOWS:
        routed = incoming if choice_id is None else _as_choice(incoming, choice_id)
        outcome = _FLOWS[state.flow](routed, state, ctx)
        if outcome is not None:
            return outcome
    if choice_id is not None:
        outcome = on_choice(choice_id, incoming, state, ctx)
    elif text.startswith("/"):
        outcome = on_command(text, incoming, state, ctx)
    elif not text:
        outcome = Outcome((Reply(texts.NOT_TEXT),), state)
    else:
        outcome = Outcome(tuple(on_text(text, ctx)), state)
    if outcome.state.flow and outcome.state.flow == state.flow and not _offers(outcome.replies):
        # a side question in the middle of a flow: the flow's pending choices stay valid
        return outcome
    return Outcome(outcome.replies, remember_choices(outcome.state, outcome.replies))


def _offers(replies: tuple[Reply, ...]) -> bool:
    return bool(replies and replies[-1].choices)


def _as_choice(incoming: Incoming, choice_id: str) -> Incoming:
    return Incoming(
        incoming.key, incoming.received_at, incoming.text, choice_id, incoming.message_id
    )


def on_choice(
    choice_id: str, incoming: Incoming, state: ConversationState, ctx: Context
) -> Outcome:
    """A pressed or typed choice, handed to the feature that owns its prefix."""
    prefix, _, value = choice_id.partition(":")
    if prefix == "menu":
        return on_command(f"/{value}", incoming, state, ctx)
    handler = _CHOICES.get(prefix)
    if handler is None:
        return Outcome((Reply(texts.GONE),), state)
    return handler(value, incoming, state, ctx)


def on_command(text: str, incoming: Incoming, state: ConversationState, ctx: Context) -> Outcome:
    """Slash commands (``/hoi@bot câu hỏi`` works too)."""
    head, _, rest = text.partition(" ")
    name = fold(head[1:].split("@", 1)[0])
    if name == "start":
        return Outcome((Reply(texts.WELCOME, texts.MAIN_MENU),), state)
    if name in {"help", "trogiup", "huongdan"}:
        return Outcome((Reply(help_text(), texts.MAIN_MENU),), state)
    if name == "thoat":
        return Outcome((Reply(texts.GOODBYE),), state)
    command = _COMMANDS.get(name)
    if command is None:
        return Outcome((Reply(texts.UNKNOWN_COMMAND),), state)
    return command(rest.strip(), incoming, state, ctx)


def on_text(text: str, ctx: Context) -> list[Reply]:
    """Free text: small talk, or a question."""
    folded = " ".join(fold(text).replace("!", " ").replace(".", " ").split())
    if folded in _GREETINGS:
        return [Reply(texts.WELCOME, texts.MAIN_MENU)]
    if folded in _THANKS:
        return [Reply(texts.THANKS)]
    reply, _ = qa.answer(ctx, text)
    return [reply]
