"""Rendering a reply for people in a terminal (rich), readable down to 60 columns.

Everything is built as ``Text`` (never markup strings), after :func:`terminal_text`, so article text
can neither inject rich markup nor terminal escape sequences. In tables, dates, statuses and sizes
are kept whole; names, titles and quotes wrap.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text

from bot.render.escape import terminal_text as esc
from briefings.replies import (
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

KEEP_WHOLE = ("status", "date", "number")  # never wrapped or cut
MIN_WIDTH = {"status": 11, "date": 10, "number": 3, "country": 7, "category": 8, "size": 6}
NOTICE_STYLE = {"sample": "yellow", "engine": "yellow", "language": "yellow", "page": "dim", "error": "red"}


def _spans(spans: tuple[Span, ...]) -> Text:
    out = Text()
    for s in spans:
        if s.kind == "emphasis":
            out.append(esc(s.text), style="bold")
        elif s.kind == "source":
            out.append(s.text, style="bold cyan")
        elif s.kind == "link" and s.url:
            out.append(esc(s.text), style=f"link {s.url}")
        else:
            out.append(esc(s.text))
    return out


def _table(t: Table) -> RichTable:
    table = RichTable(box=box.SIMPLE_HEAD, padding=(0, 1), collapse_padding=True, pad_edge=False, show_edge=False,
                      header_style="bold", expand=False)
    for i, c in enumerate(t.columns):
        whole = c.kind in KEEP_WHOLE
        longest = max((len(r.cells[i].text) for r in t.rows), default=0)
        floor = MIN_WIDTH.get(c.kind, 4)
        width = max(floor, longest) if whole else min(floor, max(longest, 1))
        table.add_column(c.label, no_wrap=whole, overflow="fold", min_width=width)
    refs = any(r.sources for r in t.rows)
    if refs:
        table.add_column("Src", no_wrap=False, style="cyan", min_width=3)
    for r in t.rows:
        cells: list[RenderableType] = [Text(esc(c.text)) for c in r.cells]
        if refs:
            cells.append(Text(",".join(str(n) for n in r.sources)))
        table.add_row(*cells)
    return table


def _sources(reply: Reply, block: SourceList) -> Text:
    inline = reply.inline_quotes()
    out = Text()
    for n in block.numbers or range(1, len(reply.sources) + 1):
        s = reply.sources[n - 1]
        out.append(f"[{n}] ", style="bold cyan")
        out.append(esc(s.title or s.url or "untitled"), style="italic")
        meta = s.byline
        if meta:
            out.append(f" ({esc(meta)})", style="dim")
        if s.url:
            out.append(f"\n    {s.url}", style="dim")
        if s.quote and n not in inline:
            out.append(f"\n    “{esc(s.quote)}”", style="green")
        out.append("\n")
    return out


def renderables(reply: Reply) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for b in reply.blocks:
        if isinstance(b, Heading):
            parts.append(Text(esc(b.text), style="bold underline"))
        elif isinstance(b, Paragraph):
            parts.append(_spans(b.spans))
        elif isinstance(b, Table):
            parts.append(_table(b))
        elif isinstance(b, Fields):
            grid = RichTable.grid(padding=(0, 2))
            grid.add_column(style="bold cyan", no_wrap=True)
            grid.add_column(overflow="fold")
            for f in b.items:
                grid.add_row(Text(esc(f.label)), _spans(f.value))
            parts.append(grid)
        elif isinstance(b, SourceList) and reply.sources:
            parts.append(Text("Sources", style="bold underline"))
            parts.append(_sources(reply, b))
        elif isinstance(b, Image):
            parts.append(Text(f"(picture: {esc(b.alt)})", style="dim"))
        elif isinstance(b, Notice):
            parts.append(Text(esc(b.text), style=NOTICE_STYLE.get(b.kind, "dim")))
        elif isinstance(b, Actions):
            continue
    return parts


def render(reply: Reply, console: Console) -> None:
    style = "red" if reply.error else "blue"
    console.print(Panel(Group(*renderables(reply)), title=Text(esc(reply.title)), title_align="left",
                        border_style=style, padding=(0, 1)))
