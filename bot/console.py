"""The console chat: every command of the bot in a terminal, one line at a time.

A line starting with ``/`` is a command (``/pledges``, ``/country Italy``, ``/timeline 30``,
``/digest 7d``, ``/sources query``, ``/about``, ``/help``, ``/quit``); anything else is a question.
``/chart pledges|country NAME|sizes`` saves the picture as a PNG (in :data:`CHART_DIR`) and prints
its path and alt text.
In a terminal, input has line editing and history (prompt_toolkit, awaited on the event loop):
Ctrl-C cancels the line being typed, Ctrl-D leaves. Piped input is read on a daemon thread, so the
event loop (and the feed poller beside it) never blocks, and SIGTERM ends the chat at once.
"""

from __future__ import annotations

import asyncio
import codecs
import logging
import os
import sys
import tempfile
import threading
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

from prompt_toolkit import PromptSession
from prompt_toolkit.history import InMemoryHistory
from rich.console import Console

from bot.render import render
from briefings.commands import Briefings, parse_category, unknown_command
from briefings.commands.views import CONSOLE_HELP
from briefings.errors import BriefingError, UsageError
from briefings.replies import Reply

log = logging.getLogger(__name__)

PROMPT = "briefbot> "
CHART_DIR = Path(tempfile.gettempdir()) / "briefbot-charts"


def _split_pledges_args(args: str) -> tuple[str | None, str | None]:
    """``/pledges [country] [category]``: the category is the last word(s) when they name one."""
    words = args.split()
    for n in (2, 1):
        if len(words) >= n:
            try:
                cat = parse_category(" ".join(words[-n:]))
            except UsageError:
                continue
            rest = " ".join(words[:-n])
            return (rest or None), cat
    return (args.strip() or None), None


async def save_chart(briefings: Briefings, args: str, chart_dir: Path | None = None) -> Reply:
    """``/chart pledges|country NAME|sizes``: the picture written to a PNG file, and where it is."""
    from briefings.commands import charts

    kind, _, name = args.strip().partition(" ")
    if not kind:
        raise UsageError(charts.USAGE)
    image = await briefings.chart(kind, name.strip() or None)
    folder = chart_dir or CHART_DIR
    path = folder / image.name
    await asyncio.to_thread(_write, path, image.png)
    return charts.described(image, str(path))


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


async def dispatch(briefings: Briefings, line: str, *, chart_dir: Path | None = None,
                   conversation: str | None = None) -> Reply | None:
    """Run one line of input; None for an empty line. Questions of one ``conversation`` (the chat
    session's key) can follow up on each other ("and Italy?")."""
    line = line.strip()
    if not line:
        return None
    if not line.startswith("/"):
        return await briefings.ask(line, conversation=conversation)
    name, _, args = line[1:].partition(" ")
    args = args.strip()
    handlers: dict[str, Callable[[], Awaitable[Reply]]] = {
        "pledges": lambda: briefings.pledges(*_split_pledges_args(args)),
        "country": lambda: briefings.country(args),
        "timeline": lambda: briefings.timeline(_int_arg(args, "days")),
        "ask": lambda: briefings.ask(args, conversation=conversation),
        "explain": lambda: briefings.explain(*_explain_args(args)),
        "digest": lambda: briefings.digest(args or None),
        "sources": lambda: briefings.sources(args or None),
        "about": briefings.about,
        "chart": lambda: save_chart(briefings, args, chart_dir),
        "help": lambda: briefings.help(CONSOLE_HELP),
    }
    handler = handlers.get(name.lower())
    if handler is None:
        raise unknown_command(name, [*handlers, "quit"])
    return await handler()


def _explain_args(args: str) -> tuple[str, str]:
    """``/explain COUNTRY CATEGORY``: the category is the last word(s)."""
    country, category = _split_pledges_args(args)
    if not country or not category:
        raise UsageError("Name a country and a category, e.g. /explain Italy ground_troops.")
    return country, category


def _int_arg(value: str, name: str) -> int | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise UsageError(f"The number of {name} must be a whole number (got “{value}”).") from None


class _PipedLines:
    """Lines of standard input, read by one daemon thread straight from the file descriptor.

    A daemon thread never holds the process open: on SIGTERM the chat ends at once even while a
    read waits for input (a worker of the default executor would be joined at exit, forever), and
    reading the descriptor, not ``sys.stdin``'s buffer, leaves no lock held at interpreter shutdown.
    """

    def __init__(self) -> None:
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        self._loop = asyncio.get_running_loop()
        self._thread: threading.Thread | None = None

    def _put(self, line: str | None) -> bool:
        try:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, line)
        except RuntimeError:  # the loop is closed: nobody is reading any more
            return False
        return True

    def _read(self) -> None:
        decoder = codecs.getincrementaldecoder(getattr(sys.stdin, "encoding", None) or "utf-8")(errors="replace")
        pending = ""
        try:
            fd = sys.stdin.fileno()
            while chunk := os.read(fd, 65536):
                pending += decoder.decode(chunk)
                *lines, pending = pending.split("\n")
                if not all(self._put(line + "\n") for line in lines):
                    return
            pending += decoder.decode(b"", final=True)
        except (OSError, ValueError):  # no usable standard input: treat it as ended
            log.debug("standard input cannot be read", exc_info=True)
        if pending:
            self._put(pending)
        self._put(None)

    async def next(self) -> str | None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._read, name="briefbot-stdin", daemon=True)
            self._thread.start()
        return await self._queue.get()


class _Lines:
    """Where lines come from: prompt_toolkit in a terminal, else standard input on a daemon thread."""

    def __init__(self, interactive: bool) -> None:
        self.session: PromptSession[str] | None = None
        self.piped: _PipedLines | None = None
        if interactive:
            self.session = PromptSession(history=InMemoryHistory())

    async def next(self) -> str | None:
        """The next line; None at the end of input (Ctrl-D); "" when Ctrl-C cancelled the line."""
        if self.session is None:
            self.piped = self.piped or _PipedLines()
            return await self.piped.next()
        try:
            return await self.session.prompt_async(PROMPT)
        except KeyboardInterrupt:
            return ""
        except EOFError:
            return None


async def chat(briefings: Briefings, *, console: Console | None = None, interactive: bool | None = None) -> None:
    """Read lines until end of input or ``/quit``; print each reply."""
    console = console or Console()
    interactive = sys.stdin.isatty() and sys.stdout.isatty() if interactive is None else interactive
    lines = _Lines(interactive)
    conversation = f"console:{uuid.uuid4().hex[:12]}"  # this session's follow-up context
    if interactive:
        console.print("[bold]Coalition briefing bot[/bold] — ask a question, or /help. Ctrl-D to leave.")
    while True:
        line = await lines.next()
        if line is None:
            break
        if line.strip().lower() in ("/quit", "/exit"):
            break
        try:
            reply = await dispatch(briefings, line, conversation=conversation)
        except BriefingError as e:
            reply = Reply.failure(str(e))
        except Exception:  # one bad answer must not end the chat
            log.exception("command failed: %s", line.strip())
            reply = Reply.failure("Something went wrong with that command; it has been logged.")
        if reply is not None:
            render(reply, console)
