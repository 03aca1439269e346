"""Commands of the party office: units, registration codes, links, forms and report exports."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.settings import Settings


def _engine(settings: Settings):  # type: ignore[no-untyped-def]
    from storage.db import make_engine
    from storage.migrate import ensure_schema

    engine = make_engine(settings.database_url)
    ensure_schema(engine)
    return engine


def _units_import(args: argparse.Namespace, settings: Settings) -> int:
    from storage.db import transaction
    from storage.unit_import import import_units

    with transaction(_engine(settings)) as session:
        result = import_units(session, Path(args.file))
        if result.problems:
            session.rollback()
    if result.problems:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        print(
            f"Chưa nhập gì: có {len(result.problems)} lỗi, sửa tệp rồi nhập lại.", file=sys.stderr
        )
        return 1
    print(f"Đã nhập: {result.added} đơn vị mới, {result.updated} đơn vị cập nhật.")
    return 0


_KINDS = {"chi_bo": "Chi bộ", "dang_bo": "Đảng bộ", "dang_bo_bo_phan": "ĐB bộ phận", "demo": "Thử"}


def _units_list(args: argparse.Namespace, settings: Settings) -> int:
    from storage.db import transaction
    from storage.org import all_units, secretary_links

    with transaction(_engine(settings)) as session:
        units = all_units(session)
        if not units:
            print("Chưa có đơn vị nào. Nhập bằng: nq05bot units import donvi.xlsx")
            return 0
        print(f"{'Mã':<12} {'Loại':<11} {'Cấp trên':<10} {'Bí thư':>6}  Tên")
        for unit in units:
            count = len(secretary_links(session, unit.code))
            off = "" if unit.active else "  (ngừng hoạt động)"
            kind = _KINDS.get(unit.kind, unit.kind)
            parent = unit.parent_code or ""
            print(f"{unit.code:<12} {kind:<11} {parent:<10} {count:>6}  {unit.name}{off}")
    return 0


def _codes_issue(args: argparse.Namespace, settings: Settings) -> int:
    from storage.codes import issue_code, shown
    from storage.db import transaction
    from storage.org import ADMIN, SECRETARY
    from storage.org_tables import Unit

    now = datetime.now(UTC)
    ttl = timedelta(hours=args.hours or settings.registration_code_ttl_hours)
    with transaction(_engine(settings)) as session:
        if args.admin:
            role, code, who = ADMIN, None, "quản trị (Văn phòng Đảng ủy)"
        else:
            unit = session.get(Unit, args.unit.upper())
            if unit is None or not unit.active:
                print(f"Không có đơn vị đang hoạt động mã «{args.unit}».", file=sys.stderr)
                return 1
            role, code, who = SECRETARY, unit.code, f"Bí thư {unit.name}"
        issued = [issue_code(session, role, code, now, ttl, "cli")[0] for _ in range(args.count)]
    until = (now + ttl).astimezone(ZoneInfo(settings.timezone)).strftime("%H:%M ngày %d/%m/%Y")
    print(f"Mã đăng ký {who}, dùng một lần, hết hạn lúc {until}:")
    for plain in issued:
        print(f"  /dangky {shown(plain)}")
    print("Người nhận gõ dòng trên vào Telegram, Zalo hoặc cửa sổ trò chuyện của trợ lý.")
    return 0


def _links_list(args: argparse.Namespace, settings: Settings) -> int:
    from storage.db import transaction
    from storage.org import all_links

    with transaction(_engine(settings)) as session:
        links = all_links(session, include_revoked=args.all)
        if not links:
            print("Chưa có tài khoản nào đăng ký.")
        for link in links:
            role = "quản trị" if link.role == "admin" else f"bí thư {link.unit_code}"
            state = " (đã thu hồi)" if link.revoked_at else ""
            state += " (đã chặn trợ lý)" if link.blocked_at else ""
            since = link.linked_at.strftime("%d/%m/%Y")
            print(
                f"{link.id:>5}  {link.channel:<9} {link.user_id:<20} {role:<20} từ {since}{state}"
            )
    return 0


def _links_revoke(args: argparse.Namespace, settings: Settings) -> int:
    from storage.db import transaction
    from storage.org import revoke_link

    with transaction(_engine(settings)) as session:
        link = revoke_link(session, args.id, datetime.now(UTC))
    if link is None:
        print(f"Không có liên kết số {args.id}. Xem danh sách: nq05bot links list", file=sys.stderr)
        return 1
    print(f"Đã thu hồi liên kết số {args.id} ({link.channel}, {link.role}).")
    return 0


def _report_export(args: argparse.Namespace, settings: Settings) -> int:
    from handlers.reports.calendar import period_for_key
    from handlers.reports.export import csv_bytes, xlsx_bytes
    from handlers.reports.forms import load_forms
    from handlers.reports.tally import tally
    from knowledge.loader import load_knowledge
    from storage.db import transaction

    forms = load_forms(load_knowledge().localities)
    form = forms.get(args.form)
    if form is None:
        known = ", ".join(f.id for f in forms.forms)
        print(f"Không có biểu mẫu «{args.form}» (có: {known}).", file=sys.stderr)
        return 1
    try:
        period = period_for_key(form, args.period)
    except ValueError as exc:
        print(f"Kỳ báo cáo: {exc}", file=sys.stderr)
        return 1
    out = Path(args.out)
    with transaction(_engine(settings)) as session:
        result = tally(session, forms, form, period)
        data = (
            csv_bytes(forms, result) if out.suffix.lower() == ".csv" else xlsx_bytes(forms, result)
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(
        f"Đã ghi {out}: {len(result.reported)}/{len(result.expected)} đơn vị đã báo cáo "
        f"({len(result.late)} nộp muộn)."
    )
    return 0


def _forms_check(args: argparse.Namespace, settings: Settings) -> int:
    from handlers.reports.forms import FormError, load_forms
    from knowledge.loader import load_knowledge

    try:
        forms = load_forms(load_knowledge().localities, Path(args.dir) if args.dir else None)
    except FormError as exc:
        print("\n".join(exc.problems), file=sys.stderr)
        print(f"Có {len(exc.problems)} lỗi.", file=sys.stderr)
        return 1
    for form in forms.forms:
        print(f"{form.id}: {form.title} ({len(form.questions)} câu)")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add units …, codes issue, links …, report export, forms check."""
    units = sub.add_parser("units", help="đơn vị (chi bộ, đảng bộ)").add_subparsers(
        dest="units", required=True
    )
    imp = units.add_parser("import", help="nhập đơn vị từ tệp .csv hoặc .xlsx")
    imp.add_argument("file")
    imp.set_defaults(run=_units_import)
    units.add_parser("list", help="danh sách đơn vị").set_defaults(run=_units_list)

    codes = sub.add_parser("codes", help="mã đăng ký dùng một lần").add_subparsers(
        dest="codes", required=True
    )
    issue = codes.add_parser("issue", help="cấp mã cho bí thư một đơn vị hoặc cho quản trị")
    who = issue.add_mutually_exclusive_group(required=True)
    who.add_argument("--unit", help="mã đơn vị của bí thư")
    who.add_argument("--admin", action="store_true", help="mã cho Văn phòng Đảng ủy")
    issue.add_argument("--count", type=int, default=1, help="số mã cần cấp")
    issue.add_argument("--hours", type=int, help="hiệu lực (giờ); mặc định theo cấu hình")
    issue.set_defaults(run=_codes_issue)

    links = sub.add_parser("links", help="tài khoản đã đăng ký").add_subparsers(
        dest="links", required=True
    )
    lst = links.add_parser("list", help="danh sách tài khoản đã đăng ký")
    lst.add_argument("--all", action="store_true", help="kể cả liên kết đã thu hồi")
    lst.set_defaults(run=_links_list)
    revoke = links.add_parser("revoke", help="thu hồi một liên kết (theo số trong danh sách)")
    revoke.add_argument("id", type=int)
    revoke.set_defaults(run=_links_revoke)

    report = sub.add_parser("report", help="báo cáo của các chi bộ").add_subparsers(
        dest="report", required=True
    )
    export = report.add_parser("export", help="xuất báo cáo ra .xlsx hoặc .csv")
    export.add_argument("--form", required=True, help="mã biểu mẫu, vd. tien-do-quy")
    export.add_argument("--period", required=True, help="kỳ, vd. 2026-Q1 hoặc «Quý I/2026»")
    export.add_argument("--out", required=True, help="tệp ghi ra (.xlsx hoặc .csv)")
    export.set_defaults(run=_report_export)

    forms = sub.add_parser("forms", help="biểu mẫu báo cáo").add_subparsers(
        dest="forms", required=True
    )
    check = forms.add_parser("check", help="kiểm tra các tệp biểu mẫu")
    check.add_argument("--dir", help="thư mục biểu mẫu (mặc định knowledge/data/forms)")
    check.set_defaults(run=_forms_check)
