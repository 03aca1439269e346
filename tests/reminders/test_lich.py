"""Tried as a person would: /lich and /nhacnho in a conversation."""

from __future__ import annotations

from sqlalchemy import Engine

from scheduler.service import ReminderService
from storage.db import transaction
from storage.demo import ensure_demo_unit
from storage.org_tables import ChatLink
from tests.reminders.conftest import WINDOW, vn
from tests.support.clock import FakeClock
from tests.support.conversation import Conversation, run_script


def test_lich_lists_the_deadlines_of_the_demo_cell(
    chat: Conversation, engine: Engine, clock: FakeClock
) -> None:
    with transaction(engine) as s:
        ensure_demo_unit(s, chat.key, clock())
    clock.set(vn("2026-05-20 09:00"))
    run_script(
        chat,
        """
        > /lich
        < Các hạn sắp tới của Chi bộ Demo
        < 17:00 31/05/2026: Hoàn thành quán triệt Nghị quyết số 05-NQ/TU
        < ⏳ chưa nộp
        < 17:00 30/06/2026: Báo cáo tiến độ hằng quý, Quý II/2026
        !< Sơ kết 6 tháng
        """,
    )


def test_lich_without_a_link_shows_the_general_deadlines(
    chat: Conversation, clock: FakeClock
) -> None:
    clock.set(vn("2026-07-02 09:00"))
    run_script(
        chat,
        """
        > /lich
        < 17:00 30/09/2026: Báo cáo tiến độ hằng quý, Quý III/2026
        < chưa liên kết với chi bộ nào
        """,
    )


def test_a_secretary_who_mutes_is_listed_in_the_office_digest(
    chat: Conversation, engine: Engine, clock: FakeClock
) -> None:
    with transaction(engine) as s:
        ensure_demo_unit(s, chat.key, clock())
        s.add(ChatLink(channel="telegram", chat_id="900", user_id="900", role="admin",
                       linked_at=clock()))  # fmt: skip
    run_script(
        chat,
        """
        > /nhacnho tat
        < Đã tắt nhắc hạn
        < văn phòng Đảng ủy sẽ thấy chi bộ đang tắt nhắc nhở
        """,
    )
    service = ReminderService(engine, WINDOW, clock)
    preview = service.preview(vn("2026-05-30 16:00"))
    digest = [p for p in preview.now if p.kind == "digest"]
    assert digest and "- Chi bộ Demo (bí thư đã tắt nhắc nhở)" in digest[0].text
    assert not [p for p in preview.now if p.chat_id == chat.key.chat_id]
    run_script(chat, "> /nhacnho bat\n< Đã bật nhắc hạn")
    preview = service.preview(vn("2026-05-24 08:00"))
    assert [p for p in preview.now if p.chat_id == chat.key.chat_id and p.kind == "before"]


def test_members_opt_in_to_general_reminders(chat: Conversation, engine: Engine) -> None:
    run_script(chat, "> /nhacnho bat\n< Đã bật nhắc hạn")
    preview = ReminderService(engine, WINDOW).preview(vn("2026-05-28 08:00"))
    mine = [p for p in preview.now if p.chat_id == chat.key.chat_id]
    assert [p.kind for p in mine] == ["member"] and "📌 Nhắc chung" in mine[0].text
    run_script(chat, "> /nhacnho tat\n< Đã tắt nhắc chung")
    preview = ReminderService(engine, WINDOW).preview(vn("2026-05-28 08:00"))
    assert not [p for p in preview.now if p.chat_id == chat.key.chat_id]


def test_the_qa_answers_when_the_quarterly_report_is_due(chat: Conversation) -> None:
    run_script(
        chat,
        """
        > khi nào phải nộp báo cáo quý
        < hàng quý nghe báo cáo tiến độ
        < /lich
        """,
    )
