"""Recency: a report newer than the table's latest entry on an actor and category.

The table holds the latest *extracted* stance. When a later article reports a step the extraction
did not record ("parliament approved sending a contingent of 180" in an article that names the
government only in another sentence), the stance answer must not present the older stance as
today's: the newer sentence leads the answer, with its own verdict, and the table's entry follows.

A newer sentence counts only when it is about the actor (it names the actor and no other government,
or it names no government in an article whose only government is the actor), speaks of the
category (its words), carries a stance of its own (not only "send"), and differs from the table.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from briefings.answers import lexicon as lx
from briefings.answers import retrieve as rt
from briefings.answers.model import (
    Answer,
    attribution,
    display_name,
    quoted,
    shown_date,
    source_of,
    unique_sources,
)
from briefings.answers.questions import Question, stance_cues
from briefings.answers.stem import stems
from briefings.knowledge import Pledge, category_label

NOT_ACTORS = frozenset({"UA", "EU", "NATO", "UN"})
_VERDICTS = ("Yes.", "No.", "Not decided yet.")
_MAX_ARTICLES = 8


def _category_stems(category: str) -> set[str]:
    vocab = lx.CATEGORY_WORDS.get(category, "") + " " + " ".join(p for p, c in lx.CATEGORY_PHRASES.items() if c == category)
    drop = " ".join([*lx.WEAK_CATEGORY_WORDS, *lx.STOP_WORDS, "force forces set"])
    return set(stems(vocab)) - set(stems(drop))


def newer_report(db: Database, q: Question, code: str, shown: list[Pledge]) -> tuple[dict[str, Any], str, str | None] | None:
    """(sentence row, its status, the sentence that names the actor when another one) newer than the table."""
    rows = [p for p in shown if p.country_code == code and p.date]
    if not rows:
        return None
    oldest = min(p.date for p in rows)
    named = rt.search(db, rt.fts_or(rt.aliases(code)), limit=60, ranked=False)
    article_ids = [r["article_id"] for r in named if (r.get("date") or "")[:10] > oldest][: _MAX_ARTICLES * 4]
    article_ids = list(dict.fromkeys(article_ids))[:_MAX_ARTICLES]
    if not article_ids:
        return None
    # A sentence the extraction already read as a fact (of any category) is no missed stance.
    extracted = {r["quote"] for r in rt.article_fact_quotes(db, article_ids)}
    by_article: dict[int, list[dict[str, Any]]] = {}
    for s in rt.article_sentences(db, article_ids):
        by_article.setdefault(s["article_id"], []).append(s)
    best: tuple[tuple[str, int], dict[str, Any], str, str | None] | None = None
    for sents in by_article.values():
        codes = [rt.mention_codes(s.get("text") or "") - NOT_ACTORS for s in sents]
        title_codes = rt.mention_codes(sents[0].get("article_title") or "") - NOT_ACTORS
        governments = set().union(title_codes, *codes)
        lead = next((s["text"] for s, c in zip(sents, codes, strict=True) if c == {code}), None)
        for s, c in zip(sents, codes, strict=True):
            day = (s.get("date") or s.get("published") or "")[:10]
            if c != {code} and not (not c and governments == {code}):
                continue
            text = s.get("text") or ""
            if text in extracted:
                continue
            sst = set(stems(text))
            for p in rows:
                if day <= p.date or not sst & _category_stems(p.category) or any(x.quote == text for x in p.sources):
                    continue
                cues = [x for x in stance_cues(text) if x != "modal"]
                if not cues or cues[0] == p.status:
                    continue
                key = (day, s.get("position") or 0)
                if best is None or key > best[0]:
                    best = (key, s, cues[0], None if c else lead)
    if best is None:
        return None
    return best[1], best[2], best[3]


def amend(db: Database, q: Question, answer: Answer) -> Answer:
    """The stance answer led by a newer report on the same actor and category, when there is one."""
    shown: list[Pledge] = q.memo.get("shown", [])
    if len(q.actors) != 1 or not shown or q.strict_date:
        return answer
    code = q.actors[0]
    found = newer_report(db, q, code, shown)
    if found is None:
        return answer
    row, status, lead = found
    day = shown_date(row.get("date") or row.get("published"))
    lines = answer.answer.split("\n")
    verdict = ""
    if lines and lines[0] in _VERDICTS:
        lines = lines[1:]
        verdict = {"committed": "Yes" if not q.negative else "No", "declined": "No" if not q.negative else "Yes"}.get(
            status, "Not decided yet"
        )
        verdict += ", by the newest report. "
    cats = ", ".join(sorted({category_label(p.category) for p in shown if p.country_code == code}))
    head = f"{verdict}A newer report ({day}) than my table's entry for {display_name(code)} on {cats} says: {status}."
    out = [head, f"{quoted(row['text'])}{attribution(row)}"]
    if lead:
        out.append(f"(The article names {display_name(code)} here: {quoted(lead)})")
    out.append("Before that:")
    out.extend(lines)
    sources = unique_sources([source_of(row, row["text"]), *answer.sources])
    return Answer(question=answer.question, answer="\n".join(out), found=True, sources=sources)
