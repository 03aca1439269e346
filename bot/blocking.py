"""Remembering that a person blocked the bot, so that nobody keeps sending to them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine

from storage.db import transaction
from storage.updates import mark_blocked


async def remember_blocked(
    engine: Engine, channel: str, chat_id: str, detail: str, now: Callable[[], datetime]
) -> None:
    """Mark the chat inactive in the channel table and on every linked account of that chat."""

    def write() -> None:
        with transaction(engine) as session:
            mark_blocked(session, channel, chat_id, detail, now())

    await asyncio.to_thread(write)
