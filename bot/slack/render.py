"""The core's replies as Slack Block Kit, within Slack's limits: the one module that draws Slack messages.

The title is a ``header`` block (a section in bold when it is longer than a header may be); headings,
paragraphs and field lists are ``section`` blocks (mrkdwn, ``verbatim``), merged while they fit in
3,000 characters; the first table of a page is a ``table`` block (slack-sdk has it; otherwise, or for a
second table, one line per row), its last column the row's source numbers; the numbered sources and
the notices are ``context`` lines; buttons sit in one ``actions`` block. Pictures are not blocks: the
sender uploads them as files. Replies longer than a message (50 blocks) are split by the core's
paginator, trying smaller pages until every page renders within the limits; nothing is truncated.
All text from articles, feeds and people goes through :func:`~bot.slack.escape.slack_text`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.models import blocks as sdk_blocks

from bot.slack.escape import slack_link, slack_text
from briefings.replies import (
    Action,
    Actions,
    Fields,
    Heading,
    Image,
    Notice,
    Paragraph,
    Reply,
    SourceList,
    Span,
    Table,
)
from briefings.replies.paginate import Limits, paginate

log = logging.getLogger(__name__)

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_FIELD = 2000
MAX_FIELDS = 10
MAX_CONTEXT = 2000  # characters of one context element (our own cap, below Slack's)
MAX_TABLE_ROWS = 100  # the header row included
MAX_BUTTON_LABEL = 75
PAGE_BUDGETS = (2800, 2000, 1400, 900, 500)
PAGE_ROWS = 40
HAS_TABLE_BLOCK = hasattr(sdk_blocks, "TableBlock")

NOTICE_MARK = {"sample": ":information_source:", "engine": ":gear:", "page": ":page_facing_up:",
               "date_unknown": ":spiral_calendar_pad:", "language": ":globe_with_meridians:", "error": ":warning:"}
BUTTON_STYLE = {"sources": "primary", "share": "primary"}

# (action_id, value) of the button for an action, or None to leave it out
ButtonFor = Callable[[Action], tuple[str, str] | None]


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}


def spans_mrkdwn(spans: tuple[Span, ...]) -> str:
    out = []
    for s in spans:
        if s.kind == "emphasis":
            out.append(f"*{slack_text(s.text)}*" if s.text.strip() else slack_text(s.text))
        elif s.kind == "source":
            out.append(f"`[{s.ref}]`")
        elif s.kind == "link" and s.url:
            out.append(slack_link(s.text, s.url))
        else:
            out.append(slack_text(s.text))
    return "".join(out)


def _refs(numbers: tuple[int, ...]) -> str:
    return " ".join(f"[{n}]" for n in numbers)


def table_lines(t: Table) -> str:
    lines = []
    for r in t.rows:
        cells = [c for c in r.cells if c.text]
        head = f"*{slack_text(cells[0].text)}*" if cells else ""
        body = " · ".join(slack_text(c.text) for c in cells[1:])
        refs = f" `{_refs(r.sources)}`" if r.sources else ""
        lines.append(" · ".join(x for x in (head, body) if x) + refs)
    return "\n".join(lines)


def table_block(t: Table) -> dict[str, Any]:
    with_sources = any(r.sources for r in t.rows)
    header = [slack_text(c.label) for c in t.columns] + (["Sources"] if with_sources else [])
    rows = [[{"type": "raw_text", "text": h} for h in header]]
    for r in t.rows:
        cells = [slack_text(c.text) or "–" for c in r.cells]
        cells += [""] * (len(t.columns) - len(cells))
        if with_sources:
            cells.append(_refs(r.sources) or "–")
        rows.append([{"type": "raw_text", "text": c or "–"} for c in cells])
    settings = [{"is_wrapped": c.wrap, "align": "right" if c.kind in ("size", "number") else "left"}
                for c in t.columns] + ([{"is_wrapped": True, "align": "left"}] if with_sources else [])
    return {"type": "table", "rows": rows, "column_settings": settings}


def source_lines(reply: Reply, numbers: tuple[int, ...] | None = None, *, quotes: bool = True) -> list[str]:
    """One line per numbered source: its number, a link to it (http(s) only), outlet and date, the quote."""
    numbers = numbers or tuple(range(1, len(reply.sources) + 1))
    inline = reply.inline_quotes(numbers)
    lines = []
    for n in numbers:
        if not 0 < n <= len(reply.sources):
            continue
        s = reply.sources[n - 1]
        title = s.title or "untitled"
        head = slack_link(title, s.url) if s.url else slack_text(title)
        meta = s.byline
        line = f"`[{n}]` {head}" + (f" — {slack_text(meta)}" if meta else "")
        if quotes and s.quote and n not in inline:
            line += f"\n“{slack_text(s.quote)}”"
        lines.append(line)
    return lines


def chunk_lines(lines: list[str], size: int) -> list[str]:
    """Lines joined into pieces of at most ``size`` characters; a longer line is split at spaces, not cut."""
    chunks: list[str] = []
    for line in lines:
        for piece in split_text(line, size):
            if chunks and len(chunks[-1]) + len(piece) + 1 <= size:
                chunks[-1] += "\n" + piece
            else:
                chunks.append(piece)
    return chunks


def split_text(text: str, size: int) -> list[str]:
    out = []
    while len(text) > size:
        cut = text.rfind(" ", 0, size)
        cut = cut if cut > size // 2 else size
        while cut > 1 and text[cut - 1] == "&":  # never between an entity's parts
            cut -= 1
        out.append(text[:cut])
        text = text[cut:]
    return [*out, text] if text else out


@dataclass
class Rendered:
    """One message: its blocks, the notification text, and the pictures to upload beside it."""

    blocks: list[dict[str, Any]]
    text: str
    images: list[Image] = field(default_factory=list)


class _Builder:
    def __init__(self) -> None:
        self.blocks: list[dict[str, Any]] = []
        self._text: list[str] = []
        self.tables = 0

    def text(self, text: str) -> None:
        if text:
            self._text.append(text)

    def flush(self) -> None:
        for piece in chunk_lines(self._text, MAX_SECTION):
            self.blocks.append({"type": "section", "text": mrkdwn(piece)})
        self._text = []

    def add(self, block: dict[str, Any]) -> None:
        self.flush()
        self.blocks.append(block)

    def context(self, lines: list[str]) -> None:
        for piece in chunk_lines(lines, MAX_CONTEXT):
            self.add({"type": "context", "elements": [mrkdwn(piece)]})


def _fields(b: Fields, out: _Builder) -> None:
    items = [f"*{slack_text(f.label)}*\n{spans_mrkdwn(f.value)}" for f in b.items]
    if len(items) > 1 and all(len(i) <= MAX_FIELD for i in items):
        for start in range(0, len(items), MAX_FIELDS):
            out.add({"type": "section", "fields": [mrkdwn(i) for i in items[start:start + MAX_FIELDS]]})
    else:
        for f in b.items:
            out.text(f"*{slack_text(f.label)}*: {spans_mrkdwn(f.value)}")


def build_message(reply: Reply, button_for: ButtonFor | None = None) -> Rendered:
    """One page as blocks (the caller has paginated it)."""
    out = _Builder()
    title = slack_text(reply.title)
    if len(title) <= MAX_HEADER and title.strip():
        out.add({"type": "header", "text": plain(title)})
    else:
        out.text(f"*{title}*")
    images: list[Image] = []
    for b in reply.blocks:
        if isinstance(b, Heading):
            out.text(f"*{slack_text(b.text)}*")
        elif isinstance(b, Paragraph):
            out.text(spans_mrkdwn(b.spans))
        elif isinstance(b, Table) and b.rows:
            if HAS_TABLE_BLOCK and out.tables == 0 and len(b.rows) < MAX_TABLE_ROWS:
                if b.caption:
                    out.text(f"_{slack_text(b.caption)}_")
                out.add(table_block(b))
                out.tables += 1
            else:
                out.text(table_lines(b))
        elif isinstance(b, Fields) and b.items:
            _fields(b, out)
        elif isinstance(b, SourceList) and reply.sources:
            out.context(source_lines(reply, b.numbers or None))
        elif isinstance(b, Notice):
            out.context([f"{NOTICE_MARK.get(b.kind, '•')} {slack_text(b.text)}"])
        elif isinstance(b, Image):
            images.append(b)
    out.flush()
    buttons = []
    for b in reply.blocks:
        if isinstance(b, Actions) and button_for is not None:
            for a in b.items:
                made = button_for(a)
                if made:
                    button: dict[str, Any] = {"type": "button", "text": plain(a.label[:MAX_BUTTON_LABEL]),
                                              "action_id": made[0], "value": made[1]}
                    if a.kind in BUTTON_STYLE:
                        button["style"] = BUTTON_STYLE[a.kind]
                    buttons.append(button)
    if buttons:
        out.add({"type": "actions", "elements": buttons[:25]})
    return Rendered(out.blocks, fallback_text(reply), images)


def fallback_text(reply: Reply) -> str:
    """The notification text: the title, and the first paragraph of a short reply.

    Slack may link bare URLs in this text (it has no ``verbatim``), so any it holds are broken up."""
    first = next((b for b in reply.blocks if isinstance(b, Paragraph)), None)
    text = slack_text(reply.title)
    if first is not None and len(first.text) <= 300:
        text += "\n" + slack_text(first.text)
    return text.replace("://", ":\u200b//").replace("www.", "www\u200b.")


def fits(rendered: Rendered) -> bool:
    """Does the message keep within Slack's limits (blocks, section and header sizes, fields, table rows)?"""
    if len(rendered.blocks) > MAX_BLOCKS:
        return False
    for b in rendered.blocks:
        kind = b["type"]
        if kind == "section" and (len(b.get("text", {}).get("text", "")) > MAX_SECTION
                                  or len(b.get("fields", [])) > MAX_FIELDS
                                  or any(len(f["text"]) > MAX_FIELD for f in b.get("fields", []))):
            return False
        if kind == "header" and len(b["text"]["text"]) > MAX_HEADER:
            return False
        if kind == "context" and any(len(e["text"]) > MAX_CONTEXT for e in b["elements"]):
            return False
        if kind == "table" and len(b["rows"]) > MAX_TABLE_ROWS:
            return False
    return sum(1 for b in rendered.blocks if b["type"] == "table") <= 1


def pages(reply: Reply) -> list[Reply]:
    """The reply cut into pages that each render within Slack's limits (smaller pages until they do)."""
    for budget in PAGE_BUDGETS:
        got = paginate(reply, Limits(max_chars=budget, max_rows=PAGE_ROWS, max_blocks=MAX_BLOCKS - 10))
        if all(fits(build_message(p, _every_button)) for p in got):
            return got
    got = paginate(reply, Limits(max_chars=PAGE_BUDGETS[-1], max_rows=10, max_blocks=12))
    if not all(fits(build_message(p, _every_button)) for p in got):
        log.warning("a %s reply still exceeds Slack's limits on some page", reply.kind)
    return got


def _every_button(a: Action) -> tuple[str, str]:
    return (a.kind, "x")


def sources_messages(reply: Reply) -> list[list[dict[str, Any]]]:
    """The Sources button's answer: every source with its quote, as one or more messages of context lines."""
    lines = source_lines(reply) or ["No sources."]
    blocks = [{"type": "context", "elements": [mrkdwn(p)]} for p in chunk_lines(lines, MAX_CONTEXT)]
    return [blocks[i:i + MAX_BLOCKS] for i in range(0, len(blocks), MAX_BLOCKS)]


__all__ = ["ButtonFor", "Rendered", "build_message", "fits", "pages", "slack_text", "source_lines",
           "sources_messages"]
