"""Who may do what: registration codes, and every refusal by role."""

from __future__ import annotations

from sqlmodel import select

from handlers.engine import Assistant
from handlers.types import ChatKey
from storage.db import transaction
from storage.org import secretary_links
from storage.org_tables import ChatLink
from tests.reports.conftest import MEMBER, OFFICE, TELEGRAM, ZALO, linked, new_code, person
from tests.support.clock import FakeClock
from tests.support.conversation import Conversation, run_script


def test_a_member_may_only_ask_questions(
    assistant: Assistant, clock: FakeClock, units: None
) -> None:
    run_script(
        person(assistant, clock, MEMBER),
        """
        > /baocao
        < Chức năng báo cáo dành cho Bí thư chi bộ
        < /dangky MÃ
        > /tonghop
        < Chỉ Văn phòng Đảng ủy (tài khoản quản trị) mới xem được tổng hợp
        > /chuabaocao
        < Chỉ Văn phòng Đảng ủy
        > /xuat
        < Chỉ Văn phòng Đảng ủy
        > /lienket
        < Tài khoản này chưa đăng ký.
        """,
    )


def test_a_secretary_reports_only_for_the_own_cell_and_sees_no_totals(
    secretary: Conversation,
) -> None:
    run_script(
        secretary,
        """
        > /tonghop
        < Chỉ Văn phòng Đảng ủy
        > /xuat
        < Chỉ Văn phòng Đảng ủy
        > /baocao CB02
        < Đồng chí chỉ báo cáo được cho Chi bộ Tổ dân phố 1.
        """,
    )


def test_an_admin_does_not_report_for_a_cell(office: Conversation) -> None:
    run_script(office, "> /baocao\n< Tài khoản quản trị không gửi báo cáo thay chi bộ.")


def test_a_revoked_secretary_is_stopped_even_mid_form(
    secretary: Conversation, assistant: Assistant
) -> None:
    run_script(secretary, "> /baocao tiến độ\n> 25\n< Câu 2/9")
    with transaction(assistant.engine) as session:
        link = session.exec(select(ChatLink).where(ChatLink.user_id == TELEGRAM.user_id)).one()
        link.revoked_at = secretary.clock()
        session.add(link)
    run_script(
        secretary,
        """
        > 20
        < Quyền báo cáo của tài khoản này đã bị thu hồi.
        > /baocao
        < Chức năng báo cáo dành cho Bí thư chi bộ
        """,
    )
    with transaction(assistant.engine) as session:
        assert secretary_links(session, "CB01") == []
        assert len(session.exec(select(ChatLink)).all()) == 1  # revoked, never deleted


def test_codes_work_once_expire_and_wrong_attempts_are_throttled(
    assistant: Assistant, clock: FakeClock, units: None
) -> None:
    code = new_code(assistant.engine, clock, "CB01", hours=1)
    old = new_code(assistant.engine, clock, "CB02", hours=1)
    first = person(assistant, clock, TELEGRAM)
    run_script(
        first,
        f"""
        > /dangky
        < Gõ /dangky kèm mã
        > /dangky {code.lower()}
        < ✅ Đã đăng ký: đồng chí là Bí thư Chi bộ Tổ dân phố 1 trên Telegram.
        """,
    )
    clock.advance(hours=2)
    stranger = person(assistant, clock, ChatKey("zalo", "z-7", "z-7"))
    run_script(
        stranger,
        f"""
        > /dangky {code}
        < Mã này đã được dùng.
        > /dangky {old}
        < Mã đã hết hạn.
        > /dangky AAAA-BBBB
        < Mã không đúng. Xin kiểm tra lại (còn 2 lần thử).
        > /dangky AAAA-BBBC
        < còn 1 lần thử
        > /dangky AAAA-BBBD
        < Mã không đúng. Xin kiểm tra lại.
        > /dangky {new_code(assistant.engine, clock, "CB02")}
        < Đồng chí đã nhập sai mã nhiều lần. Xin thử lại sau 15 phút.
        """,
    )
    clock.advance(minutes=16)
    run_script(stranger, f"> /dangky {new_code(assistant.engine, clock, 'CB02')}\n< ✅")


def test_the_same_person_links_telegram_and_zalo(
    secretary: Conversation, assistant: Assistant, clock: FakeClock
) -> None:
    reply = secretary.say("/lienket")
    assert "Bí thư (CB01)" in reply
    code = reply.split("/dangky ")[1].split(" ")[0]
    zalo = person(assistant, clock, ZALO)
    run_script(zalo, f"> /dangky {code}\n< trên Zalo")
    with transaction(assistant.engine) as session:
        links = secretary_links(session, "CB01")
    assert {link.channel for link in links} == {"telegram", "zalo"}
    assert len({link.person for link in links}) == 1


def test_the_office_can_register_and_sees_totals(
    assistant: Assistant, clock: FakeClock, units: None
) -> None:
    admin = linked(assistant, clock, OFFICE, None)
    run_script(
        admin,
        """
        > /tonghop
        < 📊 Tiến độ quý — Quý I/2026 (hạn 31/03/2026)
        < Đã báo cáo: 0/2 đơn vị
        > /chuabaocao tiến độ
        < Còn 2/2 đơn vị chưa báo cáo
        < Chi bộ Tổ dân phố 2 (CB02) (chưa có bí thư đăng ký)
        > /tonghop năm ngoái
        < Không hiểu kỳ báo cáo
        """,
    )


def test_demo_cell_in_the_console_for_a_newcomer(assistant: Assistant, clock: FakeClock) -> None:
    console = person(assistant, clock, ChatKey("console", "console", "console"))
    run_script(
        console,
        """
        > /baocao
        < thử báo cáo với «Chi bộ Demo»
        > 1
        < Đã tạo «Chi bộ Demo» (mã DEMO) để thử
        < Chi bộ Demo: đồng chí muốn báo cáo gì?
        > 1
        < Câu 1/5
        > 10
        > 10
        > bỏ qua
        > không
        > bỏ qua
        > Gửi báo cáo
        < ✅ Đã nhận báo cáo «Quán triệt Nghị quyết 05» của Chi bộ Demo
        > /tonghop quán triệt
        < Đã báo cáo: 1/1 đơn vị (100%)
        < Tỷ lệ đảng viên đã học tập: 10/10 = 100,0%
        """,
    )


def test_no_demo_on_a_messenger_or_once_real_units_exist(
    assistant: Assistant, clock: FakeClock
) -> None:
    run_script(person(assistant, clock, MEMBER), "> /baocao\n< Chức năng báo cáo dành cho")
