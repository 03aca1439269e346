"""Commands of the assistant itself: chat, ask, the knowledge base and the database."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.settings import Settings


def _chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console import run_console
    from bot.wiring import build_assistant

    run_console(build_assistant(settings), sys.stdin, sys.stdout)
    return 0


def _questions(args: argparse.Namespace) -> list[str]:
    if args.question:
        return [" ".join(args.question)]
    return [line.strip() for line in sys.stdin if line.strip()]


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.wiring import build_services, index_cache_dir
    from handlers.qa import view, why_not_answered

    services = build_services(cache_dir=index_cache_dir(settings))
    for question in _questions(args):
        result = services.searcher.search(question)
        shown = view(services.kb, result)
        if args.json:
            record = {
                "question": question,
                "answer": shown.answer,
                "source": shown.source,
                "score": shown.score,
                "suggestions": list(shown.suggestions),
            }
            print(json.dumps(record, ensure_ascii=False), flush=True)
        elif shown.answer:
            print(f"{shown.answer}\n\n📄 {shown.source}\n", flush=True)
        else:
            refusal = why_not_answered(result, services.kb)
            print(refusal or "Không tìm thấy câu trả lời trong văn bản đã phê duyệt.", flush=True)
            for suggestion in shown.suggestions:
                print(f"  - Có phải ý đồng chí là: {suggestion}")
            print(flush=True)
    return 0


def _kb_check(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge.loader import KnowledgeError, load_knowledge

    try:
        kb = load_knowledge()
    except KnowledgeError as exc:
        print("\n".join(exc.problems), file=sys.stderr)
        print(f"Có {len(exc.problems)} lỗi.", file=sys.stderr)
        return 1
    models = sum(len(loc.models) for loc in kb.localities)
    print(
        f"Dữ liệu hợp lệ: {len(kb.entries)} mục hỏi đáp, {len(kb.documents)} văn bản nguồn, "
        f"{len(kb.passages)} đoạn văn bản, {models} mô hình, {len(kb.criteria)} bộ tiêu chí."
    )
    return 0


def _kb_export(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge.loader import load_knowledge

    for entry in load_knowledge().entries:
        record = {
            "id": entry.id,
            "question": entry.question,
            "answer": entry.answer,
            "source": entry.source.file,
            "section": entry.source.section,
        }
        if args.json:
            print(json.dumps(record, ensure_ascii=False))
        else:
            print(f"[{entry.id}] {entry.question}")
    return 0


def _kb_import(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge.booklet import import_booklet

    report = import_booklet(Path(args.file), out=Path(args.out) if args.out else None)
    print(f"Đã nhập {report.imported} câu hỏi vào {report.data_file}")
    print(f"Văn bản gốc được lưu tại {report.source_file}")
    for problem in report.problems:
        print(f"  Không đọc được: {problem}")
    return 0 if report.imported else 1


def _kb_unanswered(args: argparse.Namespace, settings: Settings) -> int:
    from storage.db import make_engine, transaction
    from storage.migrate import ensure_schema
    from storage.unanswered import most_frequent

    engine = make_engine(settings.database_url)
    ensure_schema(engine)
    with transaction(engine) as session:
        rows = most_frequent(session, args.limit)
    if not rows:
        print("Chưa có câu hỏi nào bị bỏ ngỏ.")
    for text, count, last in rows:
        print(f"{count:>4} lần  (gần nhất {last:%d/%m/%Y %H:%M})  {text}")
    return 0


QUESTION_SETS = (
    "qa_testset.yaml",
    "qa_heldout.yaml",
    "qa_dev2.yaml",
    "qa_blind.yaml",
    "qa_blind2.yaml",
    "qa_dev3.yaml",
    "qa_blind3.yaml",
    "qa_dev4.yaml",
    "qa_blind4.yaml",
    "qa_dev5.yaml",
    "qa_blind5.yaml",
    "qa_dev6.yaml",
    "qa_blind6.yaml",
    "qa_dev7.yaml",
    "qa_blind7.yaml",
    "qa_dev8.yaml",
    "qa_blind8.yaml",
    "qa_blind9.yaml",
    "qa_blind10.yaml",
    "qa_dev9.yaml",
    "qa_blind11.yaml",
    "qa_blind12.yaml",
    "qa_dev10.yaml",
    "qa_dev11.yaml",
    "qa_dev12.yaml",
    "qa_dev13.yaml",
    "qa_dev14.yaml",
    "qa_dev15.yaml",
    "qa_dev16.yaml",
    "qa_blind13.yaml",
    "qa_blind14.yaml",
)


def _kb_score(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from bot.wiring import build_services
    from knowledge.evaluation import evaluate, load_cases

    files = [Path(f) for f in args.files] or [
        Path(__file__).parent.parent / "tests" / "data" / name for name in QUESTION_SETS
    ]
    missing = [str(f) for f in files if not f.exists()]
    if missing:
        print(f"Không có tệp: {', '.join(missing)}", file=sys.stderr)
        return 2
    services = build_services()
    for path in files:
        cases = load_cases(path)
        report = evaluate(services.kb, services.searcher, cases)
        print(
            f"{path.name}: trả lời đúng {report.correct}/{report.in_scope} câu trong phạm vi "
            f"({report.accuracy:.1%}), từ chối {report.abstained}/{report.out_of_scope} câu "
            f"ngoài phạm vi ({report.abstention:.1%})"
        )
        # the blind sets stay unread: their misses are listed only when the file is named
        if args.failures and (args.files or not path.name.startswith("qa_blind")):
            for failure in report.failures:
                print(f"   {failure}")
    return 0


def _db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from storage.db import make_engine
    from storage.migrate import upgrade

    upgrade(make_engine(settings.database_url))
    print("Cơ sở dữ liệu đã được nâng cấp lên phiên bản mới nhất.")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the assistant's commands: chat, ask, kb …, db …"""

    sub.add_parser("chat", help="trò chuyện với trợ lý ngay trong cửa sổ dòng lệnh").set_defaults(
        run=_chat
    )
    ask = sub.add_parser("ask", help="hỏi một câu (hoặc mỗi dòng stdin một câu)")
    ask.add_argument("question", nargs="*")
    ask.add_argument("--json", action="store_true", help="in mỗi câu trả lời là một đối tượng JSON")
    ask.set_defaults(run=_ask)

    kb = sub.add_parser("kb", help="quản lý kho tri thức").add_subparsers(dest="kb", required=True)
    kb.add_parser("check", help="kiểm tra dữ liệu tri thức").set_defaults(run=_kb_check)
    export = kb.add_parser("export", help="in mọi mục hỏi đáp")
    export.add_argument("--json", action="store_true")
    export.set_defaults(run=_kb_export)
    imp = kb.add_parser("import", help="nhập tài liệu hỏi đáp (.docx, .md, .txt)")
    imp.add_argument("file")
    imp.add_argument("--out", help="tệp dữ liệu sẽ ghi (mặc định knowledge/data/entries/…)")
    imp.set_defaults(run=_kb_import)
    unanswered = kb.add_parser(
        "unanswered", help="những câu hỏi chưa trả lời được, nhiều nhất trước"
    )
    unanswered.add_argument("--limit", type=int, default=20)
    unanswered.set_defaults(run=_kb_unanswered)

    score = kb.add_parser(
        "score", help="chấm điểm trợ lý trên các bộ câu hỏi kiểm tra (mặc định: tests/data)"
    )
    score.add_argument("files", nargs="*", help="tệp YAML câu hỏi (q, facts, out_of_scope)")
    score.add_argument(
        "--failures",
        action="store_true",
        help="in cả các câu trả lời sai (bộ qa_blind* chỉ khi gọi tên tệp)",
    )
    score.set_defaults(run=_kb_score)
    db = sub.add_parser("db", help="cơ sở dữ liệu").add_subparsers(dest="db", required=True)
    db.add_parser("upgrade", help="nâng cấp lược đồ (Alembic)").set_defaults(run=_db_upgrade)
