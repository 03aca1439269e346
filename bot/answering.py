"""The answering process of webhook mode.

The web process only records each update and acknowledges it; a second process, started and
watched over by the first, answers what is recorded (and sends the reminders). Acknowledging
is then never slowed by answering: the two use both cores, each with its own interpreter, and
the answering process runs at a lower scheduling priority, so that on a busy machine the
acknowledgements go first. The inbox in the database joins the two: nothing is lost if either
process stops, and a pipe only wakes the answering process up sooner.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
import sys
from multiprocessing.connection import Connection

from bot.redact import redact
from bot.runtime import set_within
from bot.settings import Settings

log = logging.getLogger(__name__)

NICENESS = 5  # the answering process yields the CPU to acknowledgements
RESTART_DELAY = 2.0  # seconds before an answering process that died is started again
STOP_GRACE = 15.0  # seconds an answering process has to finish what it is sending


class Waker:
    """The web process's end of the pipe: one byte per recorded update, never blocking."""

    def __init__(self, connection: Connection) -> None:
        self._fd = connection.fileno()
        self._connection = connection  # kept open as long as the waker lives
        os.set_blocking(self._fd, False)

    def __call__(self) -> None:
        with contextlib.suppress(BlockingIOError, BrokenPipeError):
            os.write(self._fd, b"!")  # a full pipe already holds a wake-up


class AnsweringProcess:
    """Starts the answering process, restarts it if it dies, and stops it on shutdown."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._context = multiprocessing.get_context("spawn")
        reader, writer = self._context.Pipe(duplex=False)
        self._reader = reader
        self.wake = Waker(writer)
        self._process: multiprocessing.process.BaseProcess | None = None
        self.restarts = 0

    def alive(self) -> bool:
        """Whether the answering process is running now."""
        return self._process is not None and self._process.is_alive()

    def _start(self) -> None:
        self._process = self._context.Process(
            target=run, args=(self.settings, self._reader), name="nq05bot-answering"
        )
        self._process.start()

    async def supervise(self, stop: asyncio.Event) -> None:
        """Keep an answering process running until ``stop``, then stop it gracefully."""
        self._start()
        try:
            while not await set_within(stop, 0.5):
                process = self._process
                if process is not None and not process.is_alive():
                    self.restarts += 1
                    log.error(
                        "answering process exited (code %s); starting it again", process.exitcode
                    )
                    if await set_within(stop, RESTART_DELAY):
                        break
                    self._start()
        finally:
            await asyncio.to_thread(self._stop)

    def _stop(self) -> None:
        process = self._process
        if process is None or not process.is_alive():
            return
        process.terminate()  # SIGTERM: finish the replies being sent, then leave
        process.join(STOP_GRACE)
        if process.is_alive():
            process.kill()
            process.join()


def run(settings: Settings, wake: Connection) -> None:
    """Entry point of the answering process."""
    logging.basicConfig(level=settings.log_level.upper(), stream=sys.stderr)
    with contextlib.suppress(OSError):
        os.nice(NICENESS)
    try:
        asyncio.run(answer(settings, wake))
    except Exception as exc:  # logged without secrets; the web process starts another one
        log.error("answering process failed: %s", redact(repr(exc)))
        raise SystemExit(1) from None


async def answer(settings: Settings, wake_connection: Connection) -> None:
    """Answer recorded updates and send reminders until SIGTERM or the parent is gone."""
    from bot.channels import build_channels, start_background
    from bot.heap import freeze_startup_objects
    from bot.runtime import ChannelRuntime
    from bot.wiring import build_assistant

    loop = asyncio.get_running_loop()
    stop, wake = asyncio.Event(), asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    fd = wake_connection.fileno()
    os.set_blocking(fd, False)

    def drain() -> None:
        with contextlib.suppress(BlockingIOError):
            if not os.read(fd, 65536):
                loop.remove_reader(fd)  # the web process is gone
                stop.set()
        wake.set()

    loop.add_reader(fd, drain)
    assistant = build_assistant(settings)
    channels = build_channels(settings, assistant.engine)
    runtime = ChannelRuntime(assistant, channels, workers=settings.channel_workers)
    await runtime.start(polling=False)  # also resumes what a previous run left unanswered
    freeze_startup_objects()
    background = start_background(settings, runtime, stop)
    try:
        await runtime.follow(stop, wake)
    finally:
        stop.set()
        await asyncio.gather(*background, return_exceptions=True)
        await runtime.stop()
