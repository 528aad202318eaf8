"""Rendering a platform-neutral reply for people in a terminal (rich)."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from briefings.replies import Reply

MAX_SOURCES = 8


def _markup(text: str) -> str:
    """Escape rich markup, then turn the reply's **bold** into rich's bold."""
    out, bold = [], False
    for i, part in enumerate(escape(text).split("**")):
        if i:
            bold = not bold
        out.append(f"[bold]{part}[/bold]" if bold and part else part)
    return "".join(out)


def render(reply: Reply, console: Console) -> None:
    parts: list[RenderableType] = []
    if reply.text:
        parts.append(Text.from_markup(_markup(reply.text)))
    if reply.fields:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold cyan", no_wrap=True)
        grid.add_column()
        for name, value in reply.fields:
            grid.add_row(escape(name), Text.from_markup(_markup(value)))
        parts.append(grid)
    if reply.columns:
        table = Table(show_lines=False, header_style="bold")
        for col in reply.columns:
            table.add_column(escape(col))
        for row in reply.rows:
            table.add_row(*(escape(str(c)) for c in row))
        parts.append(table)
    if reply.sources:
        lines = Text()
        for n, s in enumerate(reply.sources[:MAX_SOURCES], 1):
            lines.append(f"[{n}] ", style="bold")
            lines.append(s.title or s.url, style="italic")
            lines.append(f"  {s.url}\n", style="dim")
            if s.quote:
                lines.append(f"    “{s.quote}”\n", style="green")
        more = len(reply.sources) - MAX_SOURCES
        if more > 0:
            lines.append(f"… and {more} more sources\n", style="dim")
        parts.append(Text("Sources", style="bold underline"))
        parts.append(lines)
    if reply.footer:
        parts.append(Text(reply.footer, style="dim"))
    style = "red" if reply.error else "blue"
    console.print(Panel(Group(*parts), title=escape(reply.title), title_align="left", border_style=style))
