"""The assistant in conversation, as scripts: what the person says, what they must see."""

from __future__ import annotations

from tests.support.conversation import Conversation, run_script


def test_question_without_diacritics_gets_the_date_and_its_source(chat: Conversation) -> None:
    run_script(
        chat,
        """
        > nq05 ra doi khi nao
        < 14/01/2026
        < Nguồn:
        """,
    )


def test_start_menu_choices_work_by_number_word_and_label(chat: Conversation) -> None:
    run_script(
        chat,
        """
        > /start
        < Chào đồng chí
        < 1. Xem các mô hình
        > hai
        < Đồng chí muốn xem bộ tiêu chí nào?
        > bo tieu chi con nguoi xa hoi chu nghia
        < Yêu nước, yêu quê hương
        < (5)
        """,
    )


def test_model_catalogue_walk_down_to_one_model(chat: Conversation) -> None:
    run_script(
        chat,
        """
        > /mohinh
        < Phường Kiến An
        > 3
        < 14. Tổ dân phố xã hội chủ nghĩa
        > 8
        < Phường không ma túy
        < Đảng ủy Công an phường
        < Quý I/2026
        < Nguồn:
        """,
    )


def test_a_pressed_button_is_the_same_as_a_typed_number(chat: Conversation) -> None:
    chat.say("/tieuchi")
    first = chat.choices[0]
    shown = chat.press(first.id)
    assert "8 tiêu chí" in shown


def test_other_resolution_numbers_are_not_answered_with_resolution_05(chat: Conversation) -> None:
    run_script(
        chat,
        """
        > nghị quyết 57 có mấy nhiệm vụ
        < chưa có tài liệu về Nghị quyết số 57
        !< 14/01/2026
        """,
    )


def test_out_of_scope_question_gets_an_honest_no_and_is_recorded(chat: Conversation) -> None:
    from storage.db import transaction
    from storage.unanswered import most_frequent

    reply = chat.say("giá vàng hôm nay bao nhiêu")
    assert "chưa tìm thấy câu trả lời" in reply
    chat.say("gia vang hom nay bao nhieu")
    with transaction(chat.assistant.engine) as session:
        rows = most_frequent(session)
    assert rows and rows[0][1] == 2


def test_ambiguous_question_offers_the_localities_instead_of_guessing(chat: Conversation) -> None:
    reply = chat.say("chi doan xhcn gan voi cai gi")
    assert "Đồng chí muốn hỏi ý nào?" in reply
    assert len(chat.choices) >= 2
    answer = chat.say("1")
    assert "Nguồn:" in answer


def test_greeting_thanks_and_unknown_command(chat: Conversation) -> None:
    run_script(
        chat,
        """
        > xin chào
        < Chào đồng chí
        > cảm ơn
        < Không có gì
        > /khongcolenhnay
        < /help
        """,
    )


def test_words_that_only_share_syllables_with_the_documents_are_not_answered(
    chat: Conversation,
) -> None:
    # "thời tiết" shares its syllables with "tiết kiệm thời gian" in a plan, not its meaning
    assert "không nói về thời tiết" in chat.say("thời tiết mai thế nào")
    assert "không nói về thời tiết" in chat.say("thoi tiet mai the nao")
    assert "không nói về bóng đá," in chat.say("toi nay doi hai phong da voi ai")


def test_a_number_or_name_the_documents_never_give_is_said_so(chat: Conversation) -> None:
    assert "không nêu con số này" in chat.say("xã tân minh có mấy trường học")
    assert "không nêu tên cụ thể này" in chat.say("hợp tác xã kiểu mới ở nghi dương tên là gì")
    said = chat.say("Đến năm 2035 phường Kiến An phấn đấu đạt những chỉ tiêu cụ thể nào?")
    assert "không nêu điều này cho năm 2035" in said


def test_a_model_another_locality_has_is_said_to_be_missing_here(chat: Conversation) -> None:
    run_script(
        chat,
        """
        > mh cụm công nghiệp sinh thái ở p. Kiến An ai chủ trì
        < Văn bản của phường Kiến An không có mô hình “cụm công nghiệp”
        < xã Cẩm Giàng: “Cụm công nghiệp sinh thái”
        < /mohinh
        > mô hình âm nhạc ở kiến an ai chủ trì
        < Phường âm nhạc
        < Nguồn:
        """,
    )


def test_what_the_document_leaves_out_is_said_so_with_what_it_does_say(
    chat: Conversation,
) -> None:
    run_script(
        chat,
        """
        > Cho em xin tên 05 cơ sở kinh doanh thân thiện môi trường ở Nghi Dương với ạ
        < Văn bản nguồn không nêu tên cụ thể
        < chỉ tiêu tại 05 Cơ sở
        < Nguồn: Chương trình hành động của Đảng ủy xã Nghi Dương
        > kh tuyên truyền của ubnd p. hải an ký ngày nào
        < số và ngày ban hành Kế hoạch của UBND phường Hải An còn để trống
        < Kế hoạch số 80-KH/ĐU ngày 24/02/2026
        > mô hình clb văn hóa văn nghệ nghi dương chỉ tiêu bao nhiêu
        < 100% thôn dân cư
        """,
    )


def test_another_country_is_not_answered_with_hai_phong_plans(chat: Conversation) -> None:
    assert "chưa có văn bản nào về Trung Quốc" in chat.say("Trung Quốc xây dựng cnxh thế nào")


def test_a_question_asked_while_choosing_keeps_the_choices_open(chat: Conversation) -> None:
    run_script(
        chat,
        """
        > /baocao
        < Thử với Chi bộ Demo
        > 1
        < Tiến độ quý
        > nq05 ra doi khi nao
        < 14/01/2026
        > 2
        < Câu 1/9
        """,
    )


def test_a_question_that_asks_two_things_gets_both_answers(chat: Conversation) -> None:
    run_script(
        chat,
        """
        > tân minh có mấy mô hình, mô hình trường học xhcn ai chủ trì
        < tám mô hình
        < Nguồn: Chương trình hành động của Đảng bộ xã Tân Minh — mục “2. Triển khai
        < Chủ trì tổ chức thực hiện: Ủy ban nhân dân xã; cơ quan tham mưu: Phòng Văn hoá – Xã hội
        < Nguồn: Chương trình hành động của Đảng bộ xã Tân Minh — mục “2.7. Mô hình
        """,
    )
    # two answers from one section cite it once, after both
    reply = chat.say("ai chủ trì mô hình chi đoàn xhcn ở kiến an, mục tiêu là gì")
    assert "Đoàn Thanh niên phường" in reply and "100% đoàn viên đăng ký" in reply
    assert reply.count("Nguồn:") == 1 and reply.rstrip().splitlines()[-1].startswith("📄 Nguồn")


def test_which_models_a_body_partners_lists_every_one(chat: Conversation) -> None:
    run_script(
        chat,
        """
        > thuế cơ sở 5 phối hợp mô hình nào ở kiến an
        < Phường đổi mới sáng tạo, khởi nghiệp sáng tạo
        < không sử dụng sản phẩm nhựa dùng một lần
        < Nguồn: Chương trình hành động của Đảng ủy phường Kiến An
        """,
    )
