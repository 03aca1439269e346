"""What the messenger channels themselves say (Vietnamese, full diacritics)."""

IMAGE = (
    "Cảm ơn đồng chí đã gửi ảnh. Hiện tôi chỉ đọc được tin nhắn chữ, "
    "đồng chí gõ câu hỏi giúp tôi nhé."
)
STICKER = "Cảm ơn đồng chí! Đồng chí cần hỏi gì về Nghị quyết 05 cứ gõ câu hỏi nhé."
VOICE = "Hiện tôi chưa nghe được tin nhắn thoại. Đồng chí gõ câu hỏi bằng chữ giúp tôi nhé."
UNSUPPORTED = "Tôi chưa xem được nội dung tin nhắn này. Đồng chí gõ câu hỏi bằng chữ giúp tôi nhé."

BAD_TOKEN = "Token {platform} không hợp lệ: kiểm tra lại {setting} trong tệp .env."
UNREACHABLE = "Không kết nối được tới máy chủ {platform} ({detail}). Hãy thử lại sau."
NO_CHANNEL = "Chưa cấu hình kênh nào: đặt TELEGRAM_BOT_TOKEN hoặc ZALO_BOT_TOKEN trong tệp .env."
NO_SECRET = "Chế độ webhook cần {setting} trong tệp .env (chuỗi bí mật dùng để xác thực)."
BAD_SECRET = "{setting} không hợp lệ: {rule}."
NO_BASE_URL = "Chưa đặt WEBHOOK_BASE_URL (địa chỉ HTTPS công khai của máy chủ) trong tệp .env."

# The bot's command menu on Telegram.
COMMANDS = (
    ("start", "Bắt đầu, màn hình chào"),
    ("hoi", "Hỏi một câu về Nghị quyết 05"),
    ("mohinh", "Danh mục mô hình theo địa phương"),
    ("tieuchi", "Các bộ tiêu chí"),
    ("help", "Hướng dẫn sử dụng"),
)
