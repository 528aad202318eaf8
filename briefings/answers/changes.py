"""Answers from the stance history: how an actor's stance moved ("Has Prague changed its mind?") and
when it took a stance ("When did Italy rule out sending troops?").
"""

from __future__ import annotations

import re

from sqlite_utils import Database

from briefings.answers.model import (
    Answer,
    attribution,
    display_name,
    long_date,
    quoted,
    shown_date,
    unique_sources,
)
from briefings.answers.pledges import actor_facts, category_rank, covers_residual, src
from briefings.answers.questions import Question, keep_dated
from briefings.knowledge import STATUS_VERBS, category_label, history, stance_changes
from briefings.replies import Source

# A report that tells of a change itself ("withdrawing the offer", "will not ... after all").
_CHANGE_RE = re.compile(
    r"\b(revers\w*|withdr[ae]w\w*|after all|no longer|u-?turn|drop(?:s|ped|ping)|pull(?:s|ed|ing)? (?:back|out)|"
    r"backtrack\w*|changed (?:its|their|his|her) mind|abandon\w*|scrap(?:s|ped)|turning .{0,40}\binto)\b",
    re.IGNORECASE,
)


def stance_history(db: Database, q: Question) -> Answer | None:
    """How an actor's stance moved ("Has Prague changed its mind?"): each change, before and after."""
    if not q.history:
        return None
    lines: list[str] = []
    sources: list[Source] = []
    changed_any = False
    for code in q.actors:
        rows = keep_dated(q, actor_facts(db, q, code, q.categories or None))
        hist = {cat: [c for c in cs if c.sources] for cat, cs in history(rows).items()}
        cats = sorted((c for c in hist if hist[c]), key=category_rank)
        if not q.categories:  # every category: those whose stance moved first
            cats.sort(key=lambda c: len(stance_changes(hist[c])) < 2)
        for cat in cats[:3]:
            changes = stance_changes(hist[cat])
            label = category_label(cat)
            name = display_name(code)
            if len(changes) > 1:
                changed_any = True
                path = " → ".join(f"{c.status} ({shown_date(c.date)})" for _b, c in changes)
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
                s = c.sources[0]
                lines.append(f"- {shown_date(c.date)}, {c.status}: {quoted(s.quote)}{attribution(src(s))}")
                sources.append(s)
    if not sources or not covers_residual(q, sources):
        return None
    if q.yes_no:
        lines.insert(0, "Yes." if changed_any else "No.")
    return Answer(question=q.text, answer="\n".join(lines), found=True, sources=unique_sources(sources))


def when_fact(db: Database, q: Question) -> Answer | None:
    """When an actor took a stance: the date of its claim (of the status asked, else the latest)."""
    lines: list[str] = []
    sources: list[Source] = []
    for code in q.actors:
        rows = keep_dated(q, actor_facts(db, q, code, q.categories or None))
        claims = [c for cs in history(rows).values() for c in cs if c.sources]
        if q.statuses:
            claims = [c for c in claims if c.status in q.statuses] or claims
        if not claims:
            continue
        c = max(claims, key=lambda c: (c.date, c.published))
        s = c.sources[0]
        lines.append(
            f"{'On ' + long_date(c.date) if c.date else 'Date unknown'}: {display_name(code)} {STATUS_VERBS.get(c.status, c.status)} "
            f"{category_label(c.category)}."
        )
        lines.append(f"{quoted(s.quote)}{attribution(src(s))}")
        sources.append(s)
    if not sources or not covers_residual(q, sources):
        return None
    return Answer(question=q.text, answer="\n".join(lines), found=True, sources=unique_sources(sources))
