"""The core's replies as Discord Components V2 (``ui.LayoutView``), within Discord's limits.

One container per message, its accent colour by reply kind; the title and each paragraph, heading,
field list and table chunk a ``TextDisplay``; the numbered sources in small text; notices with a
marker; a ``MediaGallery`` for a picture; buttons in one ``ActionRow``. Replies longer than a
message (40 components, 4,000 display characters) are split by the core's paginator: page 1 is sent
with Previous/Next buttons whose custom ids let any later process rebuild page N. Text from articles
goes through :func:`~bot.discord.escape.discord_text`; no renderer here truncates.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass

import discord
from discord import ui

from bot.discord.escape import discord_text, discord_url
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

MAX_COMPONENTS = 40
MAX_CHARS = 4000
# The paginator prices plain text; escaping and markdown add to it, so pages aim lower and are checked.
PAGE_BUDGETS = (3000, 2200, 1500, 900)
MAX_BLOCKS = 80
MAX_TEXT_DISPLAY = 1800  # texts are merged up to this size (the title stays alone)

ACCENT = {
    "pledges": 0x2E6DB4, "country": 0x2E6DB4, "timeline": 0x6A4C93, "answer": 0x1B998B, "digest": 0xE09F3E,
    "sources": 0x5C677D, "about": 0x5C677D, "help": 0x5C677D, "error": 0xC0392B, "feeds": 0x5C677D,
    "settings": 0x5C677D,
}
NOTICE_MARK = {"sample": "ℹ️", "engine": "⚙️", "page": "📄", "date_unknown": "🗓️", "language": "🌐", "error": "⚠️"}
BUTTON_STYLE = {"page_prev": discord.ButtonStyle.secondary, "page_next": discord.ButtonStyle.secondary,
                "sources": discord.ButtonStyle.primary, "feedback_up": discord.ButtonStyle.success,
                "feedback_down": discord.ButtonStyle.danger, "chart": discord.ButtonStyle.secondary,
                "share": discord.ButtonStyle.primary}

# custom_id of a button for an action: the front-end passes this, knowing the reply's stored reference
CustomId = Callable[[Action], str | None]


def spans_markdown(spans: tuple[Span, ...]) -> str:
    out = []
    for s in spans:
        if s.kind == "emphasis":
            out.append(f"**{discord_text(s.text)}**")
        elif s.kind == "source":
            out.append(f"`[{s.ref}]`")
        elif s.kind == "link" and s.url:
            out.append(f"[{discord_text(s.text)}](<{discord_url(s.url)}>)")
        else:
            out.append(discord_text(s.text))
    return "".join(out)


def _table_lines(t: Table) -> str:
    lines = []
    for r in t.rows:
        cells = [c for c in r.cells if c.text]
        first, rest = (cells[0], cells[1:]) if cells else (None, [])
        head = f"**{discord_text(first.text)}**" if first else ""
        body = " · ".join(discord_text(c.text) for c in rest)
        refs = " ".join(f"`[{n}]`" for n in r.sources)
        lines.append(" · ".join(x for x in (head, body) if x) + (f" {refs}" if refs else ""))
    return "\n".join(lines)


def source_lines(reply: Reply, numbers: tuple[int, ...] | None = None, *, quotes: bool = True) -> str:
    numbers = numbers or tuple(range(1, len(reply.sources) + 1))
    inline = reply.inline_quotes(numbers)
    lines = []
    for n in numbers:
        s = reply.sources[n - 1]
        title = discord_text(s.title or "untitled")
        head = f"[{title}](<{discord_url(s.url)}>)" if s.url else title
        meta = s.byline
        lines.append(f"-# `[{n}]` {head}" + (f" — {discord_text(meta)}" if meta else ""))
        if quotes and s.quote and n not in inline:
            lines.append(f"> “{discord_text(s.quote)}”")
    return "\n".join(lines)


@dataclass
class Rendered:
    """One message: the layout and the files it needs (chart PNGs)."""

    view: ui.LayoutView
    files: list[discord.File]
    chars: int


def _texts(reply: Reply) -> list[str]:
    out = [f"## {discord_text(reply.title)}"[:MAX_CHARS]]
    for b in reply.blocks:
        if isinstance(b, Heading):
            out.append(f"### {discord_text(b.text)}")
        elif isinstance(b, Paragraph):
            out.append(spans_markdown(b.spans))
        elif isinstance(b, Table):
            out.append(_table_lines(b))
        elif isinstance(b, Fields):
            out.append("\n".join(f"**{discord_text(f.label)}**: {spans_markdown(f.value)}" for f in b.items))
        elif isinstance(b, SourceList) and reply.sources:
            out.append(source_lines(reply, b.numbers or None))
        elif isinstance(b, Notice):
            out.append(f"-# {NOTICE_MARK.get(b.kind, '•')} {discord_text(b.text)}")
    return _merged([t for t in out if t])


def _merged(texts: list[str]) -> list[str]:
    """Neighbouring texts joined into one display while they fit: fewer components, same text."""
    out: list[str] = []
    for t in texts:
        if len(out) > 1 and len(out[-1]) + len(t) + 1 <= MAX_TEXT_DISPLAY:
            out[-1] = f"{out[-1]}\n{t}"
        else:
            out.append(t)
    return out


def build_view(reply: Reply, custom_id: CustomId | None = None, *, timeout: float | None = None) -> Rendered:
    """One page as a layout (the caller has paginated it)."""
    view = ui.LayoutView(timeout=timeout)
    container: ui.Container[ui.LayoutView] = ui.Container(accent_colour=ACCENT.get(reply.kind, 0x5C677D))
    texts = _texts(reply)
    for i, text in enumerate(texts):
        container.add_item(ui.TextDisplay(text))
        if i == 0 and len(texts) > 1:
            container.add_item(ui.Separator(visible=False))
    files = []
    for b in reply.blocks:
        if isinstance(b, Image):
            files.append(discord.File(fp=io.BytesIO(b.png), filename=b.name, description=b.alt[:1024]))
            container.add_item(ui.MediaGallery(discord.MediaGalleryItem(f"attachment://{b.name}",
                                                                         description=b.alt[:1024])))
    view.add_item(container)
    buttons: list[ui.Button[ui.LayoutView]] = []
    for b in reply.blocks:
        if isinstance(b, Actions):
            for a in b.items:
                cid = custom_id(a) if custom_id else None
                if cid:
                    buttons.append(ui.Button(label=a.label, style=BUTTON_STYLE.get(a.kind, discord.ButtonStyle.secondary),
                                             custom_id=cid))
    if buttons:
        row: ui.ActionRow[ui.LayoutView] = ui.ActionRow()
        for button in buttons[:5]:
            row.add_item(button)
        view.add_item(row)
    return Rendered(view, files, sum(len(t) for t in texts))


def pages(reply: Reply) -> list[Reply]:
    """The reply cut into pages that render within Discord's limits (smaller budgets until they do)."""
    for budget in PAGE_BUDGETS:
        got = paginate(reply, Limits(max_chars=budget, max_blocks=MAX_BLOCKS))
        if all(fits(p) for p in got):
            return got
    return paginate(reply, Limits(max_chars=PAGE_BUDGETS[-1], max_blocks=MAX_BLOCKS // 2))


def fits(page: Reply) -> bool:
    texts = _texts(page)
    return sum(len(t) for t in texts) <= MAX_CHARS and len(texts) + 8 <= MAX_COMPONENTS


def render_page(reply: Reply, page: int, custom_id: CustomId | None = None) -> tuple[Rendered, int]:
    """Page ``page`` (1-based, clamped) of ``reply`` and the number of pages."""
    all_pages = pages(reply)
    n = min(max(page, 1), len(all_pages))
    return build_view(all_pages[n - 1], custom_id), len(all_pages)


__all__ = ["Rendered", "build_view", "discord_text", "fits", "pages", "render_page", "source_lines"]
