"""Facts of one sentence: clause by clause, category x status x actor.

For each clause (see :mod:`clauses`): mask what only looks like a status (conditions, "a signed
peace agreement", "not on the front line"), find the status family (:mod:`cues`), the categories,
the actor (:mod:`actors`), then sizes and money (:mod:`figures`). A fact needs all three: an actor,
a category and a status. Within one sentence a later clause overrides an earlier one for the same
(country, category): "ready to take part, but any decision on soldiers would have to wait" ends
as ``considering``.

A stance on nothing named ("does not rule anything out", "will not", "is keeping its options open")
reuses the offer of the sentence before it in the paragraph ("Belgium will send troops. Luxembourg will
not."), else, when it is undecided or a refusal and the paragraph (or, for the lede only, the title) is
about sending soldiers to the force, it is about ``ground_troops``. A stance that is undecided only
because a vote or approval is still to come ("the deployment still awaits a vote") does not replace a
commitment stated before it for the same actor (SPEC §4: "subject to parliament" keeps committed).

A clause that reports a change of offer ("changed its proposal from ground forces to air and maritime
support", "dropped its plan for troops in favour of ...", "no longer proposes troops but ...", "replaced
... with ...", "scaled back ... to ...") commits to the new offer and not to the old one, which is
declined only when the sentence says it was dropped (rules in :mod:`.changes`).

A contrasted clause with a status but no offer of its own ("Italy will send troops, but Spain will
not"; "..., but since December the cabinet has excluded one") reuses the categories of the clause
before it. A clause where the status cue follows a verb of urging with an object ("urged the cabinet
to offer", "called on allies to send", "expects Germany to contribute") gives no fact.

An earlier stance recalled in passing ("after months of saying it was considering", "having previously
ruled out", "reversing its earlier refusal") is blanked (``cues.EARLIER_STANCE``). A relative clause
(", which ...", ", who ...") is about its antecedent ("Cyprus, which is not a member of NATO, ..."):
names inside it are no actor, and the clause after it goes on with the antecedent. The answer to a
question ("Asked about Belgian soldiers on the ground, he said: 'We are studying it'") is about what
was asked. "Each country" / "both countries" / "all three navies" spread over the countries named in
the sentence before (when the count fits). A party, a faction or members of parliament as subject give
no fact (their approval of a deployment is parliament's).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from briefings.extract import cues
from briefings.extract.actors import (
    AMONG_RE,
    THING_SUBJECT,
    actor_text,
    antecedent,
    distributed,
    group_subject,
    inherits,
    list_codes,
    may_speak_for,
    object_flags,
    party_subject,
    passive_agents,
    speaker_codes,
    strip_relative,
    subject_codes,
)
from briefings.extract.changes import Change, find_change
from briefings.extract.clauses import Clause, find_speech, split_clauses
from briefings.extract.cues_status import FRONTED_NEGATION, bare_stance, others_force
from briefings.extract.figures import Money, find_money, parse_int
from briefings.extract.gazetteer import Mention, outlet_spans
from briefings.extract.gazetteer_data import NON_PLEDGERS
from briefings.extract.offers import WITHOUT_TROOPS, blank, categories_of, locally_negated, own_sizes
from briefings.extract.trace import ClauseWhy, actor_words, hit, mention_of, negation_hit, words
from briefings.models import RuleHit

log = logging.getLogger(__name__)

# What tells reported content from a mere attribution ("said on Monday"): a status or a troop cue.
SPEECH_CONTENT_CUES = (
    cues.DECLINED, cues.CONSIDERING, cues.COMMITTED, cues.NEG_CONSIDERING, cues.SPECIFIC["ground_troops"], cues.GENERIC_GROUND,
    cues.REPORTED_WOULD,
)


# the same, most frequent first, for an early exit
_CUES_BY_FREQUENCY = (
    cues.COMMITTED, cues.SPECIFIC["ground_troops"], cues.REPORTED_WOULD, cues.CONSIDERING, cues.DECLINED,
    cues.GENERIC_GROUND, cues.NEG_CONSIDERING,
)


def cue_positions(sentence: str) -> list[int]:
    """Sorted start offsets of the status and troop cues of a sentence (one pass per vocabulary)."""
    return sorted({m.start() for rx in SPEECH_CONTENT_CUES for m in rx.finditer(sentence)})
NOT_ACTORS = NON_PLEDGERS | {"UA"}
_PRONOUN_SPEAKER = re.compile(
    r"^(?:he|she|they|it|we|the\s+(?:official|officials|minister|spokesman|spokeswoman|spokesperson|council|government|"
    r"ministry|leader|president|prime\s+minister|chancellor|premier|statement)|officials|a\s+spokesman|a\s+spokeswoman|"
    # a government body named without its country: "The Federal Council said it would ..."
    r"the\s+(?:[\w-]+\s+){1,2}(?:council|government|cabinet|ministry|directorate|presidency|chancellery))$",
    re.I,
)


@dataclass(slots=True)
class Draft:
    """A fact before it gets its quote and date."""

    code: str
    category: str
    status: str
    actor_text: str | None = None
    size: int | None = None
    money: Money | None = None
    clause: int = 0
    pending: bool = False  # "considering" only because a vote or approval is still to come
    trace: tuple[RuleHit, ...] = ()  # the rules that produced it (see :mod:`.trace`)


@dataclass(slots=True)
class SentenceResult:
    """What one sentence gave."""

    drafts: list[Draft] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    speakers: list[tuple[str | None, list[str], str | None]] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)  # the last actor codes seen (for the next sentence)
    proposers: dict[int, list[str]] = field(default_factory=dict)  # clause start -> actor or speaker codes
    categories: tuple[str, ...] = ()  # the last categories offered (for an elliptic next sentence)
    named: list[str] = field(default_factory=list)  # countries named (for "Each country will ..." next)


def _mask(text: str) -> str:
    """Blank what only looks like a status, keeping offsets."""
    text = cues.MASKS.sub(blank, text)
    return cues.LOCAL_NEGATION.sub(blank, text)


def _without_outlets(text: str) -> str:
    """Blank news outlets' names ("Financial Times" is no funding), keeping offsets."""
    for s, e in outlet_spans(text):
        text = text[:s] + " " * (e - s) + text[e:]
    return text


def status_of(text: str) -> tuple[str | None, int]:
    """(status, position of the earliest status cue) of a masked clause text."""
    status: str | None = None
    first = len(text) + 1
    for name, rx in cues.STATUS_ORDER:
        m = rx.search(text)
        if m:
            if status is None:
                status = name
            first = min(first, m.start())
    return status, (first if status else -1)


# What is left of a clause after its status cue when the offer itself is left out: "but Spain will not",
# "but has since excluded one", "while Austria declined".
_ELLIPTIC = re.compile(r"\W*(?:[\w'’]+\W*){0,4}$|.*\b(?:one|it|them|that|this|so|either|too|likewise|suit)\W*$", re.I)
_WHICH = frozenset({"which", "who", "whose"})
_CONTRAST_LEADS = frozenset({"but", "while", "whereas", "although", "though", "even though", "however", "instead", "yet"})
_COMMITTING_SPEECH = re.compile(r"(?:confirm|announc|promis|pledg|reaffirm|vow)\w*$")


def analyse_sentence(
    sentence: str,
    mentions: list[Mention],
    previous: list[str],
    *,
    previous_cats: tuple[str, ...] = (),
    force_context: Callable[[], bool] | bool = False,
    previous_named: list[str] | None = None,
) -> SentenceResult:
    """Facts of one sentence; ``previous`` is the actor carried from the sentence before,
    ``previous_cats`` the categories it offered (for "Portugal will not." right after it), and
    ``force_context`` whether the paragraph (or the title) is about contributing to the force."""
    res = SentenceResult()
    clauses = split_clauses(sentence)
    res.clauses = clauses
    flags = object_flags(sentence, mentions)
    res.named = list(dict.fromkeys(m.code for m in mentions if not m.place and m.code not in NOT_ACTORS))
    def cue_at(start: int, end: int) -> bool:
        # lazily, and only for sentences with a verb of saying: the first cue at or after ``start``
        for rx in _CUES_BY_FREQUENCY:
            m = rx.search(sentence, start)
            if m and m.start() < end:
                return True
        return False

    for i, c in enumerate(clauses):
        if c.kind in ("main", "rel"):
            find_speech(sentence, c, cue_at)
        if c.speech_verb and c.speaker is None and c.content_start >= 0 and i and clauses[i - 1].kind == "rel":
            # "Abascal, who leads the opposition party, said ...": the speaker is named before the relative clause
            j = i - 1
            while j > 0 and clauses[j].kind == "rel":
                j -= 1
            c.speaker = sentence[clauses[j].start : c.start].strip(" ,") or None
    # who speaks in each clause: leading speakers carry forward, trailing ones apply backwards
    speaker: tuple[str | None, list[str], str | None] = (None, [], None)
    speakers: list[tuple[str | None, list[str], str | None]] = []
    for c in clauses:
        if c.speaker is not None and not c.trailing_speaker and c.content_end < 0:
            speaker = _speaker(sentence, c, mentions, flags, previous)
        speakers.append(speaker)
        if c.speaker is not None and c.content_end >= 0:  # trailing: applies to what came before
            trailing = _speaker(sentence, c, mentions, flags, previous)
            for i in range(len(speakers)):
                if speakers[i][0] is None:
                    speakers[i] = trailing
            speaker = trailing
    res.speakers = speakers
    prev_actors: list[str] = []
    last_contrast: dict[tuple[str, str], int] = {}
    listed = list_codes(sentence, clauses, mentions)
    main_subject: list[str] = []
    prev_cats: dict[str, int] = {}
    topic: tuple[dict[str, int], list[str]] = ({}, [])  # "Asked about Danish soldiers, ...": what the answer is about
    prev_why: ClauseWhy | None = None  # the clause that gave ``prev_cats``
    topic_why = ClauseWhy()
    for idx, c in enumerate(clauses):
        if c.kind == "cond" and c.lead.startswith("asked"):
            topic = (categories_of(c.text(sentence)), [
                m.code for m in mentions if c.start <= m.start < c.end and not m.place and m.code not in NOT_ACTORS
            ])
            topic_why = ClauseWhy(cats_text=c.text(sentence), cat_lead=words(c.text(sentence)))
        if c.kind not in ("main", "rel"):
            continue
        s, e = c.content(sentence)
        if e <= s:
            continue
        raw = cues.EARLIER_STANCE.sub(blank, _without_outlets(sentence[s:e]))
        text = _mask(raw)
        why = ClauseWhy(text=text, cats_text=raw)
        change = find_change(raw, categories_of, _has_status)
        if change is not None:  # "changed its proposal from troops to air support": the new thing is offered
            text = change.blank_old(text)
            why.text, why.change = text, hit(f"change.{change.family}", raw[change.cue[0] : change.cue[1]])
        status, cue = status_of(text)
        if change is not None:
            why.change_decides = status is None or change.new is None
            status, cue = _changed_status(change, raw, status, cue)
        if status is None and (gerund := cues.WITH_GERUND.match(text)):
            status, cue = "committed", gerund.start("g")
            why.status = hit("status.commit.with_gerund", gerund.group("g"))
        pending = status == "considering" and _pending_only(text)
        spk_text, spk_codes, verb = speakers[idx]
        why.speaker, why.verb = spk_text, verb
        if status is None and spk_text is not None:
            would = cues.REPORTED_WOULD.search(text)
            status, cue = ("committed", would.start()) if would else (None, -1)
            why.status = hit("status.commit.reported_would", would.group(0)) if would else None
            if status is None and c.content_start >= 0 and _COMMITTING_SPEECH.match(c.speech_verb or ""):
                status, cue = "committed", 0  # "Norway confirmed its participation in the force"
                why.status = hit("status.commit.speech_verb", c.speech_verb or "")
        cats = categories_of(raw) if status else {}
        withdrawn: set[str] = set()
        if change is not None and status:
            cats, withdrawn = _changed_categories(change, raw)
            raw = change.blank_old(raw)  # sizes, money and local negations are the new offer's
        codes, found = subject_codes(sentence, s, s + cue if cue >= 0 else e, e, mentions, flags)
        how = "actor.subject"
        described = antecedent(sentence, clauses[idx - 1].end, mentions) if c.kind == "rel" and idx and c.lead in _WHICH else []
        if described:  # "Cyprus, which is not a member of NATO, ...": the clause is about Cyprus
            codes, found, how = described, True, "actor.antecedent"
        spread = distributed(sentence[s : s + cue], previous_named or []) if not found and cue >= 0 else []
        if spread and c.kind == "main":
            codes, found, how = spread, True, "actor.distributive"  # "Each country will provide two minehunters"
        fronted = FRONTED_NEGATION.match(sentence, s, e) if not found and cue >= 0 else None
        if fronted:  # "Under no circumstances will Hungary send soldiers": the subject follows the auxiliary
            after, _ = subject_codes(sentence, fronted.end(), e, e, mentions, flags)
            if after:
                codes, found, how = after[:1], True, "actor.fronted"
        if cue >= 0 and (not found or set(codes) <= NOT_ACTORS):
            agents = passive_agents(sentence, s, e, mentions)
            if agents:  # "Ukrainian troops will be trained by Britain": the agent offers
                codes, found, how = agents, True, "actor.passive_agent"
        if not found and cue >= 0 and listed and group_subject(sentence[: e]):
            codes, found, how = listed, True, "actor.listed"
        among = AMONG_RE.search(strip_relative(sentence[: c.start])) if c.kind == "rel" and idx else None
        if not found and cue >= 0 and among:
            codes, found, how = main_subject, True, "actor.among"  # "Britain is among the countries that have offered troops"
            if among.group("neg"):  # "Bulgaria is not among the countries that will send troops"
                status = "declined"
                why.status = hit("status.decline.not_among_those", among.group(0))
        if c.kind == "main" and found:
            main_subject = codes
        if not found and c.kind == "main" and cue >= 0 and THING_SUBJECT.match(sentence[s : s + cue]) and (
            prev_actors or spk_codes
        ):
            codes, found, how = prev_actors or spk_codes, True, "actor.thing_subject"  # "..., and that no weapons would leave"
        if not found and c.kind == "main" and cue >= 0 and inherits(sentence, s, s + cue):
            own_speaker = c.speaker is not None and c.content_start >= 0
            codes = (spk_codes if own_speaker else []) or prev_actors or spk_codes
            how = "actor.inherited.speaker" if own_speaker and spk_codes or not prev_actors else "actor.inherited.clause"
            if not codes and _starts_sentence(sentence, s):
                codes, how = previous, "actor.inherited.sentence"
            if "ground_troops" in cats and others_force(sentence[s:e]):
                cats.pop("ground_troops")
        why.actor = (how, actor_words(how, sentence, (s, s + max(cue, 0)), e, mentions, codes, c.lead or spk_text or ""))
        if status and topic[0] and not cats:
            cats = dict(topic[0])  # the answer to a question is about what was asked
            why.cat_source, why.cat_lead = "asked_about", topic_why.cat_lead
            why.inherited = topic_why.category_hits(topic[0])
        if status and not codes and topic[1] and c.kind == "main":
            codes = topic[1]
            why.actor = ("actor.asked_about", topic_why.cat_lead)
        if codes and (c.kind == "main" or described):  # a relative clause's own names are no actor
            prev_actors = codes
            if c.kind == "main":  # "..., where Russia holds a veto" is not what the sentence is about
                res.actors = codes
        elif spk_codes and c.kind == "main":
            res.actors = spk_codes
        res.proposers[c.start] = codes or spk_codes
        if status and not cats and codes and prev_cats and c.lead in _CONTRAST_LEADS and _ELLIPTIC.match(text, max(0, cue)):
            cats = dict(prev_cats)  # "Italy will send troops, but Spain will not"; "..., but has excluded one"
            why.cat_source, why.cat_lead = "contrast", c.lead
            why.inherited = prev_why.category_hits(prev_cats) if prev_why is not None else {}
        if status and not cats and codes and cue >= 0 and bare_stance(text[cue:]):
            if previous_cats and not prev_cats:
                cats = dict.fromkeys(previous_cats, 0)  # "Spain will send troops. Portugal will not."
                why.cat_source, why.cat_lead = "previous_sentence", words(text[cue:])
            elif status != "committed" and (force_context() if callable(force_context) else force_context):
                cats = {"ground_troops": 0}  # "Germany does not rule anything out" about the force
                why.cat_source, why.cat_lead = "force_context", words(text[cue:])
        if cats:
            prev_cats = cats
            res.categories = tuple(cats)
            if why.cat_source == "own":
                prev_why = why
        if not (status and cats and codes):
            continue
        if party_subject(sentence[s : s + max(cue, 0)], text[max(cue, 0) :]):
            continue  # "The Freedom Party faction wants no soldiers in Ukraine": a party is no government
        if cues.URGING.search(text, 0, max(0, cue)):
            continue  # "Fiala urged the cabinet to offer soldiers", "Rome ought to offer": a wish is no pledge
        if not may_speak_for(spk_text, spk_codes, verb, codes, _official(sentence, spk_text, mentions)):
            continue
        negated = locally_negated(raw)
        if "ground_troops" in negated and (w := WITHOUT_TROOPS.search(raw)):  # "France ... without American soldiers"
            negated -= {"ground_troops"} if any(m.code not in codes for m in mentions if 0 <= m.start - s - w.start() < len(w[0])) else set()
        not_in_ua = bool(cues.NOT_IN_UKRAINE.search(raw))
        sizes, training_sizes = own_sizes(raw)
        money = find_money(raw, codes[0])
        for code in codes:
            if code in NOT_ACTORS:
                continue
            for cat in cats:
                st = status
                override = None
                if cat in negated or cat in withdrawn or (cat == "ground_troops" and not_in_ua):
                    st = "declined"
                    override = negation_hit(raw, cat, negated, withdrawn, why) if status != "declined" else None
                draft = Draft(code, cat, st, actor_text=actor_text(mentions, code, s, e), clause=idx)
                draft.trace = why.hits(cat, cats[cat], override, mention_of(mentions, code, s, e))
                if cat == "ground_troops" and sizes and len(codes) == 1 and st != "declined":
                    draft.size = sizes[0].value
                if cat == "ground_troops" and change is not None and change.resized and len(codes) == 1 and st != "declined":
                    draft.size = parse_int(change.resized)  # "scaled back from 2,000 troops to 500"
                if cat == "training" and training_sizes and len(codes) == 1 and st != "declined":
                    draft.size = training_sizes[0].value
                if cat == "funding" and money:
                    draft.money = money[0]
                draft.pending = pending
                key = (code, cat)
                if pending and any(
                    (d.code, d.category) == key and d.status == "committed" for d in res.drafts
                ):
                    continue  # "will send a unit, though the deployment still awaits a vote": a condition
                if key in last_contrast:
                    res.drafts = [d for d in res.drafts if (d.code, d.category) != key]
                last_contrast[key] = idx
                res.drafts.append(draft)
    return res


def _has_status(text: str) -> bool:
    """True when a text states a stance (for :func:`changes.find_change`)."""
    return status_of(_mask(text))[0] is not None


def _changed_status(change: Change, raw: str, status: str | None, cue: int) -> tuple[str | None, int]:
    """(status, cue) of a clause that reports a change (read with the old offer blanked): a drop that
    names nothing new declines; a changed offer with no status word left commits to the new one (a
    changed stance with none gives nothing). The subject is looked for before the change's verb."""
    start = change.cue[0]
    if change.new is None:
        return "declined", start
    if status is None:
        return ("committed", start) if categories_of(raw[change.old[0] : change.old[1]]) else (None, -1)
    return status, min(cue, start)


def _changed_categories(change: Change, raw: str) -> tuple[dict[str, int], set[str]]:
    """(categories, withdrawn) of a change: those named before the change or in the new offer are
    kept; those named only in the old one are dropped, or withdrawn (declined) when the sentence says
    the old offer was dropped."""
    kept = categories_of(raw[: change.cue[0]])
    old = categories_of(raw[change.old[0] : change.old[1]])
    if change.new is not None:
        new = categories_of(raw[change.new[0] :])
        for cat, pos in (new or (old if change.resized else {})).items():
            kept.setdefault(cat, change.new[0] + pos)
    withdrawn = {cat for cat in old if cat not in kept} if change.dropped else set()
    return {**kept, **{cat: change.old[0] + old[cat] for cat in withdrawn}}, withdrawn


def _pending_only(text: str) -> bool:
    """True when a clause is undecided only because a vote or approval is still to come."""
    spans = [m.span() for m in cues.PENDING_APPROVAL.finditer(text)]
    if not spans:
        return False
    for a, b in spans:
        text = text[:a] + " " * (b - a) + text[b:]
    return status_of(text)[0] in (None, "committed")


def _official(sentence: str, speaker: str | None, mentions: list[Mention]) -> bool:
    """True when the speaker's words name a known leader or minister."""
    if not speaker:
        return False
    start = sentence.find(speaker)
    return start >= 0 and any(m.kind in ("person", "title") and start <= m.start < start + len(speaker) for m in mentions)


def _starts_sentence(sentence: str, pos: int) -> bool:
    return not sentence[:pos].strip(" \"“”'")


def _speaker(
    sentence: str, c: Clause, mentions: list[Mention], flags: list[bool], previous: list[str]
) -> tuple[str | None, list[str], str | None]:
    text = c.speaker or ""
    start = sentence.find(text, c.start) if text else c.start
    if start < 0:
        start = sentence.find(text)
    codes = speaker_codes(sentence, start, start + len(text), mentions, flags) if text else []
    if text and c.speech_verb == "according to":  # "according to Moscow": a source, not a place
        codes = list(dict.fromkeys(m.code for m in mentions if start <= m.start < start + len(text)))
    if not codes and _PRONOUN_SPEAKER.match(text.strip()):
        codes = list(previous)
    return (text or None, codes, c.speech_verb)
