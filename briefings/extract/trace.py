"""Why a fact is what it is: the ids of the rules that produced it and the words they matched.

:mod:`.facts` fills one :class:`ClauseWhy` per clause as it decides (the status cue or what overrode
it, where the categories came from, how the actor was found, who spoke) and asks it for the
:class:`~briefings.models.RuleHit` list of each fact it makes. The work is lazy: which rule of a
vocabulary matched (:func:`.rules.rule_at`) is asked only for facts, never for the many clauses that
give none. The hits come in a fixed order: what decided the status first, then the category, the
actor's name and how the clause got it, then attribution and context.

Ids of rules decided in code (``actor.*``, ``change.*``, ``negation.*``, ``attribution.*``,
``context.*``, the single-pattern status rules) are registered from ``rules-trace.toml`` with their
test sentences, like the vocabularies' (:mod:`.rules`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefings.extract import cues
from briefings.extract.figures import find_money
from briefings.extract.gazetteer import Mention
from briefings.extract.offers import WITHOUT_TROOPS, own_sizes
from briefings.extract.rules import code_rules, first_rule, rule_at
from briefings.models import RuleHit

# every id this module emits is a registered rule with a test sentence
CODE_RULES = {**code_rules("status"), **code_rules("category"), **code_rules("actor"), **code_rules("change"),
              **code_rules("negation"), **code_rules("attribution"), **code_rules("context")}

# the kind of a gazetteer mention, as the trace names it ("Meloni" is a leader)
MENTION_KINDS = {"country": "name", "demonym": "demonym", "capital": "capital", "person": "leader",
                 "title": "title", "org": "organisation"}
_SHORT = {"ground_troops": "ground"}
# what a trace says when no rule can be pinned down (never expected: the tests hold the corpora to it)
UNPINNED_STATUS = "status.unpinned"
UNPINNED_CATEGORY = "category.unpinned"
_MAX_WORDS = 60


def hit(rule_id: str, matched: str) -> RuleHit:
    """A hit of a rule decided in code (the id must be registered)."""
    if rule_id not in CODE_RULES:
        raise KeyError(f"unregistered rule id {rule_id}")
    return RuleHit(rule_id, _clip(matched))


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_WORDS else text[: _MAX_WORDS - 1].rstrip() + "…"


def status_hit(text: str) -> RuleHit | None:
    """The rule of the status family that wins in a masked clause text (see ``facts.status_of``)."""
    for _name, rx in cues.STATUS_ORDER:
        m = rx.search(text)
        if not m:
            continue
        if rx is cues.SAME_SOIL:
            return hit("status.decline.same_soil", m.group(0))
        found = rule_at(rx, text, m.start())
        return RuleHit(found[0].id, _clip(found[1])) if found else RuleHit(UNPINNED_STATUS, _clip(m.group(0)))
    return None


def category_hit(text: str, category: str, pos: int) -> RuleHit:
    """The rule that named ``category`` at ``pos`` of a clause text (see ``offers.categories_of``)."""
    found = rule_at(cues.SPECIFIC[category], text, pos)
    if found is None and category == "ground_troops":
        found = rule_at(cues.GENERIC_GROUND, text, pos)
    if found is None and category == "funding":
        found = rule_at(cues.FUNDING_VERBS, text, pos)
    if found is not None:
        return RuleHit(found[0].id, _clip(found[1]))
    if category == "training" and (m := cues.TRAINED_PASSIVE.search(text)):
        return hit("category.training.trained_passive", m.group(0))
    if category == "funding" and (money := find_money(text)):
        return hit("category.funding.amount", money[0].text)
    if category == "maritime" and (m := cues.MINES.search(text)):
        return hit("category.maritime.mines_at_sea", m.group(0))
    ground, training = own_sizes(text)
    sizes = ground if category == "ground_troops" else training if category == "training" else []
    if sizes:
        return hit(f"category.{_SHORT.get(category, category)}.size", text[sizes[0].start : sizes[0].end])
    # the first cue of the category anywhere in the clause (a position the filters above moved)
    first = first_rule(cues.SPECIFIC[category], text)
    if first is not None:
        return RuleHit(first[0].id, _clip(first[1]))
    return RuleHit(UNPINNED_CATEGORY, words(text[pos : pos + 30]))


@dataclass(slots=True)
class ClauseWhy:
    """What one clause decided, for the trace of its facts."""

    text: str = ""  # the masked clause text the status was read from
    status: RuleHit | None = None  # a rule that set the status instead of the vocabularies
    change: RuleHit | None = None  # a change of offer ("changed ... from troops to air support")
    change_decides: bool = False  # the change alone set the status (no status word left)
    cats_text: str = ""  # the clause text the categories were read from
    cat_source: str = "own"  # own | contrast | previous_sentence | force_context | asked_about
    cat_lead: str = ""
    inherited: dict[str, RuleHit] = field(default_factory=dict)  # category -> hit, for contrast / asked_about
    actor: tuple[str, str] | None = None  # (rule id, words) of how the clause found its actor
    speaker: str | None = None
    verb: str | None = None

    def category_hits(self, cats: dict[str, int]) -> dict[str, RuleHit]:
        """The rule behind each category of the clause (own categories only)."""
        return {cat: category_hit(self.cats_text, cat, pos) for cat, pos in cats.items()}

    def hits(self, category: str, pos: int, override: RuleHit | None, mention: Mention | None) -> tuple[RuleHit, ...]:
        """The trace of one fact of this clause (``override``: what changed the clause's status for this
        category, e.g. a local negation)."""
        out: list[RuleHit] = []
        if override is not None:
            out.append(override)
        if self.change_decides and self.change is not None:
            out.append(self.change)
        else:
            decided = self.status or status_hit(self.text)
            if decided is not None:
                out.append(decided)
            if self.change is not None:
                out.append(self.change)
        out.extend(self._category(category, pos))
        if mention is not None:
            out.append(hit(f"actor.name.{MENTION_KINDS.get(mention.kind, 'name')}", mention.text))
        if self.actor is not None:
            out.append(hit(*self.actor))
        if self.speaker:
            out.append(hit("attribution.speaker", self.speaker))
            if self.verb:
                out.append(hit("attribution.speech_verb", self.verb))
        return tuple(dict.fromkeys(out))

    def _category(self, category: str, pos: int) -> list[RuleHit]:
        if self.cat_source == "own":
            return [category_hit(self.cats_text, category, pos)]
        context = hit(f"context.{self.cat_source}", self.cat_lead)
        carried = self.inherited.get(category)
        return [context, carried] if carried is not None else [context]


def negation_hit(raw: str, cat: str, negated: set[str], withdrawn: set[str], why: ClauseWhy) -> RuleHit | None:
    """What declined one category of a clause whose status was otherwise (see the loop above)."""
    if cat in withdrawn:
        return why.change
    if cat in negated:
        local = cues.LOCAL_NEGATION.search(raw)
        if cat == "ground_troops" and (w := WITHOUT_TROOPS.search(raw)) and (local is None or w.start() < local.start()):
            return hit("negation.without_troops", w.group(0))
        return hit("negation.local", local.group(0) if local else "")
    m = cues.NOT_IN_UKRAINE.search(raw)
    return hit("negation.not_in_ukraine", m.group(0) if m else "")


def mention_of(mentions: list[Mention], code: str, start: int, end: int) -> Mention | None:
    """The mention that names ``code`` in the clause [start, end), else anywhere in the sentence."""
    inside = [m for m in mentions if m.code == code and start <= m.start < end]
    named = inside or [m for m in mentions if m.code == code]
    return named[0] if named else None


_BY_NAME = frozenset({"actor.subject", "actor.antecedent", "actor.distributive", "actor.fronted", "actor.passive_agent",
                      "actor.listed", "actor.among"})


def actor_words(how: str, sentence: str, head: tuple[int, int], clause_end: int, mentions: list[Mention],
                codes: list[str], fallback: str) -> str:
    """The words behind how a clause found its actor: the names that made it (a subject, an agent, a
    list; in the clause, else in the sentence), else the words before the status cue that carried it
    ("it", "he", "and"), else ``fallback``."""
    if how in _BY_NAME:
        named = [m for m in mentions if m.code in codes and not m.place]
        inside = [m for m in named if head[0] <= m.start < clause_end]
        names = [m.text for m in inside or named]
        if names:
            return ", ".join(dict.fromkeys(names))
    return words(sentence[head[0] : head[1]]) or words(fallback)


def words(text: str) -> str:
    """A span of sentence text as a trace shows it (whitespace folded, clipped)."""
    return _clip(re.sub(r"^[\W_]+|[\W_]+$", "", text))
