"""Plain text rendering of a reply, for logs, tests and pipes: no colour, no markup, nothing dropped."""

from __future__ import annotations

from bot.render.escape import terminal_text as esc
from briefings.replies import (
    Actions,
    Fields,
    Heading,
    Image,
    Notice,
    Paragraph,
    Reply,
    Source,
    SourceList,
    Span,
    Table,
)


def _spans(spans: tuple[Span, ...]) -> str:
    out = []
    for s in spans:
        if s.kind == "link" and s.url:
            out.append(f"{esc(s.text)} <{esc(s.url)}>")
        else:
            out.append(esc(s.text))
    return "".join(out)


def source_line(n: int, s: Source, *, with_quote: bool = True) -> list[str]:
    meta = s.byline
    head = f"[{n}] {esc(s.title or s.url)}" + (f" ({esc(meta)})" if meta else "") + (f" <{s.url}>" if s.url else "")
    lines = [head]
    if with_quote and s.quote:
        lines.append(f"    “{esc(s.quote)}”")
    return lines


def _table(t: Table) -> list[str]:
    header = [c.label for c in t.columns] + (["Sources"] if any(r.sources for r in t.rows) else [])
    body = [[esc(c.text) for c in r.cells] + ([" ".join(f"[{n}]" for n in r.sources)] if len(header) > len(r.cells)
                                              else []) for r in t.rows]
    widths = [max(len(x) for x in col) for col in zip(header, *body, strict=False)]
    fmt = lambda row: " | ".join(x.ljust(w) for x, w in zip(row, widths, strict=False)).rstrip()  # noqa: E731
    return [fmt(header), "-+-".join("-" * w for w in widths), *(fmt(r) for r in body)]


def render_plain(reply: Reply) -> str:
    lines = [f"== {esc(reply.title)} =="]
    inline = reply.inline_quotes()
    for b in reply.blocks:
        if isinstance(b, Heading):
            lines.append(f"-- {esc(b.text)} --")
        elif isinstance(b, Paragraph):
            lines.append(_spans(b.spans))
        elif isinstance(b, Table):
            lines.extend(_table(b))
        elif isinstance(b, Fields):
            lines.extend(f"{esc(f.label)}: {_spans(f.value)}" for f in b.items)
        elif isinstance(b, SourceList):
            numbers = b.numbers or tuple(range(1, len(reply.sources) + 1))
            if numbers:
                lines.append("Sources:")
            for n in numbers:
                lines.extend(source_line(n, reply.sources[n - 1], with_quote=n not in inline))
        elif isinstance(b, Image):
            lines.append(f"(picture: {esc(b.alt)})")
        elif isinstance(b, Notice):
            lines.append(f"Note: {esc(b.text)}")
        elif isinstance(b, Actions):
            continue
    if reply.engine and reply.kind == "answer":
        lines.append(f"(engine: {reply.engine})")
    return "\n".join(lines) + "\n"
