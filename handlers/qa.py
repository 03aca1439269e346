"""Question and answer: search, then answer, offer choices, or say honestly it cannot."""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.context import Context
from handlers.types import Choice, Reply
from knowledge.loader import KnowledgeBase
from knowledge.model import Entry
from knowledge.normalize import analyze, content_tokens, normalized_text
from knowledge.passages import Passage
from knowledge.search import SearchResult

_KIND_NAMES = {
    "nq": "Nghị quyết",
    "da": "Đề án",
    "hd": "Hướng dẫn",
    "ctr": "Chương trình",
    "kh": "Kế hoạch",
    "chithi": "Chỉ thị",
    "kl": "Kết luận",
    "qd": "Quyết định",
    "nd": "Nghị định",
    "tt": "Thông tư",
    "luat": "Luật",
    "cv": "Công văn",
    "tb": "Thông báo",
}
_EXCERPT_CHARS = 600
NOT_FOUND = (
    "Xin lỗi, tôi chưa tìm thấy câu trả lời trong các văn bản đã được phê duyệt, "
    "nên không dám trả lời để tránh sai lệch."
)
OTHER_PLACE = (
    "Tôi chưa có văn bản nào về {place}. Tôi chỉ trả lời theo Nghị quyết số 05-NQ/TU của "
    "Ban Chấp hành Đảng bộ thành phố Hải Phòng và văn bản triển khai của xã Cẩm Giàng, "
    "phường Hải An, xã Nghi Dương, phường Kiến An, xã Tân Minh."
)
MODEL_ELSEWHERE = (
    "Văn bản của {place} không có mô hình “{key}”. Mô hình này có ở:\n{where}\n"
    "Gõ /mohinh để xem mô hình của từng địa phương."
)
UNKNOWN_MODEL = (
    "Các văn bản đã được phê duyệt không có mô hình “{name}”, nên tôi không trả lời được câu "
    "này. Gõ /mohinh để xem các mô hình của thành phố và từng địa phương."
)
UNSTATED_TOPIC = (
    "Xin lỗi, các văn bản đã được phê duyệt không nói về {topic}, nên tôi không trả lời được "
    "câu này."
)
# the subject is in the documents, but not the number or name the question asks for
NOT_GIVEN = {
    "uncounted": "con số này",
    "unnamed": "tên cụ thể này",
    "undated": "ngày cụ thể này",
    "unmonthed": "tháng cụ thể này",
    "unquartered": "quý cụ thể này",
    "unrated": "tỷ lệ này",
}
NOT_GIVEN_TEXT = (
    "Xin lỗi, các văn bản đã được phê duyệt không nêu {what}, nên tôi không trả lời được câu này."
)
# the entry found says its document does not give what is asked: said so, then what it does say
NOT_STATED = {
    "number": "số hiệu văn bản",
    "date": "ngày ban hành",
    "names": "tên cụ thể",
    "lead": "cơ quan chủ trì",
    "funding": "nguồn, mức kinh phí",
    "models": "mô hình cụ thể nào",
    "explained": "nội dung giải thích chi tiết",
}
NOT_STATED_TEXT = (
    "Văn bản nguồn không nêu {what}, nên tôi không trả lời được câu này. Điều văn bản có nêu:"
)
_SAYS_NOT_GIVEN = re.compile(r"không (?:nêu|ghi|có mục)|để trống|^Không\.")
UNYEARED = (
    "Xin lỗi, các văn bản đã được phê duyệt không nêu điều này cho năm {year}, nên tôi không "
    "trả lời được câu này."
)
MENU_HINT = (
    "Đồng chí có thể hỏi lại cụ thể hơn, hoặc xem /mohinh (các mô hình), /tieuchi (bộ tiêu chí)."
)


@dataclass(frozen=True)
class AnswerView:
    """A search result in the words a person reads (also printed by ``nq05bot ask --json``)."""

    answer: str | None
    source: str | None
    score: float
    suggestions: tuple[str, ...]


def entry_reply(kb: KnowledgeBase, entry: Entry, *more: Entry) -> Reply:
    """A curated answer with its source line; with ``more``, the answers to the other parts of
    the question follow, each with its source line (once for answers from the same section)."""
    entries = (entry, *more)
    blocks = []
    for e, after in zip(entries, (*more, None), strict=True):
        blocks.append(e.answer.strip())
        if after is None or after.source != e.source:
            blocks.append(f"📄 {kb.source_line(e.source.file, e.source.section)}")
    return Reply("\n\n".join(blocks))


def excerpt(passage: Passage, question: str) -> str:
    """The lines of a passage that best match the question, in document order, within a limit."""
    wanted = set(content_tokens(analyze(question)))
    lines = passage.text.splitlines()
    ranked = sorted(range(len(lines)), key=lambda i: -len(wanted & set(analyze(lines[i]))))
    chosen: list[int] = []
    size = 0
    for i in ranked:
        if chosen and size + len(lines[i]) > _EXCERPT_CHARS:
            break
        chosen.append(i)
        size += len(lines[i])
    text = "\n".join(lines[i] for i in sorted(chosen))
    return (
        text
        if len(text) <= _EXCERPT_CHARS + 200
        else text[:_EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"
    )


def passage_source(kb: KnowledgeBase, passage: Passage) -> str:
    section = f"{passage.parent} › {passage.section}" if passage.parent else passage.section
    return kb.source_line(passage.file, section)


def view(kb: KnowledgeBase, result: SearchResult) -> AnswerView:
    """The answer text, source and suggestions of a search result."""
    score = round(result.score, 3)
    if result.kind == "entry" and result.entry:
        entries = (result.entry, *result.more)
        text = "\n\n".join(e.answer.strip() for e in entries)
        lines = [
            f"{kb.source_line(e.source.file, e.source.section)} ({e.source.file})" for e in entries
        ]
        source = "\n".join(dict.fromkeys(lines))
        return AnswerView(text, source, score, ())
    if result.kind == "passage" and result.passage:
        passage = result.passage
        source = f"{passage_source(kb, passage)} ({passage.file})"
        return AnswerView(excerpt(passage, result.question), source, score, ())
    return AnswerView(None, None, score, tuple(e.question for e in result.suggestions))


def _suggestion_choices(entries: tuple[Entry, ...]) -> tuple[Choice, ...]:
    return tuple(Choice(f"qa:{e.id}", e.question) for e in entries)


def _unknown_document_text(result: SearchResult) -> str:
    names = ", ".join(
        f"{_KIND_NAMES.get(kind, kind.upper())} số {number}" for kind, number in result.unknown_refs
    )
    return (
        f"Tôi chưa có tài liệu về {names}. Tôi chỉ trả lời theo Nghị quyết số 05-NQ/TU "
        "của Ban Chấp hành Đảng bộ thành phố Hải Phòng và các văn bản triển khai đã được phê duyệt."
    )


def why_not_answered(result: SearchResult, kb: KnowledgeBase) -> str | None:
    """What a refusal says when it knows why: a document, place, topic, count, name, date or
    year the approved documents do not hold. None for a plain "not found"."""
    if result.reason == "not_stated" and result.entry is not None:
        entry = result.entry
        said = entry.answer.strip()
        source = f"📄 {kb.source_line(entry.source.file, entry.source.section)}"
        if _SAYS_NOT_GIVEN.search(said.splitlines()[0]):  # the answer opens by saying so
            return f"{said}\n\n{source}"
        return "\n\n".join((NOT_STATED_TEXT.format(what=NOT_STATED[result.topic]), said, source))
    if result.reason == "unknown_document":
        return _unknown_document_text(result)
    if result.reason == "other_place":
        return OTHER_PLACE.format(place=result.place)
    if result.reason == "unstated_topic":
        return UNSTATED_TOPIC.format(topic=result.topic)
    if result.reason == "model_elsewhere":
        where = "\n".join(f"- {line}" for line in result.elsewhere)
        return MODEL_ELSEWHERE.format(place=result.place, key=result.topic, where=where)
    if result.reason == "unknown_model":
        return UNKNOWN_MODEL.format(name=result.topic)
    if result.reason == "unyeared":
        return UNYEARED.format(year=result.topic)
    if result.reason in NOT_GIVEN:
        return NOT_GIVEN_TEXT.format(what=NOT_GIVEN[result.reason])
    return None


def answer(ctx: Context, question: str) -> tuple[Reply, tuple[Choice, ...]]:
    """Answer a free-text question; record it for curation when there is no answer."""
    kb = ctx.services.kb
    result = ctx.services.searcher.search(question)
    if result.kind == "entry" and result.entry:
        return entry_reply(kb, result.entry, *result.more), ()
    if result.kind == "passage" and result.passage:
        text = (
            "Tôi chưa có câu trả lời soạn sẵn, đây là đoạn văn bản gần nhất với câu hỏi:\n\n"
            f"«{excerpt(result.passage, question)}»\n\n📄 {passage_source(kb, result.passage)}"
        )
        return Reply(text), ()
    if result.kind == "ambiguous":
        choices = _suggestion_choices(result.suggestions)
        return Reply(
            "Nội dung này có ở văn bản của nhiều địa phương. Đồng chí muốn hỏi ý nào?", choices
        ), choices
    from storage.unanswered import record_unanswered  # keeps `nq05bot ask` free of the DB layer

    record_unanswered(ctx.session, question, normalized_text(question), ctx.channel, ctx.now)
    refusal = why_not_answered(result, kb)
    if refusal:
        return Reply(refusal), ()
    if result.suggestions:
        choices = _suggestion_choices(result.suggestions)
        return Reply(f"{NOT_FOUND}\nCó phải ý đồng chí là:", choices), choices
    return Reply(f"{NOT_FOUND}\n{MENU_HINT}"), ()
