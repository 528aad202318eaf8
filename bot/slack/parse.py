"""What a person typed after ``/brief``, read into a subcommand and its arguments (no I/O here).

Slack sends command text with ``&``, ``<`` and ``>`` as entities and, with the manifest's
``should_escape``, a channel picked with ``#`` as ``<#C123|name>``, a link as ``<https://x|x>`` and a
person as ``<@U123>``. :func:`parse_command` undoes that and checks the shape of each subcommand; the
values themselves (a country, a time zone, a feed URL) are checked by the core, which raises
:class:`~briefings.errors.UsageError` with what to type instead.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import available_timezones

from bot.slack.escape import unescape
from briefings.commands import parse_category, parse_country, unknown_command
from briefings.commands.parse import suggest
from briefings.errors import UsageError

log = logging.getLogger(__name__)

SUBCOMMANDS = ("pledges", "country", "timeline", "ask", "digest", "feeds", "sources", "about", "settings", "help")
ADMIN = {("digest", "subscribe"), ("digest", "unsubscribe"), ("feeds", "add"), ("feeds", "remove"),
         ("settings", "")}
HELP = (
    ("pledges [country] [category]", "the current table of pledges and refusals"),
    ("country NAME", "one country's stance per category, and how it moved"),
    ("timeline [days]", "summits, meetings and declarations in date order"),
    ("ask QUESTION", "a question answered from the articles, with sources (or mention me with it)"),
    ("digest now|list", "what changed since this channel's last digest; the channels that get one"),
    ("digest subscribe #channel HH:MM TZ", "a daily digest in a channel (admins)"),
    ("digest unsubscribe #channel", "stop it (admins)"),
    ("feeds add URL|remove URL|list", "the news feeds followed (adding and removing: admins)"),
    ("sources [query]", "the articles on record"),
    ("about", "data freshness, counts and the engine"),
    ("settings [mentions everywhere|listed|nowhere] [channel #c] [private_answers on|off]",
     "where mentions are answered, and whether answers are private (admins)"),
    ("help", "this list"),
)

_CHANNEL = re.compile(r"^<#([CGD][A-Z0-9]+)(?:\|([^>]*))?>$")
_BARE_CHANNEL = re.compile(r"^[CG][A-Z0-9]{6,}$")
_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|[^>]*)?>")
_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
SUB_ALIASES = {"pledge": "pledges", "countries": "country", "events": "timeline", "source": "sources",
               "feed": "feeds", "question": "ask", "?": "help"}


@dataclass(frozen=True)
class ChannelRef:
    """A channel as typed: its id when Slack linked it, else the ``#name`` to look up."""

    id: str | None
    name: str | None

    @property
    def label(self) -> str:
        return f"#{self.name}" if self.name else f"<#{self.id}>"


@dataclass(frozen=True)
class Command:
    name: str
    action: str = ""
    text: str = ""  # the rest, as typed (entities undone)
    args: dict[str, object] = field(default_factory=dict)

    @property
    def admin(self) -> bool:
        return (self.name, self.action) in ADMIN


def plain_text(raw: str) -> str:
    """Slack's encoding undone: links to their URL, then the entities."""
    return unescape(_LINK.sub(lambda m: m.group(1), raw)).strip()


def channel_ref(token: str) -> ChannelRef:
    m = _CHANNEL.match(token)
    if m:
        return ChannelRef(m.group(1), m.group(2) or None)
    if _BARE_CHANNEL.match(token):
        return ChannelRef(token, None)
    if token.startswith("#") and len(token) > 1:
        return ChannelRef(None, token[1:].lower())
    raise UsageError(f"“{unescape(token)}” is not a channel: pick one with #, e.g. #general.")


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    return {z.casefold(): z for z in available_timezones() if not z.startswith(("Etc/", "SystemV/"))} | {"utc": "UTC"}


def time_zone(value: str) -> str:
    """An IANA zone as typed, in any case (``europe/paris`` -> ``Europe/Paris``), with a suggestion if unknown."""
    zone = _zones().get(value.strip().casefold())
    if zone is None:
        hint = suggest(value, [z for z in _zones().values() if "/" in z])
        raise UsageError(f"Unknown time zone “{value}”." + (f" Did you mean {hint[0]}?" if hint else "")
                         + " Use an IANA name such as Europe/Paris.")
    return zone


def _pledge_args(words: list[str]) -> dict[str, object]:
    """``[country] [category]`` where either may be several words: the first split that reads wins."""
    if not words:
        return {"country": None, "category": None}
    first_error: UsageError | None = None
    for cut in [*range(len(words) - 1, 0, -1), len(words), 0]:  # both named first, then either alone
        country, category = " ".join(words[:cut]), " ".join(words[cut:])
        try:
            code = parse_country(country) if country else None
            cat = parse_category(category) if category else None
        except UsageError as e:
            first_error = first_error or e
            continue
        return {"country": code, "category": cat}
    assert first_error is not None
    raise first_error


def _settings_args(tokens: list[str]) -> dict[str, object]:
    args: dict[str, object] = {"mentions": None, "channel": None, "private_answers": None}
    i = 0
    while i < len(tokens):
        key = tokens[i].lower().replace("-", "_")
        if i + 1 >= len(tokens):
            raise UsageError(f"settings {key} needs a value: /brief settings mentions everywhere|listed|nowhere, "
                             "channel #c, private_answers on|off.")
        value = tokens[i + 1]
        if key == "mentions":
            args["mentions"] = value.lower()
        elif key == "channel":
            args["channel"] = channel_ref(value)
        elif key in ("private_answers", "private"):
            flag = value.lower()
            if flag not in ("on", "off", "true", "false", "yes", "no"):
                raise UsageError("private_answers is on or off.")
            args["private_answers"] = flag in ("on", "true", "yes")
        else:
            raise UsageError(f"Unknown setting “{key}”: mentions, channel or private_answers.")
        i += 2
    return args


def parse_command(raw: str) -> Command:
    """``/brief`` text -> :class:`Command`; :class:`UsageError` when it cannot be one."""
    tokens = raw.split()
    if not tokens:
        return Command("help")
    name = tokens[0].lower()
    name = SUB_ALIASES.get(name, name)
    rest_raw = raw.strip()[len(tokens[0]):].strip()
    rest = plain_text(rest_raw)
    words = rest.split()
    if name not in SUBCOMMANDS:
        raise unknown_command(name, SUBCOMMANDS, prefix="/brief ")
    if name == "pledges":
        return Command(name, text=rest, args=_pledge_args(words))
    if name == "country":
        if not rest:
            raise UsageError("Name a country, e.g. /brief country Italy.")
        return Command(name, text=rest, args={"country": parse_country(rest)})
    if name == "timeline":
        if not words:
            return Command(name, args={"days": None})
        if len(words) > 1 or not words[0].removesuffix("d").isdigit() or int(words[0].removesuffix("d")) <= 0:
            raise UsageError("timeline takes a number of days, e.g. /brief timeline 30.")
        return Command(name, args={"days": min(int(words[0].removesuffix("d")), 3650)})
    if name == "ask":
        if not rest:
            raise UsageError("Ask a question, e.g. /brief ask Will Poland send troops?")
        if len(rest) > 500:
            raise UsageError("A question is at most 500 characters.")
        return Command(name, text=rest)
    if name == "sources":
        return Command(name, text=rest, args={"query": rest or None})
    if name in ("about", "help"):
        return Command(name)
    if name == "settings":
        return Command(name, args=_settings_args(rest_raw.split()))
    return _group(name, rest_raw)


def _group(name: str, rest_raw: str) -> Command:
    tokens = rest_raw.split()
    action = tokens[0].lower() if tokens else ""
    args = tokens[1:]
    if name == "digest":
        if action in ("now", "list") and not args:
            return Command(name, action)
        if action == "subscribe":
            if len(args) not in (1, 2, 3):
                raise UsageError("Usage: /brief digest subscribe #channel HH:MM Area/City, e.g. "
                                 "/brief digest subscribe #news 08:00 Europe/Paris.")
            return Command(name, action, args={"channel": channel_ref(args[0]),
                                               "time": args[1] if len(args) > 1 else None,
                                               "timezone": time_zone(args[2]) if len(args) > 2 else None})
        if action == "unsubscribe" and len(args) == 1:
            return Command(name, action, args={"channel": channel_ref(args[0])})
        raise UsageError("Usage: /brief digest now | list | subscribe #channel HH:MM TZ | unsubscribe #channel.")
    if action in ("add", "remove") and len(args) == 1:
        return Command(name, action, args={"url": plain_text(args[0])})
    if action == "list" and not args:
        return Command(name, action)
    raise UsageError("Usage: /brief feeds add URL | remove URL | list.")


def mention_text(raw: str, bot_user_id: str | None) -> str:
    """A message that mentions the bot, as a question: the bot's own mention gone, entities undone."""
    text = _USER.sub(lambda m: "" if m.group(1) == bot_user_id else m.group(0), raw)
    return plain_text(text)


__all__ = ["ADMIN", "HELP", "SUBCOMMANDS", "ChannelRef", "Command", "channel_ref", "mention_text", "parse_command"]
