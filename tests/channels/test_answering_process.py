"""Webhook mode answers in a second process: the web side records, the answering side follows.

The first tests run both sides in this process around one database (what they share in
production); the last runs ``nq05bot run`` itself, kills its answering process and sees the
updates answered anyway, each once.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import httpx

from storage.db import make_engine
from tests.channels.conftest import TELEGRAM_SECRET, Harness, updates_recorded
from tests.support.fake_http import eventually
from tests.support.fake_telegram import FakeTelegram, text_update

HEADER = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}


def test_the_answering_side_answers_what_the_web_side_records_once(harness: Harness) -> None:
    fake = harness.telegram
    assert fake is not None

    async def scenario() -> list[int]:
        answering = harness.runtime()
        await answering.start(polling=False)
        picked = []
        try:
            async with harness.running(process=False) as (_, client):
                for n, chat in ((20, 42), (21, 43)):
                    update = text_update(n, chat, "nq05 ra doi khi nao")
                    await client.post("/webhook/telegram", json=update, headers=HEADER)
                assert fake.sent() == []  # the web side only records
                picked.append(await answering.pick_up())
                await answering.idle()
                picked.append(await answering.pick_up())  # nothing new: nothing twice
                update = text_update(22, 42, "cảm ơn")
                await client.post("/webhook/telegram", json=update, headers=HEADER)
                picked.append(await answering.pick_up())
                await answering.idle()
        finally:
            await answering.stop()
        return picked

    assert asyncio.run(scenario()) == [2, 0, 1]
    assert "14/01/2026" in fake.sent_texts(42)[0] and len(fake.sent_texts(42)) == 2
    assert "14/01/2026" in fake.sent_texts(43)[0] and len(fake.sent_texts(43)) == 1
    assert {status for *_, status in updates_recorded(harness.assistant.engine)} == {"done"}


def test_a_recorded_update_wakes_the_answering_side(harness: Harness) -> None:
    fake = harness.telegram
    assert fake is not None

    async def scenario() -> None:
        answering = harness.runtime()
        await answering.start(polling=False)
        stop, wake = asyncio.Event(), asyncio.Event()
        # idle: an hour, so only the wake-up can explain an answer within the test
        follower = asyncio.create_task(answering.follow(stop, wake, idle=3600))
        web = harness.runtime(process=False)
        web.on_recorded = wake.set
        await web.start(polling=False)
        try:
            await web.accept("telegram", text_update(30, 42, "nq05 ra doi khi nao"))
            await eventually(lambda: len(fake.sent_texts(42)) == 1)
        finally:
            stop.set()
            await follower
            await web.stop()
            await answering.stop()

    asyncio.run(scenario())
    assert "14/01/2026" in fake.sent_texts(42)[0]


# -- the real command ---------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def _children(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append((int(entry.name), cmdline))
    return found


def _answering_pid(pid: int) -> int | None:
    for child, cmdline in _children(pid):
        if "spawn_main" in cmdline:
            return child
    return None


def _healthy(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def test_run_answers_in_a_second_process_and_survives_its_death(
    fake_telegram: FakeTelegram, database_url: str, tmp_path: Path
) -> None:
    port = _free_port()
    env = os.environ | {
        "TELEGRAM_BOT_TOKEN": fake_telegram.token,
        "TELEGRAM_API_BASE_URL": fake_telegram.base_url,
        "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
        "WEBHOOK_BASE_URL": "https://nq05.example",  # never contacted by `run`
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "DATABASE_URL": database_url,
    }
    command = [sys.executable, "-c", "from bot.cli import main; raise SystemExit(main(['run']))"]
    bot = subprocess.Popen(
        command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(lambda: _healthy(f"{base}/healthz"))
        _wait_for(lambda: httpx.get(f"{base}/healthz").json().get("answering") == "ok")
        post = lambda n, chat, text: httpx.post(  # noqa: E731
            f"{base}/webhook/telegram", json=text_update(n, chat, text), headers=HEADER
        )
        assert post(1, 42, "nq05 ra doi khi nao").status_code == 200
        _wait_for(lambda: len(fake_telegram.sent_texts(42)) == 1)
        # Killed between two updates. (Killed between sending a reply and recording it, the
        # next process would send that reply again: the Bot API has no idempotency key.)
        engine = make_engine(database_url)
        _wait_for(lambda: [s for *_, s in updates_recorded(engine)] == ["done"])
        engine.dispose()

        answering = _answering_pid(bot.pid)
        assert answering is not None
        os.kill(answering, signal.SIGKILL)
        # Acknowledged while nobody answers; answered by the next answering process.
        assert post(2, 43, "nq05 ra doi khi nao").status_code == 200
        assert post(2, 43, "nq05 ra doi khi nao").status_code == 200  # delivered twice
        _wait_for(lambda: len(fake_telegram.sent_texts(43)) == 1)
        assert _answering_pid(bot.pid) not in (None, answering)
    finally:
        bot.send_signal(signal.SIGTERM)
        output, _ = bot.communicate(timeout=30)
    assert bot.returncode == 0, output
    assert "Đã dừng." in output
    assert "14/01/2026" in fake_telegram.sent_texts(43)[0]
    assert len(fake_telegram.sent_texts(42)) == 1 and len(fake_telegram.sent_texts(43)) == 1
    assert fake_telegram.token not in output
    assert _children(bot.pid) == []


def test_answered_updates_are_pruned_after_the_keeping_period(harness: Harness) -> None:
    async def scenario() -> tuple[int, int]:
        async with harness.running() as (runtime, client):
            old = text_update(40, 42, "nq05 ra doi khi nao")
            await client.post("/webhook/telegram", json=old, headers=HEADER)
            await runtime.idle()
            harness.clock.advance(days=31)
            recent = text_update(41, 42, "cảm ơn")
            await client.post("/webhook/telegram", json=recent, headers=HEADER)
            await runtime.idle()
            first = await runtime.prune(timedelta(days=30))
            again = await runtime.prune(timedelta(days=30))
            # a late re-delivery of the recent one is still recognised
            await client.post("/webhook/telegram", json=recent, headers=HEADER)
            await runtime.idle()
            return first, again

    assert asyncio.run(scenario()) == (1, 0)
    assert updates_recorded(harness.assistant.engine) == [("telegram", "41", "done")]
    assert len(harness.telegram.sent_texts(42)) == 2
