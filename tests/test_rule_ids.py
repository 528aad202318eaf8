"""Rules as data: every rule has a stable id and a test sentence, and the sentence fires the rule.

The vocabularies' rules (``briefings/data/rules-status.toml``, ``rules-categories.toml``) and the
rules decided in code (``rules-trace.toml``) are held to their test sentences: extracting the
sentence gives a fact whose trace names the rule's id. A rule the extraction cannot reach says why
(``cue_only``), and its sentence is held to the vocabulary alone.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from briefings.extract import cues, extract
from briefings.extract import rules as rules_mod
from briefings.extract.cues_gate import _rx
from briefings.extract.rules import REGISTRY, Rule, all_rules, rule_at, rules_of, vocabulary
from briefings.extract.trace import CODE_RULES, UNPINNED_CATEGORY, UNPINNED_STATUS
from briefings.ingest.prepare import knowledge_rows

RULES = all_rules()
VOCABULARIES = {
    **{name: getattr(cues, name) for name in ("NEG_CONSIDERING", "DECLINED", "CONSIDERING", "COMMITTED",
                                                "GENERIC_GROUND", "FUNDING_VERBS")},
    **{f"SPECIFIC[{cat}]": rx for cat, rx in cues.SPECIFIC.items()},
}
SHARED = Path(__file__).resolve().parents[2] / "shared"


def _fired(text: str) -> list[str]:
    return [h.id for f in extract(text).facts for h in f.trace]


def test_every_rule_has_a_stable_id_and_a_test_sentence() -> None:
    assert len(RULES) >= 300
    assert len({r.id for r in RULES}) == len(RULES)
    for r in RULES:
        assert re.fullmatch(r"[a-z]+(?:\.[a-z_]+){1,3}", r.id), r.id
        assert r.id.split(".")[0] in ("status", "category", "actor", "change", "negation", "attribution", "context")
        assert len(r.test.split()) >= 3 and r.test.rstrip()[-1] in ".!?'", r.id
    # every vocabulary is made of rules with words; every code rule has a note saying what it decides
    for name, vocab in VOCABULARIES.items():
        assert rules_of(vocab) and all(r.words for r in rules_of(vocab)), name
    assert all(r.note and not r.words for r in CODE_RULES.values())


@pytest.mark.parametrize("rule", [r for r in RULES if not r.cue_only], ids=lambda r: r.id)
def test_the_test_sentence_fires_its_rule(rule: Rule) -> None:
    assert rule.id in _fired(rule.test), f"{rule.test!r} does not fire {rule.id}"


@pytest.mark.parametrize("rule", [r for r in RULES if r.cue_only], ids=lambda r: r.id)
def test_a_cue_only_rule_is_the_first_cue_of_its_sentence(rule: Rule) -> None:
    vocab = next(v for v in VOCABULARIES.values() if rule in rules_of(v))
    m = vocab.search(rule.test)
    assert m is not None
    found = rule_at(vocab, rule.test, m.start())
    assert found is not None and found[0].id == rule.id
    assert rule.id not in _fired(rule.test)  # what cue_only says: the extraction never reaches it


def test_a_vocabulary_is_the_alternation_of_its_rules_in_order() -> None:
    """The compiled vocabulary is its rules' words joined in order, compiled once at import."""
    for name, vocab in VOCABULARIES.items():
        assert vocab.pattern == _rx(" | ".join(r.words for r in rules_of(vocab))).pattern, name
        for r in rules_of(vocab):  # a rule's test sentence: where the vocabulary matches, some rule does too
            for m in vocab.finditer(r.test):
                found = rule_at(vocab, r.test, m.start())
                assert found is not None and found[1] == m.group(0), (name, r.id, m.group(0))
    r = REGISTRY["status.decline.rule_out"]
    assert r.matcher() is r.matcher()  # each rule's own pattern is compiled once, on first use


def test_at_one_position_the_first_rule_that_matches_wins() -> None:
    text = "Madrid ruled itself out of the mission."
    m = cues.DECLINED.search(text)
    assert m is not None and m.group(0) == "ruled itself out"
    assert rule_at(cues.DECLINED, text, m.start())[0].id == "status.decline.rule_out"  # type: ignore[index]
    assert rule_at(cues.DECLINED, text, 0) is None


def test_a_rule_id_is_used_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "briefings" / "data"
    data.mkdir(parents=True)
    (data / "rules-twice.toml").write_text(
        "[[declined]]\nid = \"status.decline.will_not\"\nwords = '''\\bnope\\b'''\ntest = \"Oslo says nope to it.\"\n"
    )
    monkeypatch.setattr(rules_mod.resources, "files", lambda _pkg: tmp_path / "briefings")
    with pytest.raises(ValueError, match="used twice"):
        vocabulary("rules-twice.toml", "declined")


def test_every_fact_of_an_article_has_a_trace_of_registered_rules() -> None:
    text = (
        "Prague, 3 May. The Czech government will send 150 soldiers to the reassurance force, the defence "
        "minister said on Friday.\n\n"
        "Slovakia rules out any troops. Hungary will not either.\n\n"
        "Warsaw will provide logistics, not troops, and Lithuania is weighing a contribution of instructors."
    )
    ex = extract(text, published=datetime(2026, 5, 3))
    assert len(ex.facts) >= 5
    for f in ex.facts:
        ids = [h.id for h in f.trace]
        assert ids and all(i in REGISTRY for i in ids), (f, ids)
        assert UNPINNED_STATUS not in ids and UNPINNED_CATEGORY not in ids
        assert any(i.startswith(("status.", "change.", "negation.")) for i in ids)
        assert any(i.startswith(("category.", "context.")) for i in ids)
        assert any(i.startswith("actor.name.") for i in ids)
    by_key = {(f.country_code, f.category): f for f in ex.facts}
    pl = [(h.id, h.matched) for h in by_key[("PL", "ground_troops")].trace]
    assert pl[0] == ("negation.local", ", not") and ("actor.name.capital", "Warsaw") in pl
    hu = [h.id for h in by_key[("HU", "ground_troops")].trace]
    assert "context.previous_sentence" in hu
    cz = [(h.id, h.matched) for h in by_key[("CZ", "ground_troops")].trace]
    assert ("status.commit.will", "will") in cz and ("attribution.speech_verb", "said") in cz


def test_the_trace_goes_into_the_stored_rows() -> None:
    ex = extract("Norway will send two frigates to the Black Sea.")
    rows = knowledge_rows(ex, ["Norway will send two frigates to the Black Sea."], "2026-01-05T10:00:00Z").facts
    assert rows[0]["trace"].startswith('[{"id": "status.commit.will", "matched": "will"}')


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is not here")
def test_no_test_sentence_is_copied_from_the_shared_corpora() -> None:
    corpus = " ".join(" ".join(p.read_text(errors="ignore").split()) for p in SHARED.rglob("*")
                      if p.is_file() and p.suffix in (".xml", ".txt", ".json", ".jsonl", ".md", ".html")
                      and p.stat().st_size < 5_000_000)
    copied = [r.id for r in RULES if " ".join(r.test.split()) in corpus]
    assert not copied
