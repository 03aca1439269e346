"""Start-up checks and the ``nq05bot run`` / ``nq05bot webhook`` commands."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.channel import ChannelStartError
from bot.channels import build_channels
from bot.cli import main
from tests.channels.conftest import TELEGRAM_SECRET, ZALO_SECRET, Harness, channel_settings
from tests.support.fake_http import eventually
from tests.support.fake_telegram import FakeTelegram, text_update
from tests.support.fake_zalo import FakeZalo

WRONG_TELEGRAM = "999999:WRONG-token-for-telegram"
WRONG_ZALO = "424242:WRONG-token-for-zalo"


def _env(monkeypatch: pytest.MonkeyPatch, values: dict[str, str]) -> None:
    for name in (
        "TELEGRAM_BOT_TOKEN",
        "ZALO_BOT_TOKEN",
        "WEBHOOK_BASE_URL",
        "TELEGRAM_WEBHOOK_SECRET",
        "ZALO_WEBHOOK_SECRET",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)


def test_bad_telegram_token_stops_with_one_clear_line(
    fake_telegram: FakeTelegram,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    _env(
        monkeypatch,
        {
            "TELEGRAM_BOT_TOKEN": WRONG_TELEGRAM,
            "TELEGRAM_API_BASE_URL": fake_telegram.base_url,
            "DATABASE_URL": database_url,
        },
    )
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        "Token Telegram không hợp lệ: kiểm tra lại TELEGRAM_BOT_TOKEN trong tệp .env."
    ]
    assert WRONG_TELEGRAM not in caplog.text and "getMe" in caplog.text


def test_bad_zalo_token_is_reported_without_the_token(
    fake_zalo: FakeZalo, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    settings = channel_settings(zalo=fake_zalo, zalo_bot_token=WRONG_ZALO)
    [zalo] = build_channels(settings)

    with pytest.raises(ChannelStartError) as caught:
        asyncio.run(zalo.start(polling=True))

    assert (
        str(caught.value) == "Token Zalo không hợp lệ: kiểm tra lại ZALO_BOT_TOKEN trong tệp .env."
    )
    assert WRONG_ZALO not in caplog.text and "getMe" in caplog.text


def test_no_token_at_all_is_explained(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _env(monkeypatch, {"DATABASE_URL": database_url})
    assert main(["run"]) == 2
    assert "TELEGRAM_BOT_TOKEN hoặc ZALO_BOT_TOKEN" in capsys.readouterr().err


def test_polling_errors_are_retried_and_logged_without_tokens(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake = harness.telegram
    fake.fail_next("getUpdates", 502, "Bad Gateway", times=2)
    fake.fail_next("sendMessage", 500, "Internal Server Error")
    fake.queue_update(text_update(1, 42, "xin chào"))

    async def scenario() -> None:
        async with harness.running(polling=True):
            await eventually(lambda: fake.sent_texts(42))

    asyncio.run(scenario())
    assert len(fake.sent_texts(42)) == 1
    assert "Bad Gateway" in caplog.text and "getUpdates" in caplog.text
    assert fake.token not in caplog.text
    assert harness.zalo.token not in caplog.text


def test_webhook_set_info_delete_on_both_platforms(
    fake_telegram: FakeTelegram,
    fake_zalo: FakeZalo,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _env(
        monkeypatch,
        {
            "TELEGRAM_BOT_TOKEN": fake_telegram.token,
            "TELEGRAM_API_BASE_URL": fake_telegram.base_url,
            "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
            "ZALO_BOT_TOKEN": fake_zalo.token,
            "ZALO_API_BASE_URL": fake_zalo.base_url,
            "ZALO_WEBHOOK_SECRET": ZALO_SECRET,
            "WEBHOOK_BASE_URL": "https://nq05.example.vn/",
            "DATABASE_URL": database_url,
        },
    )
    assert main(["webhook", "set"]) == 0
    assert fake_telegram.webhook["url"] == "https://nq05.example.vn/webhook/telegram"
    assert fake_telegram.webhook["secret_token"] == TELEGRAM_SECRET
    assert fake_zalo.webhook == {
        "url": "https://nq05.example.vn/webhook/zalo",
        "secret_token": ZALO_SECRET,
    }
    assert main(["webhook", "info"]) == 0
    out = capsys.readouterr().out
    assert "Telegram: https://nq05.example.vn/webhook/telegram" in out
    assert "Zalo: https://nq05.example.vn/webhook/zalo" in out
    assert main(["webhook", "delete", "--channel", "zalo"]) == 0
    assert fake_zalo.webhook == {} and fake_telegram.webhook
    for token in (fake_telegram.token, fake_zalo.token):
        assert token not in capsys.readouterr().out


def test_webhook_mode_refuses_a_weak_secret(
    fake_zalo: FakeZalo,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    database_url: str,
) -> None:
    _env(
        monkeypatch,
        {
            "ZALO_BOT_TOKEN": fake_zalo.token,
            "ZALO_API_BASE_URL": fake_zalo.base_url,
            "ZALO_WEBHOOK_SECRET": "short",
            "WEBHOOK_BASE_URL": "https://nq05.example.vn",
            "DATABASE_URL": database_url,
        },
    )
    assert main(["webhook", "set"]) == 2
    assert "ZALO_WEBHOOK_SECRET không hợp lệ" in capsys.readouterr().err
    assert fake_zalo.webhook == {}
