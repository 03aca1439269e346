"""Fixtures for the report tests: units of a ward, linked accounts on Telegram and Zalo."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine

from handlers.engine import Assistant
from handlers.types import ChatKey
from storage.codes import issue_code, shown
from storage.db import transaction
from storage.org_tables import Unit
from tests.support.clock import FakeClock
from tests.support.conversation import Conversation, run_script

TELEGRAM = ChatKey("telegram", "tg-100", "tg-100")
ZALO = ChatKey("zalo", "z-100", "z-100")
OTHER_SECRETARY = ChatKey("telegram", "tg-200", "tg-200")
OFFICE = ChatKey("telegram", "tg-900", "tg-900")
MEMBER = ChatKey("telegram", "tg-500", "tg-500")

# The quarterly report answered from question 1 to the summary (see tien-do-quy.yaml).
QUARTERLY = """
    > 25 đồng chí
    < Câu 2/9
    > 20
    < Câu 3/9
    > 3
    > 2
    < Câu 5/9
    > có
    < Câu 6/10
    > 1
    < 1. Chính quyền thân thiện
    > 1, 3
    < Mô hình «Chính quyền thân thiện»
    > Đang triển khai
    < Kết quả của mô hình «Chính quyền thân thiện»
    > Đã ra mắt tổ tự quản
    > 3
    > bỏ qua
    < Gương tốt
    > Tổ 1 làm tốt
    > bỏ qua
    > bỏ qua
    < Tóm tắt báo cáo «Tiến độ quý» — Chi bộ Tổ dân phố 1, Quý I/2026
    < 1. Số đảng viên: 25 đồng chí
    < Chính quyền thân thiện: Đang triển khai — Đã ra mắt tổ tự quản
    < Thành phố văn minh, xã, phường hạnh phúc: Đã hoàn thành
    < 10. Đề xuất, kiến nghị: (bỏ qua)
"""


@pytest.fixture
def units(engine: Engine) -> None:
    """A ward committee and two of its cells."""
    with transaction(engine) as session:
        session.add(Unit(code="DB", name="Đảng bộ phường Kiến An", kind="dang_bo"))
        session.flush()
        for code, name in (("CB01", "Chi bộ Tổ dân phố 1"), ("CB02", "Chi bộ Tổ dân phố 2")):
            session.add(Unit(code=code, name=name, kind="chi_bo", parent_code="DB"))


def new_code(engine: Engine, clock: FakeClock, unit: str | None, hours: int = 72) -> str:
    """A one-time code as the office issues it (``unit`` None for an admin code)."""
    role = "admin" if unit is None else "secretary"
    with transaction(engine) as session:
        code, _ = issue_code(session, role, unit, clock(), timedelta(hours=hours), "test")
    return shown(code)


def person(assistant: Assistant, clock: FakeClock, key: ChatKey) -> Conversation:
    return Conversation(assistant, clock, key)


def linked(
    assistant: Assistant, clock: FakeClock, key: ChatKey, unit: str | None = "CB01"
) -> Conversation:
    """A person who registered with a code of the office."""
    talk = person(assistant, clock, key)
    run_script(talk, f"> /dangky {new_code(assistant.engine, clock, unit)}\n< ✅ Đã đăng ký")
    return talk


@pytest.fixture
def secretary(assistant: Assistant, clock: FakeClock, units: None) -> Conversation:
    """The secretary of CB01, on Telegram."""
    return linked(assistant, clock, TELEGRAM)


@pytest.fixture
def office(assistant: Assistant, clock: FakeClock, units: None) -> Conversation:
    """An admin of the party office, on Telegram."""
    return linked(assistant, clock, OFFICE, None)
