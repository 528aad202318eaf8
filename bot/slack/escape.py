"""Slack's escaping: text from articles, feeds and people pings no one and hides no link.

Slack reads ``<...>`` as a control sequence: ``<!everyone>``, ``<!channel>``, ``<!here>`` and
``<!subteam^S1>`` notify people, ``<@U123>`` and ``<#C123>`` are mentions, ``<https://x|label>`` is
a masked link. Escaping ``&``, ``<`` and ``>`` as entities (Slack's own rule) turns every one of them
into plain text. Bare ``@channel``-style words get a zero-width space so no client or setting can read
them as a broadcast, and control characters (terminal escapes among them) go. Every mrkdwn text the
renderer builds is also sent with ``verbatim: true``, so Slack does not turn bare URLs or names in it
into links or mentions: the only links in a message are the ones :func:`slack_link` made, to our own
http(s) sources.
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefings.replies import safe_url

ZWSP = "\u200b"
_BROADCAST = re.compile(r"@(everyone|channel|here)\b", re.I)
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@lru_cache(maxsize=65_536)
def slack_text(text: str) -> str:
    """``text`` safe inside any Slack text object (mrkdwn or plain_text)."""
    text = _CONTROL.sub("", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub(lambda m: f"@{ZWSP}{m.group(1)}", text)


def slack_url(url: str) -> str:
    """An http(s) URL made safe inside ``<url|label>`` (empty when it is not http(s))."""
    url = safe_url(url)
    for raw, encoded in ((" ", "%20"), ("|", "%7C"), ("<", "%3C"), (">", "%3E")):
        url = url.replace(raw, encoded)
    return url.replace("&", "&amp;")


def slack_link(label: str, url: str) -> str:
    """A masked link to ``url`` when it is http(s), else the label alone; the label is escaped."""
    target = slack_url(url)
    shown = slack_text(label).replace("|", "\u2223") or target
    return f"<{target}|{shown}>" if target else slack_text(label)


def unescape(text: str) -> str:
    """What a person typed, from the entities Slack sends (``&amp;`` -> ``&``)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


__all__ = ["slack_link", "slack_text", "slack_url", "unescape"]
