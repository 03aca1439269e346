"""Webhook ingestion on this machine: updates/s accepted, time to acknowledge, answer latency.

Separate processes, as in production: this one runs the bot (uvicorn on 127.0.0.1, the real
app, SQLite by default) and starts its answering process; a child process plays Telegram's
webhook side: 50 concurrent httpx senders post updates and time the acknowledgements; a third
runs the fake Bot API that receives the replies (in the senders' process, its threads would
hold the senders' interpreter and inflate the times they measure).

Run: ``uv run python -m bench.bench_webhook`` (options: ``--help``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

SECRET = "bench-secret_0123456789"
QUESTIONS = (
    "nq05 ra doi khi nao",
    "xin chào",
    "chi bo phai lam gi",
    "cảm ơn",
    "han quan triet nq05",
    "/start",
)


LABELS = {"process": "in a second process", "inline": "in the web process"}


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# -- the Telegram side (child process) -----------------------------------------------------------
class _Connection:
    """One keep-alive HTTP/1.1 connection to the webhook that does as little as a client can
    (like wrk): with 50 httpx clients in one interpreter, the senders' own work was a good part
    of the time they measured."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, head: str):
        self.reader, self.writer, self.head = reader, writer, head

    @classmethod
    async def open(cls, url: str) -> _Connection:
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        head = (
            f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            f"Content-Type: application/json\r\nX-Telegram-Bot-Api-Secret-Token: {SECRET}\r\n"
        )
        return cls(reader, writer, head)

    async def post(self, body: bytes) -> int:
        """Send one update; the response's status once it has been read whole."""
        self.writer.write(f"{self.head}Content-Length: {len(body)}\r\n\r\n".encode() + body)
        status = int((await self.reader.readline()).split()[1])
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        self.writer.close()


async def _ingest(
    url: str, total: int, senders: int, chats: int, first: int = 0, rate: float | None = None
) -> dict[str, float | list]:
    """Post ``total`` distinct updates from ``senders`` concurrent connections.

    Without ``rate`` every sender posts as fast as it is acknowledged (closed loop: maximum
    throughput); with ``rate`` the updates are spread evenly in time (open loop: the time to
    acknowledge at that load).
    """
    from tests.support.fake_telegram import text_update

    acks: list[float] = []
    counter = iter(range(first, first + total))
    size = 0
    late = 0

    async def sender(connection: _Connection) -> None:
        nonlocal size, late
        for n in counter:
            if rate:
                wait = began + (n - first) / rate - time.perf_counter()
                if wait > 0:
                    await asyncio.sleep(wait)
                elif wait < -0.005:
                    late += 1
            update = text_update(n + 1, 1000 + n % chats, QUESTIONS[n % len(QUESTIONS)])
            body = json.dumps(update).encode()
            started = time.perf_counter()
            status = await connection.post(body)
            acks.append((time.perf_counter() - started) * 1000)
            size += len(body)
            if status != 200:
                raise RuntimeError(f"webhook answered {status}")

    connections = [await _Connection.open(url) for _ in range(senders)]
    began = time.perf_counter()
    await asyncio.gather(*(sender(connection) for connection in connections))
    elapsed = time.perf_counter() - began
    for connection in connections:
        connection.close()
    return {"acks": acks, "elapsed": elapsed, "bytes": size, "late": late}


class _FakeApi:
    """The fake Bot API in a process of its own, asked over a pipe how much it received."""

    def __init__(self) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve_fake_api, args=(child,), daemon=True)
        self._process.start()
        self.info: dict[str, str] = self._conn.recv()

    def delivered(self, chat_id: int | None = None) -> int:
        self._conn.send(chat_id)
        return int(self._conn.recv())

    def stop(self) -> None:
        self._conn.send("stop")
        self._process.join(10)


def _serve_fake_api(conn) -> None:  # type: ignore[no-untyped-def]
    from tests.support.fake_telegram import FakeTelegram

    fake = FakeTelegram(poll_wait=0.0).start()
    conn.send({"base_url": fake.base_url, "token": fake.token})
    while (asked := conn.recv()) != "stop":
        with fake.cond:
            count = len(fake.delivered) if asked is None else fake.delivered_per_chat[str(asked)]
        conn.send(count)
    fake.stop()


async def _drained(fake: _FakeApi, expected: int) -> float:
    began = time.perf_counter()
    while fake.delivered() < expected:
        await asyncio.sleep(0.005)
    return time.perf_counter() - began


async def _answer_latency(url: str, fake: _FakeApi, rounds: int, first_id: int) -> list[float]:
    """One question at a time in each of 10 chats, waiting for its reply; milliseconds each."""
    import httpx

    from tests.support.fake_telegram import text_update

    latencies: list[float] = []
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}

    async def chat(chat_id: int, ids: range) -> None:
        async with httpx.AsyncClient(timeout=30) as client:
            for n in ids:
                before = fake.delivered(chat_id)
                started = time.perf_counter()
                update = text_update(n, chat_id, QUESTIONS[n % len(QUESTIONS)])
                (await client.post(url, json=update, headers=headers)).raise_for_status()
                while fake.delivered(chat_id) <= before:
                    await asyncio.sleep(0.001)
                latencies.append((time.perf_counter() - started) * 1000)

    per_chat = max(1, rounds // 10)
    await asyncio.gather(
        *(
            chat(9000 + c, range(first_id + c * per_chat, first_id + (c + 1) * per_chat))
            for c in range(10)
        )
    )
    return latencies


async def _drive(args: argparse.Namespace) -> None:
    fake = _FakeApi()
    print(json.dumps(fake.info), flush=True)
    url = (await asyncio.to_thread(sys.stdin.readline)).strip()
    result = await _ingest(url, args.updates, args.senders, args.chats)
    result["drain"] = await _drained(fake, args.updates)
    paced = await _ingest(url, args.paced, args.senders, args.chats, args.updates, args.rate)
    paced["drain"] = await _drained(fake, args.updates + args.paced)
    result["paced"] = paced
    first_id = args.updates + args.paced + 1
    result["latencies"] = await _answer_latency(url, fake, args.rounds, first_id)
    result["delivered"] = fake.delivered()
    fake.stop()
    print(json.dumps(result), flush=True)


# -- the bot side (this process) ----------------------------------------------------------------
async def _serve_and_measure(args: argparse.Namespace) -> None:
    import uvicorn

    from bot.answering import AnsweringProcess
    from bot.channels import build_channels
    from bot.heap import freeze_startup_objects
    from bot.runtime import ChannelRuntime
    from bot.settings import Settings
    from bot.webapp import create_app
    from bot.wiring import build_assistant

    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.bench_webhook",
        "--drive",
        *(
            f"--{k}={getattr(args, k)}"
            for k in ("updates", "senders", "chats", "rounds", "paced", "rate")
        ),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        limit=2**26,
    )
    assert child.stdin and child.stdout
    fake = json.loads(await child.stdout.readline())
    workdir = Path(tempfile.mkdtemp(prefix="nq05bench-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=url,
        telegram_bot_token=fake["token"],
        telegram_api_base_url=fake["base_url"],
        telegram_webhook_secret=SECRET,
    )
    assistant = build_assistant(settings)
    channels = build_channels(settings, assistant.engine)
    stop_answering = asyncio.Event()
    if args.answer == "process":  # as `nq05bot run` does in webhook mode
        answering = AnsweringProcess(settings.model_copy(update={"channel_workers": args.workers}))
        runtime = ChannelRuntime(assistant, channels, process=False, on_recorded=answering.wake)
        supervisor = asyncio.create_task(answering.supervise(stop_answering))
    else:
        runtime = ChannelRuntime(assistant, channels, workers=args.workers)
    await runtime.start(polling=False)
    freeze_startup_objects()  # as `nq05bot run` does
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(
        create_app(runtime),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
        access_log=False,
        backlog=512,
    )
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    child.stdin.write(f"http://127.0.0.1:{port}/webhook/telegram\n".encode())
    await child.stdin.drain()
    result = json.loads(await child.stdout.readline())
    await child.wait()
    server.should_exit = True
    await serving
    if args.answer == "process":
        stop_answering.set()
        await supervisor
    await runtime.stop()
    _report(args, url, workdir / "bench.db", result)


def _report(args: argparse.Namespace, url: str, db_file: Path, result: dict) -> None:
    acks, latencies = result["acks"], result["latencies"]
    print(
        f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
        f"database: {url.split('://')[0]}; answering {LABELS[args.answer]}, "
        f"{args.workers} chats at once"
    )
    print(
        f"ingestion: {len(acks)} updates from {args.senders} concurrent senders "
        f"to {args.chats} chats, {result['bytes'] / 1024:.0f} KiB of JSON"
    )
    print(f"  accepted: {len(acks) / result['elapsed']:.0f} updates/s ({result['elapsed']:.2f} s)")
    print(
        f"  time to acknowledge: median {statistics.median(acks):.1f} ms, "
        f"p99 {_pct(acks, 0.99):.1f} ms, max {max(acks):.1f} ms"
    )
    print(f"  every answer sent {result['drain']:.2f} s after the last acknowledgement")
    paced = result["paced"]
    print(
        f"paced: {len(paced['acks'])} updates at {args.rate:.0f}/s offered by {args.senders} "
        f"senders: {len(paced['acks']) / paced['elapsed']:.0f} updates/s accepted, "
        f"{paced['late']} sent late"
    )
    print(
        f"  time to acknowledge: median {statistics.median(paced['acks']):.1f} ms, "
        f"p99 {_pct(paced['acks'], 0.99):.1f} ms, max {max(paced['acks']):.1f} ms"
    )
    print(f"  every answer sent {paced['drain']:.2f} s after the last acknowledgement")
    print(
        f"end-to-end answer latency ({len(latencies)} questions, 10 chats one at a time): "
        f"median {statistics.median(latencies):.1f} ms, p99 {_pct(latencies, 0.99):.1f} ms"
    )
    print(f"replies delivered to the fake Bot API: {result['delivered']}")
    if db_file.exists():
        print(f"database file after the run: {db_file.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--updates", type=int, default=3000)
    parser.add_argument("--senders", type=int, default=50)
    parser.add_argument("--chats", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--paced", type=int, default=3000, help="updates in the paced phase")
    parser.add_argument("--rate", type=float, default=300.0, help="updates/s offered when paced")
    parser.add_argument("--workers", type=int, default=8, help="chats answered at once")
    parser.add_argument(
        "--answer",
        choices=["process", "inline"],
        default="process",
        help="answer in a second process as `nq05bot run` does (default), or in the web process",
    )
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--drive", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.drive:
        asyncio.run(_drive(arguments))
    elif os.environ.get("UVL"):
        import uvloop

        uvloop.run(_serve_and_measure(arguments))
    else:
        asyncio.run(_serve_and_measure(arguments))
