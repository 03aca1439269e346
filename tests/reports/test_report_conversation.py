"""The report conversation as a secretary lives it: scripts of what is said and seen."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import select

from handlers.engine import Assistant
from storage.db import transaction
from storage.report_tables import Report, ReportEvent, ReportVersion
from tests.reports.conftest import QUARTERLY, TELEGRAM, ZALO, linked, person
from tests.support.clock import VN, FakeClock
from tests.support.conversation import Conversation, run_script


def _reports(chat: Conversation) -> list[Report]:
    with transaction(chat.assistant.engine) as session:
        return list(session.exec(select(Report)))


def test_full_quarterly_report_gets_a_receipt_and_is_stored(secretary: Conversation) -> None:
    run_script(
        secretary,
        "> /baocao tiến độ\n< Chi bộ Tổ dân phố 1 — Quý I/2026, hạn nộp 31/03/2026"
        "\n< Câu 1/9. Chi bộ hiện có bao nhiêu đảng viên?\n< ➜ Gõ một số"
        + QUARTERLY
        + """
        > 1
        < ✅ Đã nhận báo cáo «Tiến độ quý» của Chi bộ Tổ dân phố 1, Quý I/2026
        < lúc 08:00 ngày 02/03/2026 (giờ Việt Nam)
        < Có thể sửa đến hết ngày 30/04/2026
        !< nộp muộn
        """,
    )
    [report] = _reports(secretary)
    assert (report.unit_code, report.period, report.late) == ("CB01", "2026-Q1", False)
    assert report.answers["members"] == 25 and report.answers["thematic"] == 1
    assert report.answers["models"]["tp-chinh-quyen-than-thien"] == {
        "status": "dang",
        "result": "Đã ra mắt tổ tự quản",
    }
    assert report.answers["proposals"] is None


def test_study_report_asks_the_plan_date_only_if_the_plan_is_issued(
    secretary: Conversation,
) -> None:
    run_script(
        secretary,
        """
        > /baocao quán triệt
        < Mục tiêu: hết tháng 5/2026, 100% đảng viên
        < Câu 1/5
        > 30
        > 28 đ/c
        < Câu 3/5. Chi bộ tổ chức học tập, quán triệt vào những ngày nào?
        > 15/1/2026, 20/02
        < Câu 4/5. Chi bộ đã ban hành kế hoạch
        > chưa
        < Câu 5/5. Khó khăn, đề xuất
        > quay lại
        > rồi
        < Câu 5/6. Kế hoạch của chi bộ ban hành ngày nào?
        > hôm qua
        < Câu 6/6
        > bỏ qua
        < 3. Ngày học tập: 15/01/2026, 20/02/2026
        < 4. Đã có kế hoạch của chi bộ: Có
        < 5. Ngày ban hành kế hoạch: 01/03/2026
        > Gửi báo cáo
        < ✅ Đã nhận báo cáo «Quán triệt Nghị quyết 05»
        """,
    )
    [report] = _reports(secretary)
    assert report.answers["study_dates"] == ["2026-01-15", "2026-02-20"]
    assert report.answers["plan_date"] == "2026-03-01"


def test_every_validation_rule_explains_and_asks_again(secretary: Conversation) -> None:
    run_script(
        secretary,
        """
        > /baocao tiến độ
        > hai mươi mấy
        < ❗ Cần một con số, ví dụ: 25.
        < Câu 1/9. Chi bộ hiện có bao nhiêu đảng viên?
        > -4
        < ❗ Số không được âm.
        > 0
        < ❗ Số phải từ 1 đến 2000.
        > 25 hay 26
        < ❗ Chỉ gõ một số thôi ạ.
        > 25
        > 26
        < ❗ Số đã học tập không thể nhiều hơn số đảng viên của chi bộ (25).
        < Câu 2/9
        > 25
        > 40
        < ❗ Số phải từ 0 đến 31.
        > 3
        > 4
        < ❗ Số cuộc có nội dung Nghị quyết không thể nhiều hơn số cuộc sinh hoạt định kỳ (3).
        > 3
        > có lẽ
        < ❗ Xin trả lời «có» hoặc «không».
        > không
        < Câu 6/9. Chi bộ tham gia những mô hình nào?
        > mô hình đầu
        < ❗ Xin gõ số thứ tự các mô hình
        > 1, 12
        < ❗ Không có mô hình số 12 (chỉ từ 1 đến 11).
        > 2
        > xong rồi
        < ❗ Xin chọn một trong: 1 = Chưa triển khai, 2 = Đang triển khai, 3 = Đã hoàn thành.
        > 1
        > quay lại
        > quay lại
        > quay lại
        < Câu 5/9
        > quay lại
        > quay lại
        > quay lại
        < Câu 2/9
        > giữ
        < Kết quả của mô hình «Thành phố thượng tôn và tuân thủ pháp luật»
        > sửa 1
        < (Đang ghi: 25 đồng chí. Gõ «giữ» để giữ nguyên.)
        > 20
        < ❗ Đã ghi «Đã học tập, quán triệt» là 25, nên số này không thể là 20.
        """,
    )


def test_dates_text_length_and_required_answers_are_checked(secretary: Conversation) -> None:
    long_text = "khó " * 300
    run_script(
        secretary,
        f"""
        > /baocao quán triệt
        > 30
        > 30
        > 12/2025
        < ❗ Cần ngày dạng ngày/tháng/năm, ví dụ: 15/3/2026.
        > 31/02/2026
        < ❗ Không có ngày 31/02/2026.
        > 10/1/2026
        < ❗ Ngày 10/01/2026 sớm hơn 14/01/2026, xin xem lại.
        > 20/3/2026
        < ❗ Ngày 20/03/2026 chưa tới, xin xem lại.
        > 20/1/2026
        > có
        > bỏ qua
        < Câu này bắt buộc, không bỏ qua được.
        > 15/1/2026, 16/1/2026
        < ❗ Chỉ gõ một ngày thôi ạ.
        > 15/1/26
        < Câu 6/6
        > {long_text}
        < ❗ Dài quá (1199 ký tự), tối đa 1000 ký tự.
        > trợ giúp
        < «quay lại»: về câu trước
        < Câu 6/6
        """,
    )


def test_back_at_the_first_question_and_skip_of_optional_ones(secretary: Conversation) -> None:
    run_script(
        secretary,
        """
        > /baocao quán triệt
        > quay lại
        < Đây là câu đầu tiên rồi.
        < Câu 1/5
        > 12
        > 10
        > bỏ qua
        < Câu 4/5
        > quay lại
        < Câu 3/5
        < (Đang ghi: (bỏ qua)
        """,
    )


def test_cancel_asks_first_keeps_answers_and_starts_again(secretary: Conversation) -> None:
    run_script(
        secretary,
        """
        > /baocao quán triệt
        > 12
        > hủy
        < Hủy báo cáo đang làm?
        > 2
        < Câu 2/5
        > huỷ
        > Có, hủy báo cáo
        < Đã hủy báo cáo.
        > 10
        !< Câu
        > /baocao quán triệt
        < Câu 1/5
        !< Đang ghi
        """,
    )
    with transaction(secretary.assistant.engine) as session:
        events = [(e.action, e.value) for e in session.exec(select(ReportEvent))]
    assert ("cancel", {"members": 12}) in events


def test_fix_an_item_from_the_summary_then_back_to_it(secretary: Conversation) -> None:
    run_script(
        secretary,
        "> /baocao tiến độ\n"
        + QUARTERLY
        + """
        > sửa 3
        < Câu 3/10. Trong quý, chi bộ sinh hoạt định kỳ bao nhiêu cuộc?
        > 4
        < Tóm tắt báo cáo
        < 3. Sinh hoạt định kỳ: 4 cuộc
        > Sửa một mục
        < Đồng chí muốn sửa mục số mấy? (từ 1 đến 10)
        > 5
        < Câu 5/10
        > không
        < Tóm tắt báo cáo
        < 5. Có sinh hoạt chuyên đề: Không
        !< Sinh hoạt chuyên đề: 1
        > Lưu nháp, gửi sau
        < Đã lưu nháp.
        """,
    )
    assert _reports(secretary) == []


def test_resume_after_a_restart_mid_form(
    secretary: Conversation, assistant: Assistant, clock: FakeClock
) -> None:
    run_script(secretary, "> /baocao tiến độ\n> 25\n> 20\n< Câu 3/9")
    restarted = Assistant(assistant.services, assistant.engine)  # a new process, same database
    again = person(restarted, clock, TELEGRAM)
    clock.advance(hours=2)
    run_script(
        again,
        """
        > 3
        < Câu 4/9
        > /baocao
        < Chi bộ Tổ dân phố 1: đồng chí muốn báo cáo gì?
        < Tiến độ quý — Quý I/2026 (đang làm dở)
        > 2
        < đã trả lời 3/9 câu
        > Làm tiếp
        < Câu 4/9
        """,
    )


def test_a_message_days_later_offers_to_resume_instead_of_taking_it_as_an_answer(
    secretary: Conversation, clock: FakeClock
) -> None:
    run_script(secretary, "> /baocao tiến độ\n> 25\n< Câu 2/9")
    clock.advance(days=3)
    run_script(
        secretary,
        """
        > nq05 ban hành khi nào
        < đang có báo cáo «Tiến độ quý» làm dở, đã trả lời 1/9 câu
        < Để sau
        > Để sau
        < Báo cáo vẫn được lưu
        > nq05 ban hành khi nào
        < 14/01/2026
        """,
    )


def test_resume_on_the_other_messenger(
    secretary: Conversation, assistant: Assistant, clock: FakeClock
) -> None:
    reply = secretary.say("/lienket")
    code = reply.split("/dangky ")[1].split(" ")[0]
    run_script(secretary, "> /baocao tiến độ\n> 25\n> 20\n> 3")
    zalo = person(assistant, clock, ZALO)
    run_script(
        zalo,
        f"""
        > /dangky {code}
        < ✅ Đã đăng ký: đồng chí là Bí thư Chi bộ Tổ dân phố 1 trên Zalo.
        > /baocao tiến độ
        < đã trả lời 3/9 câu
        < (trên Telegram)
        > 1
        < Câu 4/9
        > 2
        < Câu 5/9
        """,
    )
    run_script(
        secretary,
        """
        > 1
        < ⚠️ Đồng chí vừa cập nhật báo cáo này trên Zalo
        < 4. Định kỳ có nội dung NQ05: 2 cuộc
        < Câu 5/9
        """,
    )


def test_amend_after_sending_keeps_every_version(secretary: Conversation) -> None:
    run_script(secretary, "> /baocao tiến độ\n" + QUARTERLY + "> Gửi báo cáo\n< ✅")
    run_script(
        secretary,
        """
        > /baocao tiến độ
        < đã gửi lúc 08:00 ngày 02/03/2026
        > Xem báo cáo đã gửi
        < 1. Số đảng viên: 25 đồng chí
        > Sửa báo cáo
        < Sửa mục nào thì gõ «sửa» và số mục
        > sửa 1
        > 26
        < 1. Số đảng viên: 26 đồng chí
        > Gửi báo cáo
        < ✅ Đã nhận bản sửa lần 1 «Tiến độ quý»
        """,
    )
    with transaction(secretary.assistant.engine) as session:
        [report] = session.exec(select(Report)).all()
        versions = session.exec(select(ReportVersion).order_by(ReportVersion.version)).all()
    assert report.version == 2 and report.answers["members"] == 26
    assert [v.answers["members"] for v in versions] == [25, 26]
    assert all(v.submitted_by == report.submitted_by for v in versions)


def test_a_late_report_is_accepted_and_marked_late(
    secretary: Conversation, clock: FakeClock, office: Conversation
) -> None:
    clock.set(datetime(2026, 4, 10, 9, 30, tzinfo=VN))
    run_script(
        secretary,
        "> /baocao tiến độ\n< Quý I/2026, hạn nộp 31/03/2026\n"
        + QUARTERLY
        + """
        > Gửi báo cáo
        < ✅ Đã nhận báo cáo
        < lúc 09:30 ngày 10/04/2026
        < ⚠️ Gửi sau hạn 31/03/2026 nên được ghi là nộp muộn.
        """,
    )
    assert _reports(secretary)[0].late
    run_script(office, "> /tonghop tiến độ\n< Nộp muộn: 1 (Chi bộ Tổ dân phố 1)")


def test_no_amendment_after_the_period_closes(secretary: Conversation, clock: FakeClock) -> None:
    run_script(secretary, "> /baocao tiến độ\n" + QUARTERLY + "> Gửi báo cáo\n< ✅")
    clock.set(datetime(2026, 5, 6, 8, 0, tzinfo=VN))
    run_script(
        secretary,
        """
        > /baocao tiến độ Quý I/2026
        < đã gửi lúc 08:00 ngày 02/03/2026
        < 1. Số đảng viên: 25 đồng chí
        < đã khóa sổ
        """,
    )


def test_two_secretaries_at_once_never_overwrite_each_other(
    secretary: Conversation, assistant: Assistant, clock: FakeClock
) -> None:
    from tests.reports.conftest import OTHER_SECRETARY

    other = linked(assistant, clock, OTHER_SECRETARY)
    run_script(secretary, "> /baocao tiến độ\n> 25\n< Câu 2/9")
    run_script(
        other,
        """
        > /baocao tiến độ
        < đã trả lời 1/9 câu
        < (bí thư khác, Telegram)
        > Làm tiếp
        > 22
        < Câu 3/9
        """,
    )
    run_script(
        secretary,
        """
        > 21
        < ⚠️ Một bí thư khác của chi bộ vừa cập nhật báo cáo này (trên Telegram)
        < Câu trả lời vừa gõ chưa được ghi.
        < 2. Đã học tập, quán triệt: 22 đồng chí
        < Câu 3/9
        > 3
        < Câu 4/9
        """,
    )
    run_script(
        other,
        """
        > 3
        < ⚠️ Một bí thư khác
        < 3. Sinh hoạt định kỳ: 3 cuộc
        < Câu 4/9
        """,
    )
