"""Rules as data: every cue of the status and category vocabularies has a stable id and a test sentence.

The vocabularies live in ``briefings/data/rules-*.toml``, one table per vocabulary, each an ordered
list of rules::

    [[declined]]
    id = "status.decline.rule_out"
    words = '''\\brul(?:es|ed|ing)\\s+out\\b | \\brule\\s+out\\b'''
    test = "Lisbon rules out sending soldiers to the mission."

``words`` is a verbose regex (whitespace is insignificant, ``\\s`` is not) whose alternatives start at
the start of a word. A vocabulary is compiled once, at import, into one alternation of its rules in
order, behind the speed gates of :mod:`.cues_gate` (:func:`vocabulary`). Which rule a match came from
is asked only for the few matches that end up in a fact (:func:`rule_at`): the first rule, in order,
that matches at the match's position is the one the alternation took, and each rule's own pattern is
compiled once, on first use. ``test`` is a sentence in our own words that fires the rule: extracting
it gives a fact whose trace names the id (``tests/test_rule_ids.py`` holds every rule to it).

Rules decided in code rather than by a vocabulary (how the actor was found, a change of offer, an
attribution, a category carried from the sentence before) have ids and test sentences too, in
``rules-trace.toml`` (``words`` empty); :mod:`.trace` names them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Final

from briefings.extract.cues_gate import Vocabulary, _rx

_I = re.IGNORECASE
_GATE = r"(?<!\w)(?=\w)"
_WS = re.compile(r"(?<!\\)\s+")
RULE_FILES: Final = ("rules-status.toml", "rules-categories.toml", "rules-trace.toml")


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: its stable id, its words (a regex; empty for a rule decided in code), its test sentence."""

    id: str
    words: str
    test: str
    vocabulary: str  # the table it belongs to: declined, ground_troops, actor ...
    note: str = ""
    cue_only: str = ""  # why extraction never reaches this rule (its test is held to the vocabulary alone)
    _matcher: list[re.Pattern[str]] = field(default_factory=list, compare=False, repr=False)

    @property
    def compact(self) -> str:
        return _WS.sub("", self.words)

    def matcher(self) -> re.Pattern[str]:
        """This rule's own pattern, compiled on first use."""
        if not self._matcher:
            self._matcher.append(re.compile(f"{_GATE}(?:{self.compact})", _I))
        return self._matcher[0]


@cache
def _file(name: str) -> dict[str, list[dict[str, str]]]:
    text = resources.files("briefings").joinpath("data", name).read_text(encoding="utf-8")
    data: dict[str, list[dict[str, str]]] = tomllib.loads(text)
    return data


def _rules(name: str, table: str) -> tuple[Rule, ...]:
    return tuple(
        Rule(r["id"], r.get("words", ""), r["test"], table, r.get("note", ""), r.get("cue_only", ""))
        for r in _file(name).get(table, [])
    )


# id -> rule, over every rule file; and the rules behind each compiled vocabulary (by its pattern)
REGISTRY: dict[str, Rule] = {}
_BY_PATTERN: dict[str, tuple[Rule, ...]] = {}


def _register(rules: tuple[Rule, ...]) -> None:
    for r in rules:
        if r.id in REGISTRY and REGISTRY[r.id] != r:
            raise ValueError(f"rule id {r.id} is used twice")
        REGISTRY[r.id] = r


def vocabulary(name: str, table: str) -> Vocabulary | re.Pattern[str]:
    """The compiled vocabulary of one table of a rule file (its rules' words, in order)."""
    rules = _rules(name, table)
    if not rules:
        raise ValueError(f"{name} has no rules in [{table}]")
    _register(rules)
    compiled = _rx(" | ".join(r.words for r in rules))
    _BY_PATTERN[compiled.pattern] = rules
    return compiled


def code_rules(table: str) -> dict[str, Rule]:
    """The rules decided in code (``rules-trace.toml``) of one table, by id."""
    rules = _rules("rules-trace.toml", table)
    _register(rules)
    return {r.id: r for r in rules}


def rules_of(vocab: Vocabulary | re.Pattern[str]) -> tuple[Rule, ...]:
    return _BY_PATTERN.get(vocab.pattern, ())


def rule_at(vocab: Vocabulary | re.Pattern[str], text: str, pos: int) -> tuple[Rule, str] | None:
    """(the rule of ``vocab`` whose words match ``text`` at ``pos``, the words matched), or None."""
    for r in rules_of(vocab):
        m = r.matcher().match(text, pos)
        if m:
            return r, m.group(0)
    return None


def first_rule(vocab: Vocabulary | re.Pattern[str], text: str) -> tuple[Rule, str] | None:
    """The rule behind the first match of ``vocab`` in ``text``."""
    m = vocab.search(text)
    return rule_at(vocab, text, m.start()) if m else None


def all_rules() -> list[Rule]:
    """Every rule of every file (importing the vocabularies registers them)."""
    from briefings.extract import cues, trace  # noqa: F401 - registers the vocabularies and code rules

    return list(REGISTRY.values())
