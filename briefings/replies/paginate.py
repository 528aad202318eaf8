"""The one paginator every renderer uses: a reply cut into pages that each fit a platform's limits.

A renderer states its limits (display characters, table rows, blocks per page) and gets pages back;
nothing is dropped. Tables split between rows (each page repeats the columns), fields between
items, an over-long paragraph between sentences (or words, for a sentence longer than a page). Each
page lists the sources its own blocks cite, under their reply-wide numbers, and when there is more
than one page each says "Page i of n" and carries previous/next actions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from briefings.replies.blocks import (
    Action,
    Actions,
    Block,
    Fields,
    Notice,
    Paragraph,
    SourceList,
    Span,
    Table,
)
from briefings.replies.model import Reply, Source

_SENTENCE_END = re.compile(r"(?<=[.!?…”])\s+")
PAGE_NOTICE_COST = 24


@dataclass(frozen=True, slots=True)
class Limits:
    max_chars: int | None = None  # display characters per page
    max_rows: int | None = None  # table rows per page
    max_blocks: int | None = None  # blocks per page (a platform's component count)


def source_cost(s: Source) -> int:
    return len(s.title) + len(s.url) + len(s.quote) + len(s.outlet or "") + len(s.published or "") + 16


def _block_cost(b: Block, page: list[Block]) -> int:
    prev = page[-1] if page else None
    if isinstance(b, Table) and isinstance(prev, Table) and prev.columns == b.columns:
        return sum(r.cost() for r in b.rows)  # another row of the table already on the page
    return b.cost()


def _refs(b: Block) -> tuple[int, ...]:
    if isinstance(b, Paragraph | Table | Fields):
        return b.refs
    return ()


def _split_paragraph(p: Paragraph, budget: int) -> list[Paragraph]:
    """Cut a paragraph at sentence ends (then spaces) so each piece costs at most ``budget``."""
    pieces: list[list[Span]] = [[]]
    size = 0
    for span in p.spans:
        parts = [span] if span.kind != "text" else [Span(t) for t in _pieces(span.text, budget)]
        for part in parts:
            if size + len(part.text) > budget and pieces[-1]:
                pieces.append([])
                size = 0
            pieces[-1].append(part)
            size += len(part.text)
    return [Paragraph(tuple(x)) for x in pieces if x]


def _pieces(text: str, budget: int) -> list[str]:
    out: list[str] = []
    for sentence in re.split(r"(?<=[.!?…”])(?=\s)", text):
        while len(sentence) > budget:  # a sentence longer than a page: cut at the last space that fits
            cut = sentence.rfind(" ", 0, budget)
            cut = cut if cut > 0 else budget
            out.append(sentence[:cut])
            sentence = sentence[cut:]
        if sentence:
            out.append(sentence)
    return out


def _units(blocks: Sequence[Block], limits: Limits, budget: int) -> list[Block]:
    """Blocks broken into the smallest pieces that may start a new page."""
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Table) and b.rows:
            out.extend(replace(b, rows=(r,)) for r in b.rows)
        elif isinstance(b, Fields) and len(b.items) > 1:
            out.extend(Fields((f,)) for f in b.items)
        elif isinstance(b, Paragraph) and b.cost() > budget:
            out.extend(_split_paragraph(b, budget))
        else:
            out.append(b)
    return out


def _merge(blocks: list[Block]) -> list[Block]:
    """Neighbouring pieces of one table (or one field list) joined back on a page."""
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if isinstance(b, Table) and isinstance(prev, Table) and prev.columns == b.columns and prev.caption == b.caption:
            out[-1] = replace(prev, rows=prev.rows + b.rows)
        elif isinstance(b, Fields) and isinstance(prev, Fields):
            out[-1] = Fields(prev.items + b.items)
        else:
            out.append(b)
    return out


def paginate(reply: Reply, limits: Limits) -> list[Reply]:
    """``reply`` as pages within ``limits`` (one page when it fits, or when there are no limits)."""
    has_list = any(isinstance(b, SourceList) for b in reply.blocks)
    content = [b for b in reply.blocks if not isinstance(b, SourceList | Actions)]
    actions = [b for b in reply.blocks if isinstance(b, Actions)]
    budget = (limits.max_chars or 10**9) - PAGE_NOTICE_COST
    units = _units(content, limits, max(budget // 2, 200))
    pages: list[list[Block]] = [[]]
    cost = 0
    refs: set[int] = set()
    for u in units:
        new_refs = set(_refs(u)) - refs
        extra = _block_cost(u, pages[-1]) + (sum(source_cost(reply.sources[n - 1]) for n in new_refs
                                      if 0 < n <= len(reply.sources)) if has_list else 0)
        rows_full = (limits.max_rows is not None and isinstance(u, Table)
                     and sum(len(b.rows) for b in pages[-1] if isinstance(b, Table)) + len(u.rows) > limits.max_rows)
        blocks_full = limits.max_blocks is not None and len(_merge([*pages[-1], u])) + 2 > limits.max_blocks
        if pages[-1] and (cost + extra > budget or rows_full or blocks_full):
            pages.append([])
            cost, refs = 0, set()
            new_refs = set(_refs(u))
            extra = _block_cost(u, []) + (sum(source_cost(reply.sources[n - 1]) for n in new_refs
                                          if 0 < n <= len(reply.sources)) if has_list else 0)
        pages[-1].append(u)
        cost += extra
        refs |= new_refs
    cited_anywhere = {n for p in pages for u in p for n in _refs(u)}
    uncited = tuple(n for n in range(1, len(reply.sources) + 1) if n not in cited_anywhere)
    out: list[Reply] = []
    total = len(pages)
    for i, page in enumerate(pages, 1):
        blocks = _merge(page)
        if has_list:
            numbers = sorted({n for u in page for n in _refs(u)} | (set(uncited) if i == total else set()))
            if numbers:
                blocks.append(SourceList(tuple(numbers)))
        if total > 1:
            blocks.append(Notice("page", f"Page {i} of {total}"))
            nav = [Action("page_prev", "Previous", str(i - 1))] if i > 1 else []
            nav += [Action("page_next", "Next", str(i + 1))] if i < total else []
            blocks.append(Actions(tuple(nav) + tuple(a for b in actions for a in b.items)))
        else:
            blocks.extend(actions)
        out.append(replace(reply, blocks=blocks))
    return out


__all__ = ["Limits", "paginate", "source_cost"]
