"""An actor's current stance from the pledge table: per category asked (or all), with a verdict for a
yes/no question, the latest quote (the one stating the number when a number is asked) and the earlier
stance it replaced.
"""

from __future__ import annotations

import re
from typing import Any

from sqlite_utils import Database

from briefings.answers.model import Answer, attribution, quoted, shown_date, source_of, unique_sources
from briefings.answers.pledges import (
    STATUS_ORDER,
    actor_facts,
    category_rank,
    covers_residual,
    residual_keys,
    src,
    summary_line,
)
from briefings.answers.questions import Question, keep_dated
from briefings.answers.stem import stems
from briefings.extract import name_of
from briefings.knowledge import Claim, Pledge, build_table, fmt_int, history
from briefings.replies import Source
from storage.knowledge import sentences_of


def _verdict(q: Question, status: str) -> str:
    if not q.yes_no:
        return ""
    if status == "considering":
        return "Not decided yet. "
    yes = status == "committed"
    if q.negative:
        yes = not yes
    return "Yes. " if yes else "No. "


def _earlier(claims: list[Claim], current: Pledge) -> Claim | None:
    for c in reversed(claims):
        if c.status != current.status and c.sources:
            return c
    return None


def _pledge_lines(p: Pledge, claims: list[Claim], *, numbers: bool = False) -> tuple[list[str], list[Source]]:
    lines = [summary_line(p) + "."]
    sources: list[Source] = []
    if p.sources:
        s = p.sources[0]
        if numbers:  # the quote that states the number, when another one is the latest
            older = [x for c in reversed(claims) if c.status == p.status for x in c.sources]
            size = fmt_int(p.size) if p.size else None
            s = next(
                (x for x in [*p.sources, *older] if (size and size in x.quote) or (not size and re.search(r"\d", x.quote))),
                s,
            )
        lines.append(f"{quoted(s.quote)}{attribution(src(s))}")
        sources.append(s)
    before = _earlier(claims, p)
    if before is not None:
        s = before.sources[0]
        lines.append(f"Earlier ({shown_date(before.date)}): {before.status} — {quoted(s.quote)}")
        sources.append(s)
    return lines, sources


def stance(db: Database, q: Question) -> Answer | None:
    """An actor's current stance (per category asked, or all), with its latest quote and history."""
    lines: list[str] = []
    sources: list[Source] = []
    missing: list[str] = []
    for code in q.actors:
        rows = keep_dated(q, actor_facts(db, q, code, q.categories or None))
        if not rows:
            missing.append(code)
            continue
        table = build_table(rows)
        if q.quantity:  # a number is asked for: only rows that report one answer it
            table = [p for p in table if p.size or p.size_range or p.amount]
        table.sort(key=lambda p: category_rank(p.category))
        if q.role and not q.categories:  # "what role will X play": what it offers first, then what it refuses
            table.sort(key=lambda p: STATUS_ORDER.get(p.status, 9))
        hist = history(rows)
        residual = residual_keys(q)
        covering = [p for p in table if residual & set(stems(" ".join(s.quote for s in p.sources)))]
        shown = (covering or table)[:4]
        if len(q.actors) == 1 and len(shown) == 1:
            lines.append(_verdict(q, shown[0].status).strip())
        q.memo.setdefault("shown", []).extend(shown)
        for p in shown:
            more, srcs = _pledge_lines(p, hist.get(p.category, []), numbers=q.quantity)
            if q.quantity and p.size and srcs and not _states(srcs[0].quote, p.size):
                stated = _sentence_stating(db, rows, p)
                if stated is not None:  # the fact's quote leans on the sentence that gives the number
                    more[1] = f"{quoted(stated.quote)}{attribution(src(stated))}"
                    srcs[0] = stated
            lines.extend(more)
            sources.extend(srcs)
    if not sources or not covers_residual(q, sources):
        return None
    for code in missing:
        lines.append(f"I have nothing on {name_of(code)} on that in the articles I follow.")
    text = "\n".join(x for x in lines if x)
    return Answer(question=q.text, answer=text, found=True, sources=unique_sources(sources))


def _states(text: str, number: int) -> bool:
    return fmt_int(number) in text or str(number) in text


def _sentence_stating(db: Database, rows: list[dict[str, Any]], p: Pledge) -> Source | None:
    """A sentence of the fact's own article that states its size ("a battalion of about 800 soldiers")."""
    for r in rows:
        if r.get("category") != p.category or r.get("size") != p.size or not r.get("article_id"):
            continue
        for sent in sentences_of(db, r["article_id"]):
            if _states(sent.get("text") or "", p.size or 0):
                return source_of(r, sent["text"])
    return None
