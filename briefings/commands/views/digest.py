"""``/digest``: what changed in a window, grouped, each item with its numbered source."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from briefings.answers.model import long_date
from briefings.commands.views.common import source_from
from briefings.digest import GROUP_KINDS, GROUP_LABELS, build_digest, item_head
from briefings.replies import Heading, Notice, Paragraph, Reply, SourceBook, SourceList, Span
from briefings.replies.blocks import Block
from briefings.replies.payloads import DigestPayload


def digest(db: Database, since: datetime, until: datetime | None = None) -> Reply:
    d = build_digest(db, since, until)
    payload = DigestPayload(since=d.since, until=d.until, text=d.text, items=tuple(d.items))
    if not d.items:
        return Reply(kind="digest", title="Digest", blocks=[Paragraph.of(d.text)], payload=payload)
    book = SourceBook()
    blocks: list[Block] = [Paragraph.of(f"What changed between {long_date(d.since)} and {long_date(d.until)}:")]
    for label, kinds in zip(GROUP_LABELS, GROUP_KINDS, strict=True):
        group = [i for i in d.items if i["kind"] in kinds]
        if not group:
            continue
        blocks.append(Heading(label, level=3))
        for item in group:
            n = book.cite(source_from(item))
            blocks.append(Paragraph((Span(item_head(item) + ": "), Span(f"“{item.get('quote') or ''}”"),
                                     Span(" "), Span.source(n))))
    if d.repeated:
        blocks.append(Notice("info", f"{d.repeated} further report{'s' if d.repeated != 1 else ''} repeated "
                                     "stances already on record."))
    blocks.append(SourceList())
    return Reply(kind="digest", title="Digest", blocks=blocks, sources=book.sources, payload=payload)
