"""A fake Telegram Bot API server: python-telegram-bot talks real HTTP to it.

Opt-in limits as Telegram states them: ``FakeTelegram(limit=TELEGRAM_LIMITS, clock=…)`` answers
429 with ``parameters.retry_after`` beyond 25 messages in a second overall or 1 per second to a
chat (Telegram says "about 30"; we pace for 25 and hold the fake to it).
"""

from __future__ import annotations

import itertools
import time
from collections import Counter
from typing import Any

from tests.support.fake_http import Call, FakeBotApi, RateLimit

TOKEN = "123456:TEST-telegram-token-AbCdEfGh"
BOT_USER = {"id": 777, "is_bot": True, "first_name": "Bot NQ05", "username": "nq05_bot"}
TELEGRAM_LIMITS = RateLimit(per_second=25, per_chat_seconds=1.0)


class FakeTelegram(FakeBotApi):
    """Answers the Bot API methods nq05bot uses; queues updates for getUpdates."""

    json_fields = frozenset(
        {"reply_markup", "allowed_updates", "commands", "link_preview_options", "reply_parameters"}
    )

    default_token = TOKEN

    def _own_state(self) -> None:
        self.updates: list[dict[str, Any]] = []
        self.blocked_chats: set[str] = set()
        self.documents: list[dict[str, Any]] = []
        self.delivered_per_chat: Counter[str] = Counter()
        self._message_ids = itertools.count(1000)

    @property
    def base_url(self) -> str:
        """What ``TELEGRAM_API_BASE_URL`` should be (the token is appended by the library)."""
        return f"{self.root}/bot"

    def queue_update(self, update: dict[str, Any]) -> None:
        with self.cond:
            self.updates.append(update)
            self.cond.notify_all()

    def block(self, chat_id: int | str) -> None:
        """From now on, messages to this chat answer 403 "bot was blocked by the user"."""
        with self.cond:
            self.blocked_chats.add(str(chat_id))

    def sent(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """The messages delivered (to one chat, or all): failed calls are not counted."""
        with self.cond:
            return [
                p
                for p in self.delivered
                if chat_id is None or str(p.get("chat_id")) == str(chat_id)
            ]

    def sent_texts(self, chat_id: int | str | None = None) -> list[str]:
        return [p["text"] for p in self.sent(chat_id)]

    def dispatch(self, token: str, method: str, params: dict[str, Any]) -> tuple[int, Any]:
        if (
            token == self.token
            and method == "sendMessage"
            and str(params.get("chat_id")) in self.blocked_chats
        ):
            with self.cond:
                self.calls.append(Call(method, params))
                self.rejected["blocked"] += 1
                self.cond.notify_all()
            return 403, {
                "ok": False,
                "error_code": 403,
                "description": "Forbidden: bot was blocked by the user",
            }
        return super().dispatch(token, method, params)

    def answer(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method == "getUpdates":
            return self._get_updates(params)
        if method == "sendMessage":
            self.delivered.append(params)
            self.delivered_per_chat[str(params.get("chat_id"))] += 1
            return {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": BOT_USER,
                "text": params.get("text", ""),
            }
        if method == "sendDocument":
            self.documents.append(params)
            return {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": BOT_USER,
                "document": {"file_id": "f1", "file_unique_id": "u1"},
            }
        if method == "setWebhook":
            self.webhook = dict(params)
            return True
        if method == "deleteWebhook":
            self.webhook = {}
            return True
        if method == "getWebhookInfo":
            return {
                "url": self.webhook.get("url", ""),
                "has_custom_certificate": False,
                "pending_update_count": 0,
            }
        return True  # answerCallbackQuery, setMyCommands, sendChatAction …

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        wait = min(float(params.get("timeout") or 0), self.poll_wait)
        deadline = time.monotonic() + wait
        with self.cond:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            while not self.updates and time.monotonic() < deadline:
                self.cond.wait(deadline - time.monotonic())
            return list(self.updates)


def text_update(
    update_id: int, chat_id: int, text: str, user_id: int | None = None
) -> dict[str, Any]:
    """A private text message as Telegram delivers it."""
    user = {"id": user_id or chat_id, "is_bot": False, "first_name": "Đồng chí"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id * 10,
            "date": 1772413200,
            "chat": {"id": chat_id, "type": "private", "first_name": "Đồng chí"},
            "from": user,
            "text": text,
        },
    }


def callback_update(update_id: int, chat_id: int, data: str) -> dict[str, Any]:
    """A pressed inline-keyboard button."""
    user = {"id": chat_id, "is_bot": False, "first_name": "Đồng chí"}
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"cq{update_id}",
            "from": user,
            "chat_instance": "ci1",
            "data": data,
            "message": {
                "message_id": 999,
                "date": 1772413200,
                "chat": {"id": chat_id, "type": "private", "first_name": "Đồng chí"},
                "from": BOT_USER,
                "text": "…",
            },
        },
    }


def photo_update(update_id: int, chat_id: int) -> dict[str, Any]:
    update = text_update(update_id, chat_id, "")
    del update["message"]["text"]
    update["message"]["photo"] = [
        {"file_id": "f1", "file_unique_id": "u1", "width": 10, "height": 10}
    ]
    return update
