"""The console chat: every command of the bot in a terminal, one line at a time.

A line starting with ``/`` is a command (``/pledges``, ``/country Italy``, ``/timeline 30``,
``/digest 7d``, ``/sources query``, ``/about``, ``/help``, ``/quit``); anything else is a question.
In a terminal, input has line editing and history (prompt_toolkit, awaited on the event loop):
Ctrl-C cancels the line being typed, Ctrl-D leaves. Piped input is read on a worker thread, so the
event loop (and the feed poller beside it) never blocks.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable

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


async def dispatch(briefings: Briefings, line: str) -> Reply | None:
    """Run one line of input; None for an empty line."""
    line = line.strip()
    if not line:
        return None
    if not line.startswith("/"):
        return await briefings.ask(line)
    name, _, args = line[1:].partition(" ")
    args = args.strip()
    handlers: dict[str, Callable[[], Awaitable[Reply]]] = {
        "pledges": lambda: briefings.pledges(*_split_pledges_args(args)),
        "country": lambda: briefings.country(args),
        "timeline": lambda: briefings.timeline(_int_arg(args, "days")),
        "ask": lambda: briefings.ask(args),
        "digest": lambda: briefings.digest(args or None),
        "sources": lambda: briefings.sources(args or None),
        "about": briefings.about,
        "help": lambda: briefings.help(CONSOLE_HELP),
    }
    handler = handlers.get(name.lower())
    if handler is None:
        raise unknown_command(name, [*handlers, "quit"])
    return await handler()


def _int_arg(value: str, name: str) -> int | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise UsageError(f"The number of {name} must be a whole number (got “{value}”).") from None


class _Lines:
    """Where lines come from: prompt_toolkit in a terminal, else standard input on a worker thread."""

    def __init__(self, interactive: bool) -> None:
        self.session: PromptSession[str] | None = None
        if interactive:
            self.session = PromptSession(history=InMemoryHistory())

    async def next(self) -> str | None:
        """The next line; None at the end of input (Ctrl-D); "" when Ctrl-C cancelled the line."""
        if self.session is None:
            line = await asyncio.to_thread(sys.stdin.readline)
            return line or None
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
    if interactive:
        console.print("[bold]Coalition briefing bot[/bold] — ask a question, or /help. Ctrl-D to leave.")
    while True:
        line = await lines.next()
        if line is None:
            break
        if line.strip().lower() in ("/quit", "/exit"):
            break
        try:
            reply = await dispatch(briefings, line)
        except BriefingError as e:
            reply = Reply.failure(str(e))
        except Exception:  # one bad answer must not end the chat
            log.exception("command failed: %s", line.strip())
            reply = Reply.failure("Something went wrong with that command; it has been logged.")
        if reply is not None:
            render(reply, console)
