"""The messenger-free router: commands, pending choices and free text to the right handler."""

from __future__ import annotations

from handlers import browse, qa, texts
from handlers.choices import match_choice
from handlers.context import Context
from handlers.types import Choice, ConversationState, Incoming, Outcome, Reply
from knowledge.normalize import fold

_GREETINGS = {"chao", "xin chao", "hello", "hi", "alo", "chao ban", "chao bot", "hey", "start"}
_THANKS = {
    "cam on",
    "cam on ban",
    "thanks",
    "thank you",
    "camon",
    "cam on nhieu",
    "tks",
    "ok cam on",
}


def pending_choices(state: ConversationState) -> tuple[Choice, ...]:
    """The choices last offered in this chat."""
    return tuple(Choice(c["id"], c["label"]) for c in state.data.get("choices", ()))


def _with_choices(state: ConversationState, replies: list[Reply]) -> ConversationState:
    """Remember the choices of the last reply so a typed "2" or label can select them."""
    offered = replies[-1].choices if replies else ()
    data = {k: v for k, v in state.data.items() if k != "choices"}
    if offered:
        data["choices"] = [{"id": c.id, "label": c.label} for c in offered]
    return state.but(data=data)


def handle(incoming: Incoming, state: ConversationState, ctx: Context) -> Outcome:
    """Route one message and return the replies and the next state."""
    choice_id = incoming.choice_id
    text = (incoming.text or "").strip()
    if choice_id is None and text and not text.startswith("/"):
        picked = match_choice(text, pending_choices(state))
        choice_id = picked.id if picked else None
    if choice_id is not None:
        replies = on_choice(choice_id, ctx)
    elif text.startswith("/"):
        replies = on_command(text, ctx)
    elif not text:
        replies = [Reply(texts.NOT_TEXT)]
    else:
        replies = on_text(text, ctx)
    return Outcome(tuple(replies), _with_choices(state, replies))


def on_choice(choice_id: str, ctx: Context) -> list[Reply]:
    """A pressed or typed choice."""
    kb = ctx.services.kb
    prefix, _, value = choice_id.partition(":")
    if prefix == "qa" and (entry := kb.entry(value)):
        return [qa.entry_reply(kb, entry)]
    if prefix == "tc":
        return [browse.criteria_reply(kb, value)]
    if prefix == "ml":
        return [browse.locality_reply(kb, value)]
    if prefix == "mm":
        return [browse.model_reply(kb, value)]
    if prefix == "menu":
        return on_command(f"/{value}", ctx)
    return [Reply(texts.UNKNOWN_COMMAND)]


def on_command(text: str, ctx: Context) -> list[Reply]:
    """Slash commands (``/hoi@bot câu hỏi`` works too)."""
    head, _, rest = text.partition(" ")
    name = fold(head[1:].split("@", 1)[0])
    rest = rest.strip()
    kb = ctx.services.kb
    if name == "start":
        return [Reply(texts.WELCOME, texts.MAIN_MENU)]
    if name in {"help", "trogiup", "huongdan"}:
        return [Reply(texts.HELP, texts.MAIN_MENU)]
    if name in {"hoi", "ask"}:
        return on_text(rest, ctx) if rest else [Reply(texts.ASK_WHAT)]
    if name == "tieuchi":
        return [browse.criteria_menu(kb)]
    if name == "mohinh":
        return [browse.models_menu(kb)]
    if name == "thoat":
        return [Reply(texts.GOODBYE)]
    return [Reply(texts.UNKNOWN_COMMAND)]


def on_text(text: str, ctx: Context) -> list[Reply]:
    """Free text: small talk, or a question."""
    folded = " ".join(fold(text).replace("!", " ").replace(".", " ").split())
    if folded in _GREETINGS:
        return [Reply(texts.WELCOME, texts.MAIN_MENU)]
    if folded in _THANKS:
        return [Reply(texts.THANKS)]
    reply, _ = qa.answer(ctx, text)
    return [reply]
