"""Answers that list from the pledge table: which countries hold a stance on a category ("Which
countries ruled out sending troops?"), and what an actor offers besides (or instead of) a category.
"""

from __future__ import annotations

from sqlite_utils import Database

from briefings.answers.model import Answer, display_name, join_names, quoted, shown_date, unique_sources
from briefings.answers.pledges import actor_facts, category_rank, list_table, summary_line
from briefings.answers.questions import Question, has_date, keep_dated
from briefings.knowledge import Pledge, build_table, category_label
from briefings.replies import Source


def country_list(db: Database, q: Question) -> Answer | None:
    """Which countries have a status on a category ("Which countries ruled out sending troops?")."""
    if has_date(q) and not q.strict_date:
        return None  # "in March 2025": only stances dated then (the strict pass) answer, not today's table
    cats = q.categories or ["ground_troops"]
    statuses = q.statuses or ["committed"]
    lines: list[str] = []
    sources: list[Source] = []
    for cat in cats[:2]:
        table = list_table(db, cat, q)
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
                lines.append(f"- {p.country} ({p.status}, {shown_date(p.date)}): {quoted(s.quote)}")
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
        table = build_table(keep_dated(q, actor_facts(db, q, code)))
        other = [p for p in table if p.category not in excluded and (not q.categories or p.category in q.categories)]
        offered = [p for p in other if p.status != "declined"] or other
        if not offered:
            continue
        refused = False
        for p in table:
            if p.category in excluded:
                lines.append(summary_line(p) + ".")
                refused = refused or p.status == "declined"
        offered.sort(key=lambda p: category_rank(p.category))
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
