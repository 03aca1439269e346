"""Fixed texts the assistant says (Vietnamese, full diacritics)."""

from handlers.types import Choice

WELCOME = (
    "Chào đồng chí! Tôi là trợ lý hỏi đáp về Nghị quyết số 05-NQ/TU của Ban Chấp hành Đảng bộ "
    "thành phố Hải Phòng về xây dựng mô hình Chủ nghĩa xã hội gắn với con người Xã hội chủ nghĩa, "
    "giai đoạn 2026 – 2030.\n\n"
    "Đồng chí cứ gõ câu hỏi, có dấu hay không dấu đều được, ví dụ: «nq05 ban hành khi nào». "
    "Tôi chỉ trả lời theo văn bản đã được phê duyệt và luôn ghi rõ nguồn."
)
MAIN_MENU = (
    Choice("menu:mohinh", "Xem các mô hình"),
    Choice("menu:tieuchi", "Xem bộ tiêu chí"),
    Choice("menu:help", "Hướng dẫn sử dụng"),
)
HELP = (
    "Cách dùng trợ lý:\n"
    "- Gõ câu hỏi bất kỳ về Nghị quyết 05, ví dụ «chi bộ phải làm gì», «hạn quán triệt nq05».\n"
    "- /hoi <câu hỏi> — hỏi một câu.\n"
    "- /mohinh — danh mục mô hình theo địa phương.\n"
    "- /tieuchi — các bộ tiêu chí.\n"
    "- /start — màn hình chào.\n"
    "Khi có danh sách lựa chọn, gõ số thứ tự (1, 2…) hoặc tên lựa chọn."
)
ASK_WHAT = "Đồng chí muốn hỏi gì? Ví dụ: /hoi nghị quyết 05 ban hành ngày nào"
GOODBYE = "Tạm biệt đồng chí! Khi cần, cứ nhắn /start."
THANKS = "Không có gì ạ. Đồng chí cần hỏi thêm gì cứ nhắn nhé."
UNKNOWN_COMMAND = "Tôi chưa hiểu lệnh này. Gõ /help để xem các lệnh có thể dùng."
NOT_TEXT = "Hiện tôi chỉ đọc được tin nhắn chữ. Đồng chí gõ câu hỏi giúp tôi nhé."
