"""Questions and answers, and browsing the models and criteria sets."""

from __future__ import annotations

from handlers import browse, qa, texts
from handlers.context import Context
from handlers.feature import Feature
from handlers.types import ConversationState, Incoming, Outcome, Reply


def _reply(state: ConversationState, *replies: Reply) -> Outcome:
    return Outcome(tuple(replies), state)


def _ask(args: str, incoming: Incoming, state: ConversationState, ctx: Context) -> Outcome:
    if not args:
        return _reply(state, Reply(texts.ASK_WHAT))
    reply, _ = qa.answer(ctx, args)
    return _reply(state, reply)


def _criteria(args: str, incoming: Incoming, state: ConversationState, ctx: Context) -> Outcome:
    return _reply(state, browse.criteria_menu(ctx.services.kb))


def _models(args: str, incoming: Incoming, state: ConversationState, ctx: Context) -> Outcome:
    return _reply(state, browse.models_menu(ctx.services.kb))


def _entry(value: str, incoming: Incoming, state: ConversationState, ctx: Context) -> Outcome:
    kb = ctx.services.kb
    entry = kb.entry(value)
    return _reply(state, qa.entry_reply(kb, entry) if entry else Reply(texts.GONE))


def _criteria_set(
    value: str, incoming: Incoming, state: ConversationState, ctx: Context
) -> Outcome:
    return _reply(state, browse.criteria_reply(ctx.services.kb, value))


def _locality(value: str, incoming: Incoming, state: ConversationState, ctx: Context) -> Outcome:
    return _reply(state, browse.locality_reply(ctx.services.kb, value))


def _model(value: str, incoming: Incoming, state: ConversationState, ctx: Context) -> Outcome:
    return _reply(state, browse.model_reply(ctx.services.kb, value))


FEATURE = Feature(
    name="qa",
    commands={"hoi": _ask, "ask": _ask, "tieuchi": _criteria, "mohinh": _models},
    choices={"qa": _entry, "tc": _criteria_set, "ml": _locality, "mm": _model},
    help_lines=(
        "- Gõ câu hỏi bất kỳ về Nghị quyết 05, ví dụ «chi bộ phải làm gì», «hạn quán triệt nq05».",
        "- /hoi <câu hỏi> — hỏi một câu.",
        "- /mohinh — danh mục mô hình theo địa phương.",
        "- /tieuchi — các bộ tiêu chí.",
    ),
)
