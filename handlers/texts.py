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
ASK_WHAT = "Đồng chí muốn hỏi gì? Ví dụ: /hoi nghị quyết 05 ban hành ngày nào"
GOODBYE = "Tạm biệt đồng chí! Khi cần, cứ nhắn /start."
THANKS = "Không có gì ạ. Đồng chí cần hỏi thêm gì cứ nhắn nhé."
UNKNOWN_COMMAND = "Tôi chưa hiểu lệnh này. Gõ /help để xem các lệnh có thể dùng."
GONE = "Lựa chọn này không còn dùng được nữa. Gõ /start để bắt đầu lại."
NOT_TEXT = "Hiện tôi chỉ đọc được tin nhắn chữ. Đồng chí gõ câu hỏi giúp tôi nhé."
