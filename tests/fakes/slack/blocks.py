"""Block Kit as the fake Slack checks it: Slack's limits, and what in a message could ping or mislead.

:func:`validate_message` returns Slack's error code for a message Slack would refuse (``invalid_blocks``,
``only_one_table_allowed``, ``msg_too_long``...) or None. :func:`offences` lists what in a message
could notify people or link somewhere the bot did not mean to: ``<!everyone>``-style broadcasts,
user, group and channel mentions, masked links to hosts outside an allowed set or to non-http(s)
schemes, a bare ``@channel``, and mrkdwn text sent without ``verbatim`` (Slack would then auto-link
it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

MAX_BLOCKS = 50
MAX_TEXT = 40_000
LIMITS = {"header": 150, "section": 3000, "field": 2000, "context": 3000, "button": 75, "value": 2000,
          "action_id": 255, "block_id": 255}
KNOWN = {"header", "section", "context", "actions", "table", "divider", "image", "input", "rich_text", "markdown"}

_CONTROL = re.compile(r"<([!@#][^>]*)>")
_LINK = re.compile(r"<([a-zA-Z][\w+.-]*:[^|>]*)(?:\|([^>]*))?>")
_BARE = re.compile(r"(?<![\w\u200b])@(everyone|channel|here)\b", re.I)


class InvalidBlocks(Exception):
    def __init__(self, error: str, detail: str) -> None:
        super().__init__(f"{error}: {detail}")
        self.error = error
        self.detail = detail


def _text(obj: Any, where: str, limit: int, *, kinds: tuple[str, ...] = ("plain_text", "mrkdwn")) -> str:
    if not isinstance(obj, dict) or obj.get("type") not in kinds or not isinstance(obj.get("text"), str):
        raise InvalidBlocks("invalid_blocks", f"{where}: expected a text object of type {'/'.join(kinds)}")
    if not obj["text"]:
        raise InvalidBlocks("invalid_blocks", f"{where}: empty text")
    if len(obj["text"]) > limit:
        raise InvalidBlocks("invalid_blocks", f"{where}: {len(obj['text'])} characters, more than {limit}")
    return str(obj["text"])


def _button(el: dict[str, Any], where: str, seen: set[str]) -> None:
    _text(el.get("text"), f"{where}.text", LIMITS["button"], kinds=("plain_text",))
    action_id = el.get("action_id")
    if action_id is not None:
        if len(action_id) > LIMITS["action_id"]:
            raise InvalidBlocks("invalid_blocks", f"{where}: action_id longer than 255")
        if action_id in seen:
            raise InvalidBlocks("invalid_blocks", f"{where}: action_id {action_id!r} used twice in one message")
        seen.add(action_id)
    if len(str(el.get("value") or "")) > LIMITS["value"]:
        raise InvalidBlocks("invalid_blocks", f"{where}: value longer than 2000")
    if el.get("style") not in (None, "primary", "danger"):
        raise InvalidBlocks("invalid_blocks", f"{where}: style {el.get('style')!r}")


def _table(b: dict[str, Any], where: str) -> None:
    rows = b.get("rows")
    if not isinstance(rows, list) or not 1 <= len(rows) <= 100:
        raise InvalidBlocks("invalid_blocks", f"{where}: a table has 1 to 100 rows")
    for r, row in enumerate(rows):
        if not isinstance(row, list) or not 1 <= len(row) <= 20:
            raise InvalidBlocks("invalid_blocks", f"{where}.rows[{r}]: 1 to 20 cells")
        for c, cell in enumerate(row):
            if not isinstance(cell, dict) or cell.get("type") not in ("raw_text", "rich_text"):
                raise InvalidBlocks("invalid_blocks", f"{where}.rows[{r}][{c}]: raw_text or rich_text")
            if cell["type"] == "raw_text" and not str(cell.get("text") or ""):
                raise InvalidBlocks("invalid_blocks", f"{where}.rows[{r}][{c}]: empty cell")
    if len(b.get("column_settings") or []) > 20:
        raise InvalidBlocks("invalid_blocks", f"{where}: more than 20 column settings")


def validate_blocks(blocks: Any) -> None:
    if not isinstance(blocks, list):
        raise InvalidBlocks("invalid_blocks_format", "blocks is not a list")
    if len(blocks) > MAX_BLOCKS:
        raise InvalidBlocks("invalid_blocks", f"{len(blocks)} blocks, more than {MAX_BLOCKS}")
    seen_actions: set[str] = set()
    tables = 0
    for i, b in enumerate(blocks):
        where = f"blocks[{i}]"
        kind = b.get("type") if isinstance(b, dict) else None
        if kind not in KNOWN:
            raise InvalidBlocks("invalid_blocks", f"{where}: unknown block type {kind!r}")
        if len(str(b.get("block_id") or "")) > LIMITS["block_id"]:
            raise InvalidBlocks("invalid_blocks", f"{where}: block_id longer than 255")
        if kind == "header":
            _text(b.get("text"), f"{where}.text", LIMITS["header"], kinds=("plain_text",))
        elif kind == "section":
            if "text" not in b and "fields" not in b:
                raise InvalidBlocks("invalid_blocks", f"{where}: a section needs text or fields")
            if "text" in b:
                _text(b["text"], f"{where}.text", LIMITS["section"])
            fields = b.get("fields") or []
            if len(fields) > 10:
                raise InvalidBlocks("invalid_blocks", f"{where}: more than 10 fields")
            for j, f in enumerate(fields):
                _text(f, f"{where}.fields[{j}]", LIMITS["field"])
        elif kind == "context":
            elements = b.get("elements") or []
            if not 1 <= len(elements) <= 10:
                raise InvalidBlocks("invalid_blocks", f"{where}: a context has 1 to 10 elements")
            for j, el in enumerate(elements):
                if el.get("type") != "image":
                    _text(el, f"{where}.elements[{j}]", LIMITS["context"])
        elif kind == "actions":
            elements = b.get("elements") or []
            if not 1 <= len(elements) <= 25:
                raise InvalidBlocks("invalid_blocks", f"{where}: actions hold 1 to 25 elements")
            for j, el in enumerate(elements):
                if el.get("type") == "button":
                    _button(el, f"{where}.elements[{j}]", seen_actions)
        elif kind == "table":
            tables += 1
            _table(b, where)
    if tables > 1:
        raise InvalidBlocks("only_one_table_allowed", "a message holds at most one table")


def validate_message(body: dict[str, Any]) -> str | None:
    """Slack's error code for this message, or None when Slack would accept it."""
    blocks = body.get("blocks")
    text = body.get("text")
    if blocks is None and not text:
        return "no_text"
    if isinstance(text, str) and len(text) > MAX_TEXT:
        return "msg_too_long"
    if blocks is not None:
        try:
            validate_blocks(blocks)
        except InvalidBlocks as e:
            return e.error
    return None


def text_objects(node: Any) -> Iterator[dict[str, Any]]:
    """Every text object (and raw_text cell) in a block tree."""
    if isinstance(node, dict):
        if isinstance(node.get("text"), str) and node.get("type") in ("plain_text", "mrkdwn", "raw_text"):
            yield node
        for v in node.values():
            yield from text_objects(v)
    elif isinstance(node, list):
        for v in node:
            yield from text_objects(v)


def all_text(body: dict[str, Any]) -> str:
    parts = [str(body.get("text") or "")] + [o["text"] for o in text_objects(body.get("blocks") or [])]
    return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class Offence:
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


def text_offences(text: str, allowed_hosts: Iterable[str], where: str) -> list[Offence]:
    out = []
    hosts = set(allowed_hosts)
    for m in _CONTROL.finditer(text):
        out.append(Offence(where, f"control sequence <{m.group(1)}> (a broadcast or a mention)"))
    for m in _LINK.finditer(text):
        url = m.group(1)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            out.append(Offence(where, f"link with scheme {parts.scheme!r}: {url}"))
        elif parts.hostname not in hosts:
            out.append(Offence(where, f"link to a host outside {sorted(hosts)}: {url}"))
    for m in _BARE.finditer(text):
        out.append(Offence(where, f"bare @{m.group(1)}"))
    return out


def offences(body: dict[str, Any], allowed_hosts: Iterable[str], where: str) -> list[Offence]:
    hosts = list(allowed_hosts)
    out = text_offences(str(body.get("text") or ""), hosts, f"{where} text")
    for obj in text_objects(body.get("blocks") or []):
        out += text_offences(obj["text"], hosts, f"{where} block")
        if obj["type"] == "mrkdwn" and not obj.get("verbatim"):
            out.append(Offence(where, "mrkdwn text without verbatim (Slack would auto-link names and URLs in it)"))
    if body.get("link_names") in (True, 1, "1", "true") or body.get("parse") == "full":
        out.append(Offence(where, "link_names or parse=full makes Slack turn names into mentions"))
    return out


__all__ = ["InvalidBlocks", "Offence", "all_text", "offences", "text_objects", "validate_blocks", "validate_message"]
