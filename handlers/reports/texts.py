"""What the report conversation says (Vietnamese, full diacritics, short enough for a phone)."""

from handlers.types import Choice

FLOW = "report"
CHANNELS = {"telegram": "Telegram", "zalo": "Zalo", "console": "máy tính"}

NOT_SECRETARY = (
    "Chức năng báo cáo dành cho Bí thư chi bộ. Nếu đồng chí là Bí thư, xin Văn phòng Đảng ủy "
    "cấp mã rồi gõ: /dangky MÃ"
)
ADMIN_NOT_SECRETARY = (
    "Tài khoản quản trị không gửi báo cáo thay chi bộ. Đồng chí dùng /tonghop, /chuabaocao "
    "hoặc /xuat để xem kết quả."
)
NOT_ADMIN = "Chỉ Văn phòng Đảng ủy (tài khoản quản trị) mới xem được tổng hợp và xuất số liệu."
REVOKED = (
    "Quyền báo cáo của tài khoản này đã bị thu hồi. Cần hỗ trợ, xin liên hệ Văn phòng Đảng ủy."
)
NOTHING_OPEN = "Hiện chưa có kỳ báo cáo nào đang mở cho chi bộ."
DEMO_OFFER = (
    "Chưa có chi bộ nào được đăng ký. Đồng chí có muốn thử báo cáo với «Chi bộ Demo» không? "
    "Đây chỉ là bản thử, số liệu không gửi đi đâu."
)
DEMO_START = (
    "Đã tạo «Chi bộ Demo» (mã DEMO) để thử. Tài khoản dòng lệnh này là Bí thư và cũng là quản trị "
    "của chi bộ thử, nên đồng chí xem được cả /tonghop."
)
DEMO_NO = "Vâng. Khi cần, gõ /baocao để thử lại."
STALE_CHOICE = "Lựa chọn này đã cũ. Gõ /baocao để tiếp tục báo cáo."
HELP = (
    "Trong lúc báo cáo, đồng chí có thể gõ:\n"
    "- «quay lại»: về câu trước\n"
    "- «bỏ qua»: bỏ qua câu không bắt buộc\n"
    "- «giữ»: giữ câu trả lời đang ghi\n"
    "- «hủy»: hủy báo cáo (sẽ hỏi lại cho chắc)\n"
    "Mọi câu trả lời được lưu ngay: có thể dừng lúc nào cũng được, rồi gõ /baocao để làm tiếp, "
    "kể cả trên Telegram hay Zalo."
)
COMMANDS_HINT = "(Gõ «quay lại», «bỏ qua», «hủy» hoặc «trợ giúp» khi cần.)"
REQUIRED = "Câu này bắt buộc, không bỏ qua được."
FIRST = "Đây là câu đầu tiên rồi."
NOTHING_TO_KEEP = "Câu này chưa có câu trả lời để giữ."
CANCEL_ASK = (
    "Hủy báo cáo đang làm? Các câu đã trả lời vẫn được lưu lại để đối chiếu, nhưng báo cáo "
    "sẽ không được gửi."
)
CANCEL_CHOICES = (Choice("bc:cy", "Có, hủy báo cáo"), Choice("bc:cn", "Không, làm tiếp"))
CANCELLED = "Đã hủy báo cáo. Khi cần, gõ /baocao để làm lại."
CANCELLED_AMEND = "Đã hủy phần sửa. Báo cáo đã gửi trước đó vẫn giữ nguyên."
KEPT = "Đã lưu nháp. Gõ /baocao khi muốn gửi."
SUMMARY_CHOICES = (
    Choice("bc:send", "Gửi báo cáo"),
    Choice("bc:fix", "Sửa một mục"),
    Choice("bc:keep", "Lưu nháp, gửi sau"),
)
SUMMARY_ASK = "Gửi báo cáo, sửa một mục (gõ «sửa 2»), hay lưu nháp để gửi sau?"
RESUME_CHOICES = (
    Choice("bc:go", "Làm tiếp"),
    Choice("bc:review", "Xem lại các câu đã trả lời"),
)
STALE_RESUME_CHOICES = (*RESUME_CHOICES, Choice("bc:later", "Để sau"))
LATER = "Vâng. Báo cáo vẫn được lưu, gõ /baocao khi muốn làm tiếp."
SENT_CHOICES = (Choice("bc:amend", "Sửa báo cáo"), Choice("bc:view", "Xem báo cáo đã gửi"))
YES_NO = (Choice("bc:v:yes", "Có"), Choice("bc:v:no", "Không"))
