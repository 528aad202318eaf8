"""Answers with numbers: amounts of money an actor announced, and the sizes discussed for the force
(figures first; the table's contribution sizes only when no figure is about the whole force).
"""

from __future__ import annotations

import re
from typing import Any

from sqlite_utils import Database

from briefings.answers import lexicon as lx
from briefings.answers import retrieve as rt
from briefings.answers.model import Answer, attribution, quoted, shown_date, source_of, unique_sources
from briefings.answers.passages import MONEY_RE
from briefings.answers.pledges import actor_facts, list_table, once, summary_line
from briefings.answers.questions import Question, date_match, keep_dated
from briefings.answers.stem import stems
from briefings.extract import name_of
from briefings.knowledge import category_label, fmt_int
from briefings.replies import Source


def money(db: Database, q: Question) -> Answer | None:
    """Amounts an actor announced, best matching the question's words, latest first."""
    lines: list[str] = []
    sources: list[Source] = []
    want = set(q.content_stems)
    for code in q.actors:
        rows = keep_dated(q, [r for r in actor_facts(db, q, code) if r.get("amount")])
        if not rows:
            rows = [{**f, "amount": _amount_text(f), "category": "funding", "status": "committed"}
                    for f in rt.figures_for(db, ["amount", "money"], proposer=code, limit=50)]
            rows = keep_dated(q, [r for r in rows if r["amount"]])
        if not rows:
            continue
        rows.sort(
            key=lambda r: (
                date_match(q, r.get("date"), r.get("quote") or "") >= 0,
                len(want & set(stems(r.get("quote") or ""))),
                r.get("date") or "",
            ),
            reverse=True,
        )
        best = rows[0]
        name = name_of(code)
        lines.append(
            f"{name}: {best['amount']} — {category_label(best['category'])} ({best['status']}, "
            f"{shown_date(best.get('date'))})."
        )
        lines.append(f"{quoted(best['quote'])}{attribution(best)}")
        sources.append(source_of(best))
        for r in rows[1:3]:
            if r["amount"] != best["amount"]:
                lines.append(f"Also: {r['amount']} — {quoted(r['quote'])}")
                sources.append(source_of(r))
    if not sources:
        return None
    return Answer(question=q.text, answer="\n".join(lines), found=True, sources=unique_sources(sources))


def _amount_text(f: dict[str, Any]) -> str | None:
    """An amount as its quote writes it ("1.6 billion pounds"), else None."""
    m = MONEY_RE.search(f.get("quote") or "")
    return m.group(0).strip() if m else None


def _figure_text(f: dict[str, Any]) -> str:
    if f.get("low") and f.get("high") and f["low"] != f["high"]:
        num = f"{fmt_int(f['low'])}–{fmt_int(f['high'])}"
    else:
        num = fmt_int(int(f["value"]))
    qual = (f.get("qualifier") or "").strip()
    if qual and re.search(rf"\b(no|not)\s+{re.escape(qual)}\b", f.get("quote") or "", re.IGNORECASE):
        qual = f"no {qual}"  # "no more than 15,000": the quote's own words, not their opposite
    return f"{qual} {num}".strip()


_FORCE_KINDS = ("force_size", "size", "troops")
_TROOP_NOUN_RE = re.compile(r"\b(troops|soldiers|personnel|peacekeepers|effectives|servicem[ae]n|strong)\b", re.I)
# Words of a size question that every figure's sentence could carry: they pick no figure.
_SIZE_FRAME = frozenset(stems("how many much large big size sized number total strong troops soldiers force forces be"))


def _whole_force(f: dict[str, Any]) -> bool:
    """A figure for the whole force: a force size, or a large head count that no country proposes."""
    if f.get("kind") in _FORCE_KINDS:
        return True
    return not f.get("proposer_code") and int(f.get("value") or 0) >= 5000 and bool(_TROOP_NOUN_RE.search(f["quote"]))


def sizes(db: Database, q: Question) -> Answer | None:
    """Force sizes discussed (figures), the one whose sentence best carries the question's words first
    ("in its first phase", "planners say a credible force needs"); sizes in the table only without them."""
    figures = once(q, ("figures", "sizes"), lambda: rt.figures_for(db, [*_FORCE_KINDS, "contribution_size"]))
    figs = [f for f in keep_dated(q, figures) if _whole_force(f)]
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for f in figs:
        groups.setdefault((f.get("low"), f.get("high"), f["value"]), []).append(f)
    want = set(q.content_stems) - _SIZE_FRAME - {s for w in lx.GENERIC_WORDS for s in stems(w)}

    def overlap(g: list[dict[str, Any]]) -> int:
        return max(len(want & set(stems(x["quote"]))) for x in g)

    ranked = sorted(
        groups.values(),
        key=lambda g: (overlap(g), any(x.get("kind") in _FORCE_KINDS for x in g),
                       len({x["article_id"] for x in g}), max(x.get("date") or "" for x in g)),
        reverse=True,
    )
    if q.actors:  # "How large should the force be, according to Germany?": that actor's figures only
        ranked = [g for g in ranked if any(x.get("proposer_code") in q.actors or
                                           rt.mention_codes(x["quote"]) & set(q.actors) for x in g)]
        if not ranked:
            return None
    lines: list[str] = []
    sources: list[Source] = []
    for i, group in enumerate(ranked[:4]):
        f = max(group, key=lambda x: (len(want & set(stems(x["quote"]))), x.get("date") or ""))
        who = f" (proposed by {name_of(f['proposer_code'])})" if f.get("proposer_code") else ""
        line = f"{_figure_text(f)} troops{who}, {shown_date(f.get('date'))}: {quoted(f['quote'])}{attribution(f)}"
        if i == 0 and overlap(group) > 0:
            lines.append(f"{line[0].upper()}{line[1:]}")
            if len(ranked) > 1:
                lines.append("Other sizes discussed:")
        else:
            if i == 0:
                lines.append("Sizes discussed for the force:")
            lines.append(f"- {line}")
        sources.append(source_of(f))
    if not ranked:
        table = [p for p in list_table(db, "ground_troops", q) if p.size or p.size_range]
        if table:
            lines.append("No size is reported for the whole force; the contributions with a size:")
        for p in table[:6]:
            lines.append(f"- {summary_line(p)}")
            if p.sources:
                sources.append(p.sources[0])
    if not sources:
        return None
    return Answer(question=q.text, answer="\n".join(lines), found=True, sources=unique_sources(sources))
