"""/dangky CODE links a chat account to a role; /lienket gives a code for one's other messenger."""

from __future__ import annotations

from datetime import timedelta

from handlers.context import Context
from handlers.reports.render import when
from handlers.types import ConversationState, Incoming, Outcome, Reply
from storage.codes import MAX_WRONG, Redeemed, issue_code, redeem, shown, wrong_attempts
from storage.org import ADMIN, links_of
from storage.org_tables import Unit

LINK_CODE_TTL = timedelta(hours=1)
CHANNELS = {"telegram": "Telegram", "zalo": "Zalo", "console": "máy tính"}


def register(args: str, incoming: Incoming, state: ConversationState, ctx: Context) -> Outcome:
    """/dangky CODE"""
    if not args.strip():
        text = "Gõ /dangky kèm mã Văn phòng Đảng ủy cấp, ví dụ: /dangky ABCD-EFGH"
        return Outcome((Reply(text),), state)
    result = redeem(ctx.session, ctx.key, args, ctx.now)
    return Outcome((Reply(_said(result.outcome, result, ctx)),), state)


def _said(outcome: Redeemed, result, ctx: Context) -> str:  # type: ignore[no-untyped-def]
    if outcome is Redeemed.THROTTLED:
        return f"Đồng chí đã nhập sai mã nhiều lần. Xin thử lại sau {result.wait_minutes} phút."
    if outcome is Redeemed.UNKNOWN:
        left = MAX_WRONG - len(wrong_attempts(ctx.session, ctx.key, ctx.now))
        more = f" (còn {left} lần thử)" if left > 0 else ""
        return f"Mã không đúng. Xin kiểm tra lại{more}."
    if outcome is Redeemed.EXPIRED:
        return "Mã đã hết hạn. Xin Văn phòng Đảng ủy cấp mã mới."
    if outcome is Redeemed.USED:
        return "Mã này đã được dùng. Mỗi mã chỉ dùng một lần; xin Văn phòng Đảng ủy cấp mã mới."
    if outcome is Redeemed.UNIT_GONE:
        return "Chi bộ của mã này không còn hoạt động. Xin liên hệ Văn phòng Đảng ủy."
    link = result.link
    where = CHANNELS.get(link.channel, link.channel)
    if link.role == ADMIN:
        role = "quản trị (Văn phòng Đảng ủy)"
        then = "Dùng /tonghop, /chuabaocao, /xuat để xem kết quả báo cáo."
    else:
        unit = ctx.session.get(Unit, link.unit_code)
        role = f"Bí thư {unit.name if unit else link.unit_code}"
        then = "Gõ /baocao để báo cáo."
    if outcome is Redeemed.ALREADY:
        return f"Tài khoản {where} này đã đăng ký là {role} rồi. {then}"
    return (
        f"✅ Đã đăng ký: đồng chí là {role} trên {where}. {then}\n"
        "Muốn dùng thêm Telegram hoặc Zalo, gõ /lienket để lấy mã cho tài khoản kia."
    )


def link_other(args: str, incoming: Incoming, state: ConversationState, ctx: Context) -> Outcome:
    """/lienket: a one-time code to link one's other messenger account to the same role(s)."""
    links = links_of(ctx.session, ctx.key)
    if not links:
        text = "Tài khoản này chưa đăng ký. Xin Văn phòng Đảng ủy cấp mã rồi gõ /dangky MÃ."
        return Outcome((Reply(text),), state)
    lines = ["Trên tài khoản Telegram hoặc Zalo còn lại của đồng chí, gõ:"]
    for link in links:
        code, _ = issue_code(
            ctx.session, link.role, link.unit_code, ctx.now, LINK_CODE_TTL,
            f"link:{link.id}", person=link.person,
        )  # fmt: skip
        role = "quản trị" if link.role == ADMIN else f"Bí thư ({link.unit_code})"
        lines.append(f"/dangky {shown(code)} — {role}")
    lines.append(f"Mã dùng một lần, hết hạn lúc {when(ctx.now + LINK_CODE_TTL)}.")
    return Outcome((Reply("\n".join(lines)),), state)
