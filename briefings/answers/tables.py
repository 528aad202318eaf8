"""Answers from the pledge table and its history: an actor's stance, lists of countries, what else an
actor offers, amounts of money, and force sizes.

Each function returns an :class:`Answer` when the structured data answers the question, else None
(the caller then falls back to sentences).
"""

from __future__ import annotations

import re
from typing import Any

from sqlite_utils import Database

from briefings.answers import lexicon as lx
from briefings.answers import retrieve as rt
from briefings.answers.model import (
    Answer,
    attribution,
    display_name,
    join_names,
    long_date,
    quoted,
    source_of,
    unique_sources,
)
from briefings.answers.passages import MONEY_RE
from briefings.answers.questions import Question, date_match, has_date, keep_dated
from briefings.answers.stem import stems
from briefings.extract import name_of
from briefings.knowledge import (
    STATUS_VERBS,
    Claim,
    Pledge,
    build_table,
    category_label,
    fmt_int,
    history,
    stance_changes,
)
from briefings.replies import Source
from storage.knowledge import sentences_of

_CATEGORY_ORDER = [
    "ground_troops", "air", "maritime", "logistics", "intelligence", "training", "funding", "equipment",
    "humanitarian",
]
_STATUS_WORDS = {"committed": "committed", "considering": "considering", "declined": "declined"}
_NOT_COUNTRIES = {"EU", "NATO", "UA", "RU", "BY"}
_STATUS_ORDER = {"committed": 0, "considering": 1, "declined": 2}
# A report that tells of a change itself ("withdrawing the offer", "will not ... after all").
_CHANGE_RE = re.compile(
    r"\b(revers\w*|withdr[ae]w\w*|after all|no longer|u-?turn|drop(?:s|ped|ping)|pull(?:s|ed|ing)? (?:back|out)|"
    r"backtrack\w*|changed (?:its|their|his|her) mind|abandon\w*|scrap(?:s|ped)|turning .{0,40}\binto)\b",
    re.IGNORECASE,
)


def _facts(db: Database, q: Question, code: str, categories: list[str] | None = None) -> list[dict[str, Any]]:
    """An actor's facts, read once for both of the engine's passes."""
    key = ("actor_facts", code, tuple(categories or ()))
    if key not in q.memo:
        q.memo[key] = rt.actor_facts(db, code, categories)
    rows: list[dict[str, Any]] = q.memo[key]
    return rows


def _src(s: Source) -> dict[str, Any]:
    return {"outlet": s.outlet, "published": s.published}


def _size_text(p: Pledge) -> str:
    if p.size_range:
        return f", {fmt_int(p.size_range[0])}–{fmt_int(p.size_range[1])} personnel (sources differ)"
    if p.size:
        return f", {fmt_int(p.size)} personnel"
    return ""


def summary_line(p: Pledge) -> str:
    """ "Italy: declined — ground troops (as of 2025-03-27)" """
    amount = f", {p.amount}" if p.amount else ""
    when = f" (as of {p.date})" if p.date else ""
    return f"{p.country}: {_STATUS_WORDS.get(p.status, p.status)} — {category_label(p.category)}{_size_text(p)}{amount}{when}"


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
        lines.append(f"{quoted(s.quote)}{attribution(_src(s))}")
        sources.append(s)
    before = _earlier(claims, p)
    if before is not None:
        s = before.sources[0]
        lines.append(f"Earlier ({long_date(before.date)}): {before.status} — {quoted(s.quote)}")
        sources.append(s)
    return lines, sources


def stance(db: Database, q: Question) -> Answer | None:
    """An actor's current stance (per category asked, or all), with its latest quote and history."""
    lines: list[str] = []
    sources: list[Source] = []
    missing: list[str] = []
    for code in q.actors:
        rows = keep_dated(q, _facts(db, q, code, q.categories or None))
        if not rows:
            missing.append(code)
            continue
        table = build_table(rows)
        if q.quantity:  # a number is asked for: only rows that report one answer it
            table = [p for p in table if p.size or p.size_range or p.amount]
        table.sort(key=lambda p: _CATEGORY_ORDER.index(p.category) if p.category in _CATEGORY_ORDER else 99)
        if q.role and not q.categories:  # "what role will X play": what it offers first, then what it refuses
            table.sort(key=lambda p: _STATUS_ORDER.get(p.status, 9))
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
                    more[1] = f"{quoted(stated.quote)}{attribution(_src(stated))}"
                    srcs[0] = stated
            lines.extend(more)
            sources.extend(srcs)
    if not sources or not _covers_residual(q, sources):
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


_ALL_CATEGORY_STEMS = frozenset(
    {s for vocab in lx.CATEGORY_WORDS.values() for s in stems(vocab)}
    | {s for phrase in lx.CATEGORY_PHRASES for s in stems(phrase)}
)


STATUS_STEMS = frozenset(s for phrase, _status in lx.STATUS_PHRASES for s in stems(phrase)) | frozenset(
    stems("agree agreed refuse refused reject decline declined rule ruled willing unwilling ready open")
)


def residual_keys(q: Question) -> set[str]:
    """The question's key words beyond actors, categories and stance words ("resume", "procurement")."""
    return set(q.key_stems) - _ALL_CATEGORY_STEMS - STATUS_STEMS


def _covers_residual(q: Question, sources: list[Source]) -> bool:
    """The question's own words beyond actor and category ("resume ... sharing") appear in the quotes."""
    residual = residual_keys(q)
    if not residual:
        return True
    got = residual & set().union(*(set(stems(s.quote)) for s in sources))
    return len(got) * 2 >= len(residual)


def stance_history(db: Database, q: Question) -> Answer | None:
    """How an actor's stance moved ("Has Prague changed its mind?"): each change, before and after."""
    if not q.history:
        return None
    lines: list[str] = []
    sources: list[Source] = []
    changed_any = False
    for code in q.actors:
        rows = keep_dated(q, _facts(db, q, code, q.categories or None))
        hist = {cat: [c for c in cs if c.sources] for cat, cs in history(rows).items()}
        cats = sorted((c for c in hist if hist[c]), key=lambda c: _CATEGORY_ORDER.index(c) if c in _CATEGORY_ORDER else 99)
        if not q.categories:  # every category: those whose stance moved first
            cats.sort(key=lambda c: len(stance_changes(hist[c])) < 2)
        for cat in cats[:3]:
            changes = stance_changes(hist[cat])
            label = category_label(cat)
            name = display_name(code)
            if len(changes) > 1:
                changed_any = True
                path = " → ".join(f"{c.status} ({long_date(c.date)})" for _b, c in changes)
                lines.append(f"{name[0].upper()}{name[1:]} changed its stance on {label}: {path}.")
            else:
                first, last = hist[cat][0], hist[cat][-1]
                verb = STATUS_VERBS.get(last.status, last.status)
                since = f" since {long_date(first.date)}" if first.date else ""
                lines.append(f"No change reported: {name} {verb} {label} in every report{since}.")
            told = next((c for c in reversed(hist[cat]) if any(_CHANGE_RE.search(x.quote) for x in c.sources)), None)
            if len(changes) == 1 and told is not None:  # one stance on record, but its report tells of a change
                changed_any = True
                lines[-1] = f"The report itself describes a change: {name} now {verb} {label}."
            ends = [hist[cat][0], hist[cat][-1]] if hist[cat][0] is not hist[cat][-1] else [hist[cat][-1]]
            shown = [c for _b, c in changes][-3:] if len(changes) > 1 else ends
            for c in shown:
                src = c.sources[0]
                lines.append(f"- {long_date(c.date)}, {c.status}: {quoted(src.quote)}{attribution(_src(src))}")
                sources.append(src)
    if not sources or not _covers_residual(q, sources):
        return None
    if q.yes_no:
        lines.insert(0, "Yes." if changed_any else "No.")
    return Answer(question=q.text, answer="\n".join(lines), found=True, sources=unique_sources(sources))


def when_fact(db: Database, q: Question) -> Answer | None:
    """When an actor took a stance: the date of its claim (of the status asked, else the latest)."""
    lines: list[str] = []
    sources: list[Source] = []
    for code in q.actors:
        rows = keep_dated(q, _facts(db, q, code, q.categories or None))
        claims = [c for cs in history(rows).values() for c in cs if c.sources]
        if q.statuses:
            claims = [c for c in claims if c.status in q.statuses] or claims
        if not claims:
            continue
        c = max(claims, key=lambda c: (c.date, c.published))
        s = c.sources[0]
        lines.append(
            f"On {long_date(c.date)}: {display_name(code)} {STATUS_VERBS.get(c.status, c.status)} "
            f"{category_label(c.category)}."
        )
        lines.append(f"{quoted(s.quote)}{attribution(_src(s))}")
        sources.append(s)
    if not sources or not _covers_residual(q, sources):
        return None
    return Answer(question=q.text, answer="\n".join(lines), found=True, sources=unique_sources(sources))


def _list_table(db: Database, category: str, q: Question | None = None) -> list[Pledge]:
    if q is None:
        rows = rt.category_rows(db, category)
    else:
        key = ("category_rows", category)
        if key not in q.memo:
            q.memo[key] = rt.category_rows(db, category)
        rows = keep_dated(q, q.memo[key])
    return [p for p in build_table(rows) if p.country_code not in _NOT_COUNTRIES]


def country_list(db: Database, q: Question) -> Answer | None:
    """Which countries have a status on a category ("Which countries ruled out sending troops?")."""
    if has_date(q) and not q.strict_date:
        return None  # "in March 2025": only stances dated then (the strict pass) answer, not today's table
    cats = q.categories or ["ground_troops"]
    statuses = q.statuses or ["committed"]
    lines: list[str] = []
    sources: list[Source] = []
    for cat in cats[:2]:
        table = _list_table(db, cat, q)
        picked = [p for p in table if p.status in statuses]
        if not picked:
            continue
        picked.sort(key=lambda p: (p.date or "", p.country), reverse=True)
        label = category_label(cat)
        names = sorted(p.country for p in picked)
        one = len(names) == 1
        verb = {
            "committed": "is ready to contribute" if one else "are ready to contribute",
            "considering": "is considering" if one else "are considering",
            "declined": "has ruled out" if one else "have ruled out",
        }
        head = " / ".join(verb[s] for s in statuses)
        lines.append(f"{len(names)} {'country' if one else 'countries'} {head} {label}: {join_names(names)}.")
        for p in picked[:10]:
            if p.sources:
                s = p.sources[0]
                lines.append(f"- {p.country} ({p.status}, {long_date(p.date)}): {quoted(s.quote)}")
                sources.append(s)
        if statuses == ["committed"]:
            others = sorted(p.country for p in table if p.status == "considering")
            if others:
                lines.append(f"Still considering: {join_names(others)}.")
    if not sources:
        return None
    return Answer(question=q.text, answer="\n".join(lines), found=True, sources=unique_sources(sources, 12))


def instead(db: Database, q: Question) -> Answer | None:
    """What an actor offers besides (or instead of) the excluded category."""
    lines: list[str] = []
    sources: list[Source] = []
    excluded = set(q.excluded or ["ground_troops"])
    for code in q.actors:
        table = build_table(keep_dated(q, _facts(db, q, code)))
        other = [p for p in table if p.category not in excluded and (not q.categories or p.category in q.categories)]
        offered = [p for p in other if p.status != "declined"] or other
        if not offered:
            continue
        refused = False
        for p in table:
            if p.category in excluded:
                lines.append(summary_line(p) + ".")
                refused = refused or p.status == "declined"
        offered.sort(key=lambda p: _CATEGORY_ORDER.index(p.category) if p.category in _CATEGORY_ORDER else 99)
        labels = [category_label(p.category) for p in offered]
        how = "instead" if refused else "besides"
        lines.append(f"{display_name(code)} offers {join_names(labels)} {how}:")
        by_quote: dict[str, list[Pledge]] = {}
        for p in offered[:6]:
            if p.sources:
                by_quote.setdefault(p.sources[0].quote, []).append(p)
        for quote, group in by_quote.items():
            cats = ", ".join(f"{category_label(p.category)} ({p.status})" for p in group)
            lines.append(f"- {cats}: {quoted(quote)}")
            sources.append(group[0].sources[0])
    if not sources:
        return None
    return Answer(question=q.text, answer="\n".join(lines), found=True, sources=unique_sources(sources))


def money(db: Database, q: Question) -> Answer | None:
    """Amounts an actor announced, best matching the question's words, latest first."""
    lines: list[str] = []
    sources: list[Source] = []
    want = set(q.content_stems)
    for code in q.actors:
        rows = keep_dated(q, [r for r in _facts(db, q, code) if r.get("amount")])
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
            f"{long_date(best.get('date'))})."
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
    key = ("figures", "sizes")
    if key not in q.memo:
        q.memo[key] = rt.figures_for(db, [*_FORCE_KINDS, "contribution_size"])
    figs = [f for f in keep_dated(q, q.memo[key]) if _whole_force(f)]
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
        line = f"{_figure_text(f)} troops{who}, {long_date(f.get('date'))}: {quoted(f['quote'])}{attribution(f)}"
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
        table = [p for p in _list_table(db, "ground_troops", q) if p.size or p.size_range]
        if table:
            lines.append("No size is reported for the whole force; the contributions with a size:")
        for p in table[:6]:
            lines.append(f"- {summary_line(p)}")
            if p.sources:
                sources.append(p.sources[0])
    if not sources:
        return None
    return Answer(question=q.text, answer="\n".join(lines), found=True, sources=unique_sources(sources))
