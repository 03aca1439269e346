"""The ``nq05bot`` command line: each feature registers its own sub-commands."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from bot import cli_assistant, cli_channels, cli_office, cli_remind
from bot.settings import Settings

COMMAND_GROUPS = (cli_assistant, cli_channels, cli_office, cli_remind)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="nq05bot", description="Trợ lý Nghị quyết 05-NQ/TU")
    sub = root.add_subparsers(dest="command", required=True)
    for group in COMMAND_GROUPS:
        group.register(sub)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    settings = Settings()
    logging.basicConfig(level=settings.log_level.upper(), stream=sys.stderr)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    return args.run(args, settings)


if __name__ == "__main__":
    raise SystemExit(main())
