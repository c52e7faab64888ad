"""The bot token never appears in a log line or on stdout/stderr, whatever the Bot API answers.

`python -m bot run` runs as an operator runs it (its own process), against servers on
127.0.0.1: one answering 404 that echoes the request path (the token) in its body as many web
servers do, the emulator refusing the token, a port where nothing listens, and the emulator
accepting it.
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from telegram import Bot
from telegram.error import InvalidToken

from bot.redaction import MASK, install_redaction
from bot.sandbox.emulator import BotApiEmulator

TOKEN = "7000001:AAH-leak_TEST-3x4mpl3-Zq9"
SECRET_PART = TOKEN.split(":", 1)[1]
ROOT = Path(__file__).parent.parent


def bot_env(base_url: str, tmp_path: Path) -> dict[str, str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "DATABASE_", "WEBHOOK_", "BOT_USERNAME", "COORDINATOR_"))
    }
    return {
        **clean,
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": base_url,
        "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
        "REQUEST_TIMEOUT_SECONDS": "5",
    }


@pytest.fixture
async def bot_process(tmp_path: Path) -> AsyncIterator[list[asyncio.subprocess.Process]]:
    """Started bot processes, killed at the end whatever the outcome."""
    started: list[asyncio.subprocess.Process] = []
    yield started
    for process in started:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def start_bot(
    started: list[asyncio.subprocess.Process], base_url: str, tmp_path: Path
) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=bot_env(base_url, tmp_path),
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    started.append(process)
    return process


async def finished(process: asyncio.subprocess.Process) -> tuple[int, str, str]:
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def assert_no_token(*outputs: str) -> None:
    for output in outputs:
        assert TOKEN not in output
        assert SECRET_PART not in output
        assert "Traceback" not in output


@pytest.fixture
async def echoing_404() -> AsyncIterator[str]:
    """A web server that answers every request 404 with the path in its body (the token)."""
    paths: list[str] = []

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = (await reader.readline()).decode()
        while (await reader.readline()) not in (b"\r\n", b"\n", b""):
            pass
        path = request.split(" ")[1] if " " in request else "?"
        paths.append(path)
        body = f"<html><body><pre>Cannot POST {path}</pre></body></html>".encode()
        writer.write(
            b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n"
            + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body
        )
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        yield f"http://127.0.0.1:{port}"
    assert any(TOKEN in path for path in paths)  # the bot did ask, with the token in the URL


async def test_a_base_url_answering_404_prints_one_line_naming_it(
    echoing_404: str, tmp_path: Path, bot_process: list[asyncio.subprocess.Process]
) -> None:
    code, out, err = await finished(await start_bot(bot_process, echoing_404, tmp_path))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith(
        f"mentorbot: TELEGRAM_API_BASE_URL {echoing_404} answered "
        "Not Found (404) to getMe: set TELEGRAM_API_BASE_URL to"
    )
    assert_no_token(out, err)


async def test_a_refused_token_prints_one_line_naming_it(
    tmp_path: Path, bot_process: list[asyncio.subprocess.Process]
) -> None:
    async with BotApiEmulator(token="7000001:the-emulators-own-token") as emulator:
        code, out, err = await finished(await start_bot(bot_process, emulator.base_url, tmp_path))
        assert emulator.count("getMe", 401) == 1
    assert code == 2
    assert err.count("\n") == 1, err
    assert err.startswith(
        "mentorbot: TELEGRAM_BOT_TOKEN was refused by the Bot API at "
        f"{emulator.base_url} (Unauthorized)"
    )
    assert_no_token(out, err)


async def test_a_bot_api_that_is_down_prints_one_line_naming_the_url(
    tmp_path: Path, bot_process: list[asyncio.subprocess.Process]
) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    code, out, err = await finished(await start_bot(bot_process, url, tmp_path))
    assert code == 1  # perhaps only for now: not a settings error
    assert err.count("\n") == 1, err
    assert err.startswith(f"mentorbot: TELEGRAM_API_BASE_URL {url} could not be reached")
    assert_no_token(out, err)


async def test_a_running_bot_prints_no_token_from_start_to_stop(
    tmp_path: Path, bot_process: list[asyncio.subprocess.Process]
) -> None:
    async with BotApiEmulator(token=TOKEN) as emulator:
        emulator.user(4242, "Stranger", language_code="en").send_text("hello")
        process = await start_bot(bot_process, emulator.base_url, tmp_path)
        # Answered: it started, polled, handled and sent (a call made, so a URL with the token).
        await emulator.wait_for(lambda: emulator.count("sendMessage", 200) >= 1, timeout=60)
        process.send_signal(signal.SIGTERM)
        code, out, err = await finished(process)
    assert code == 0, err
    assert "is running" in err
    assert_no_token(out, err)


@pytest.fixture
def every_log_line() -> Iterator[io.StringIO]:
    """Everything logged at any level by any logger, formatted as an operator would see it."""
    lines = io.StringIO()
    handler = logging.StreamHandler(lines)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    loggers = [root, *(logging.getLogger(n) for n in ("httpx", "httpcore", "telegram"))]
    levels = [logger.level for logger in loggers]
    root.addHandler(handler)
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    yield lines
    root.removeHandler(handler)
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


async def test_no_log_line_at_any_level_holds_the_token(every_log_line: io.StringIO) -> None:
    install_redaction(TOKEN)
    log = logging.getLogger("bot.test")
    async with BotApiEmulator(token=TOKEN) as emulator:
        async with Bot(TOKEN, base_url=f"{emulator.base_url}/bot") as bot:
            await bot.get_me()  # httpx logs the URL at INFO, httpcore and PTB at DEBUG
        with pytest.raises(InvalidToken) as refused:
            async with Bot(TOKEN + "x", base_url=f"{emulator.base_url}/bot"):
                pass
    install_redaction(TOKEN + "x")
    try:
        raise RuntimeError(f"calling /bot{TOKEN}/getMe failed")
    except RuntimeError:
        log.exception("with the token in the exception, %s", "and in an argument: " + TOKEN)
    log.error("PTB's own words: %s", refused.value, exc_info=refused.value)
    log.debug("a %d%% literal and the token in the message itself: " + TOKEN, 100, stack_info=True)
    text = every_log_line.getvalue()
    assert f"/bot{MASK}/getMe" in text  # the request lines were there, masked
    assert "RuntimeError: calling /bot[redacted]/getMe failed" in text  # the traceback
    assert "a 100% literal" in text
    assert TOKEN not in text
    assert SECRET_PART not in text
