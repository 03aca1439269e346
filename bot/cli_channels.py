"""Commands of the messenger channels: ``run`` and ``webhook set|info|delete``."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.settings import Settings


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.channel import ChannelStartError
    from bot.channels import serve
    from bot.wiring import build_assistant

    try:
        asyncio.run(serve(settings, build_assistant(settings)))
    except ChannelStartError as exc:
        print(exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    print("Đã dừng.")
    return 0


def _webhook(action: str):  # type: ignore[no-untyped-def]
    def run(args: argparse.Namespace, settings: Settings) -> int:
        from bot.channel import ChannelStartError
        from bot.channels import build_channels, check_webhook_secrets, webhook_url

        async def each_channel() -> None:
            channels = build_channels(settings)
            if args.channel:
                channels = [c for c in channels if c.name == args.channel]
            if action == "set":
                check_webhook_secrets(channels)
            for channel in channels:
                label = channel.name.capitalize()
                try:
                    if action == "set":
                        url = webhook_url(settings, channel.name)
                        await channel.set_webhook(url)
                        print(f"{label}: đã đăng ký webhook {url}")
                    elif action == "info":
                        print(f"{label}: {await channel.webhook_info()}")
                    else:
                        await channel.delete_webhook()
                        print(f"{label}: đã xoá webhook (có thể chạy chế độ polling).")
                finally:
                    await channel.stop()

        try:
            asyncio.run(each_channel())
        except ChannelStartError as exc:
            print(exc, file=sys.stderr)
            return 2
        except Exception as exc:
            from bot.redact import redact

            print(f"Không thực hiện được: {redact(str(exc))}", file=sys.stderr)
            return 1
        return 0

    return run


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``run`` and ``webhook set|info|delete``."""
    sub.add_parser(
        "run",
        help="chạy trợ lý trên Telegram và Zalo "
        "(webhook khi có WEBHOOK_BASE_URL, nếu không thì polling)",
    ).set_defaults(run=_run)
    webhook = sub.add_parser("webhook", help="quản lý đăng ký webhook với Telegram và Zalo")
    actions = webhook.add_subparsers(dest="webhook", required=True)
    helps = {
        "set": "đăng ký địa chỉ webhook (WEBHOOK_BASE_URL) kèm chuỗi bí mật",
        "info": "xem webhook đang đăng ký",
        "delete": "xoá webhook (để chạy polling)",
    }
    for action, text in helps.items():
        parser = actions.add_parser(action, help=text)
        parser.add_argument("--channel", choices=["telegram", "zalo"], help="chỉ một kênh")
        parser.set_defaults(run=_webhook(action))
