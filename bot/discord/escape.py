"""Discord's escaping: article text pings no one, hides no link and draws no markdown.

Every piece of text that came from an article, a feed or a person goes through :func:`discord_text`
before it reaches a message. Mentions are broken with a zero-width space (``@everyone``, ``@here``,
``<@123>``, ``<@&123>``, ``<#123>``, slash-command and timestamp tags), markdown characters are
backslash-escaped so ``[label](https://evil)`` shows as written, and control characters go. The
client also sends ``AllowedMentions.none()`` on everything, so escaping is the second lock, not the only.
"""

from __future__ import annotations

import re
from functools import lru_cache

ZWSP = "\u200b"
_MARKDOWN = re.compile(r"([\\*_~`|\[\]<])")  # meaningful anywhere in a line
_LINE_MARK = re.compile(r"^(\s*)([#>\-+])", re.M)  # headings, quotes, lists, "-#" small text
_BROADCAST = re.compile(r"@(everyone|here)", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_START = re.compile(r"^(\s*)(\d+)\.(\s)", re.M)  # "1. " would start a list


@lru_cache(maxsize=65_536)
def discord_text(text: str) -> str:
    text = _CONTROL.sub("", text)
    if "<@" in text:
        text = text.replace("@", f"@{ZWSP}")
    else:
        text = _BROADCAST.sub(lambda m: f"@{ZWSP}{m.group(1)}", text)
    text = _MARKDOWN.sub(r"\\\1", text)
    text = _LINE_MARK.sub(r"\1\\\2", text)
    return _LINE_START.sub(r"\1\2\\.\3", text)


def discord_url(url: str) -> str:
    """A URL inside ``<...>`` in a masked link: no embed, and no way out of the brackets."""
    return url.replace(">", "%3E").replace("<", "%3C").replace(" ", "%20").replace(")", "%29")
