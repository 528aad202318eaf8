"""Stance questions beyond "will X send troops": roles, changes of mind, claims, figures, recency.

On a real SQLite database of articles written here (fictional statements about real governments):
- "What role will X play?" is a stance over every category, what X offers first;
- "Has X changed its mind?" shows the history of X's stance, before and after;
- a yes/no about a claim reports the claim, who made it and the denial, never the claim as a fact;
- a size question picks the figure whose sentence carries the question's words ("first phase",
  "planners say ... needs"), and a whole-force question is not answered with one country's unit;
- a report newer than the table's entry (one the extraction missed) leads the stance answer.
Each family has unanswerable variants: a country never mentioned, a topic or place never covered.
"""

from __future__ import annotations

from typing import Any

import pytest
from answer_db import Desk
from answer_db import fact as _fact

from briefings.answers import answer_question, parse
from storage.articles import Knowledge

BASE = "https://stances.example.test/"
DESK = Desk(BASE, "tag:stances,2026", "Stances Desk")


def _figure(kind: str, value: int, quote: str, day: str, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "value": value, "quote": quote, "date": day, **extra}


# Roles: Romania refuses soldiers but runs the supply corridor.
RO_NO = "Romania will not station soldiers inside Ukraine, President Nicusor Dan told reporters in Bucharest."
RO_CORRIDOR = "Instead Romania will run the supply corridor of the force through the port of Constanta."
# History: Belgium went from open to yes; Norway has said no throughout.
BE_OPEN = "Belgium is open to sending a company of paratroopers once the guns fall silent, its defence minister said."
BE_YES = "The Belgian government has decided to send 300 paratroopers to the reassurance force, the defence minister announced."
NO_FIRST = "Norway will not send ground troops to Ukraine, the Norwegian prime minister said in Oslo."
NO_AGAIN = "Oslo repeated that Norway would not send ground troops, but would keep paying for air defence."
HR_DROP = "Croatia will not send its engineer company after all, the defence minister said, withdrawing the offer."
# Claims: a Russian broadcaster claims Finnish snipers are near Kharkiv; Helsinki denies it.
FI_CLAIM = "A Russian state broadcaster claimed on Monday that Finnish snipers were secretly operating near Kharkiv."
FI_DENY = "Helsinki called the story an invention and said no Finnish soldier was in Ukraine."
LT_CLAIM = "Pro-Kremlin bloggers alleged that Lithuanian engineers were quietly building bunkers near Sumy."
# Figures: the whole force at several stages, and one country's own unit.
FIG_PHASE = "Commanders expect the force to start with roughly 12,000 troops in its opening phase."
FIG_FULL = "At full strength the force would count some 35,000 troops, according to the staff in Paris."
FIG_PLANNERS = "Military planners warn that a force able to deter an attack needs at least 50,000 troops."
EE_UNIT = "Estonia will contribute a company of about 120 soldiers to the force, its defence minister said."
# Recency: Ireland was weighing a role; a later article reports the Dail vote without naming Ireland in it.
IE_WEIGH = "Ireland is weighing whether to send peacekeepers to Ukraine, the Taoiseach said in Dublin."
IE_VOTE = "The Dail approved on Wednesday the deployment of a contingent of 150 peacekeepers to the force."
IE_NAMED = "The motion put forward by the government of Micheal Martin passed by a wide margin."

ARTICLES = [
    ("romania-corridor", "2026-02-02T10:00:00Z", "Bucharest keeps soldiers home, runs the corridor", f"{RO_NO} {RO_CORRIDOR}",
     Knowledge(facts=[_fact("RO", "ground_troops", "declined", RO_NO, "2026-02-02"),
                      _fact("RO", "logistics", "committed", RO_CORRIDOR, "2026-02-02")])),
    ("belgium-open", "2025-11-04T10:00:00Z", "Brussels open to a paratrooper company", BE_OPEN,
     Knowledge(facts=[_fact("BE", "ground_troops", "considering", BE_OPEN, "2025-11-04")])),
    ("belgium-yes", "2026-03-10T10:00:00Z", "Belgium decides to send paratroopers", BE_YES,
     Knowledge(facts=[_fact("BE", "ground_troops", "committed", BE_YES, "2026-03-10", size=300)])),
    ("norway-no", "2025-10-01T10:00:00Z", "Oslo says no to ground troops", NO_FIRST,
     Knowledge(facts=[_fact("NO", "ground_troops", "declined", NO_FIRST, "2025-10-01")])),
    ("norway-again", "2026-01-15T10:00:00Z", "Norway repeats its no", NO_AGAIN,
     Knowledge(facts=[_fact("NO", "ground_troops", "declined", NO_AGAIN, "2026-01-15"),
                      _fact("NO", "equipment", "committed", NO_AGAIN, "2026-01-15")])),
    ("croatia-drops", "2026-03-03T10:00:00Z", "Zagreb drops its offer", HR_DROP,
     Knowledge(facts=[_fact("HR", "ground_troops", "declined", HR_DROP, "2026-03-03")])),
    ("finland-claim", "2026-02-20T10:00:00Z", "Fact check: no Finnish snipers near Kharkiv", f"{FI_CLAIM} {FI_DENY}",
     Knowledge(statements=[{"speaker_code": "RU", "quote": FI_CLAIM, "topic": "claim", "date": "2026-02-20"}])),
    ("lithuania-claim", "2026-02-25T10:00:00Z", "Bloggers spread a bunker story", LT_CLAIM, Knowledge()),
    ("force-phases", "2026-04-01T10:00:00Z", "How big the force would be", f"{FIG_PHASE} {FIG_FULL}",
     Knowledge(figures=[_figure("force_size", 12000, FIG_PHASE, "2026-04-01", qualifier="roughly"),
                        _figure("force_size", 35000, FIG_FULL, "2026-04-01", qualifier="some")])),
    ("force-planners", "2026-05-01T10:00:00Z", "Planners want a bigger force", FIG_PLANNERS,
     Knowledge(figures=[_figure("contribution_size", 50000, FIG_PLANNERS, "2026-05-01", qualifier="at least")])),
    ("estonia-company", "2026-05-20T10:00:00Z", "Tallinn commits a company", EE_UNIT,
     Knowledge(facts=[_fact("EE", "ground_troops", "committed", EE_UNIT, "2026-05-20", size=120)],
               figures=[_figure("contribution_size", 120, EE_UNIT, "2026-05-20", proposer_code="EE")])),
    ("ireland-weighs", "2025-12-01T10:00:00Z", "Dublin weighs a peacekeeping role", IE_WEIGH,
     Knowledge(facts=[_fact("IE", "ground_troops", "considering", IE_WEIGH, "2025-12-01")])),
    # The extraction missed this one: the vote's sentence names no country, the next names its government.
    ("dail-vote", "2026-06-03T10:00:00Z", "Parliament backs peacekeepers for the force", f"{IE_VOTE} {IE_NAMED}",
     Knowledge()),
]


@pytest.fixture(scope="module")
def db():
    return DESK.database(ARTICLES)


ANSWERABLE = [
    # Roles and contributions: every category, what is offered first
    ("What role will Romania play for the force?", ["logistics", "supply corridor", "committed"], "romania-corridor"),
    ("What part will Bucharest play?", ["logistics"], "romania-corridor"),
    ("What is Romania doing for the force?", ["logistics"], "romania-corridor"),
    ("How will Romania help the coalition?", ["logistics"], "romania-corridor"),
    ("What is Norway contributing?", ["air defence"], "norway-again"),
    # Changes of mind: before and after
    ("Has Belgium changed its mind about sending troops?", ["yes", "considering", "committed", "paratroopers"], "belgium-yes"),
    ("Has the Belgian government changed its position on a contingent?", ["yes", "considering", "committed"], "belgium-open"),
    ("How has Belgium's stance on soldiers evolved?", ["considering", "committed"], "belgium-yes"),
    ("Did Belgium reverse its decision on troops?", ["considering", "committed"], "belgium-yes"),
    ("Has Norway changed its mind about ground troops?", ["no", "no change", "rules out"], "norway-again"),
    ("Has Oslo shifted its stance on soldiers?", ["no change"], "norway-again"),
    ("Has Croatia changed its mind about troops?", ["yes", "describes a change", "withdrawing"], "croatia-drops"),
    # Claims: what was claimed, by whom, and the denial; never a "yes"
    ("Are Finnish snipers secretly operating near Kharkiv?", ["claim", "russian", "denied", "invention"], "finland-claim"),
    ("Is it true that Finnish snipers are in Kharkiv?", ["claim", "no finnish soldier"], "finland-claim"),
    ("Are Finnish soldiers in Kharkiv?", ["claim", "invention"], "finland-claim"),
    ("Did Russia accuse Finland of sending snipers?", ["yes", "made that claim", "invention"], "finland-claim"),
    ("Are Lithuanian engineers building bunkers near Sumy?", ["claim", "no confirmation", "alleged"], "lithuania-claim"),
    # Figures: the one whose sentence carries the question's words
    ("How large will the force be in its opening phase?", ["12,000"], "force-phases"),
    ("How big will the force be at full strength?", ["35,000"], "force-phases"),
    ("How many troops do military planners say a credible force needs?", ["50,000"], "force-planners"),
    ("How many soldiers will Estonia send?", ["120"], "estonia-company"),
    # Recency: a newer report the table lacks leads the answer
    ("Is Ireland sending peacekeepers to Ukraine?", ["yes", "150 peacekeepers", "Dail", "weighing"], "dail-vote"),
    ("Will Ireland send troops to the force?", ["newer report", "approved"], "dail-vote"),
]


@pytest.mark.parametrize(("question", "expected", "slug"), ANSWERABLE, ids=[q for q, _, _ in ANSWERABLE])
def test_answerable(db, question: str, expected: list[str], slug: str) -> None:
    DESK.check(answer_question(db, question), expected, slug)


UNANSWERABLE = [
    "What role will Argentina play for the force?",  # a country never mentioned
    "What is Chile contributing?",
    "Has Mexico changed its mind about troops?",
    "Has Belgium changed its mind about fishing quotas?",  # a topic never covered
    "Are Finnish snipers secretly operating near Odesa?",  # the claim names another place
    "Are Maltese divers secretly in Kharkiv?",  # nor this country
    "Are Finnish submarines secretly in the Caspian Sea?",
    "How large will the force be according to Brazil?",  # no figure of Brazil's
    "How many soldiers will Portugal send?",
]


@pytest.mark.parametrize("question", UNANSWERABLE)
def test_unanswerable(db, question: str) -> None:
    a = answer_question(db, question)
    assert a.found is False, a.answer
    assert a.sources == []


def test_a_claim_is_never_answered_yes(db) -> None:
    a = answer_question(db, "Are Finnish snipers secretly operating near Kharkiv?")
    assert not a.answer.lower().startswith("yes"), a.answer
    assert a.answer.index(FI_CLAIM) < a.answer.index(FI_DENY)


def test_a_role_lists_what_is_offered_before_what_is_refused(db) -> None:
    a = answer_question(db, "What role will Romania play for the force?")
    assert a.answer.index("logistics") < a.answer.index("ground troops"), a.answer


def test_a_whole_force_question_is_not_answered_with_one_countrys_unit(db) -> None:
    for question in ("How large will the force be?", "How many troops will the force have initially?"):
        a = answer_question(db, question)
        assert a.found, a.answer
        assert "120" not in a.answer and "Estonia" not in a.answer, a.answer


def test_a_history_answer_orders_before_and_after(db) -> None:
    a = answer_question(db, "Has Belgium changed its mind about sending troops?")
    assert a.answer.index(BE_OPEN) < a.answer.index(BE_YES), a.answer


def test_the_newer_report_cites_both_and_names_the_actor(db) -> None:
    a = answer_question(db, "Is Ireland sending peacekeepers to Ukraine?")
    assert a.answer.index(IE_VOTE) < a.answer.index(IE_WEIGH), a.answer
    assert IE_NAMED in a.answer
    assert {BE: 0 for BE in (BASE + "dail-vote", BASE + "ireland-weighs")}.keys() <= {s.url for s in a.sources}


def test_an_older_report_never_overrides_the_table(db) -> None:
    a = answer_question(db, "Will Belgium send soldiers?")
    assert a.answer.startswith("Yes."), a.answer
    assert "newer report" not in a.answer.lower()


@pytest.mark.parametrize(
    ("question", "role", "history", "claim", "kind"),
    [
        ("What role will Poland play for the force?", True, False, False, "stance"),
        ("What is New Zealand doing for Ukraine?", True, False, False, "stance"),
        ("What did Spain offer instead of troops?", False, False, False, "instead"),
        ("Has Prague changed its mind about a contingent?", False, True, False, "stance"),
        ("Why did Slovenia withdraw its offer?", False, False, False, "stance"),
        ("Are Greek commandos secretly deployed in Odesa?", False, False, True, "stance"),
        ("Did Moscow claim that Finnish snipers are in Kharkiv?", False, False, True, "statement"),
    ],
)
def test_parsing_of_the_families(question: str, role: bool, history: bool, claim: bool, kind: str) -> None:
    q = parse(question)
    assert (q.role, q.history, q.claim, q.kind) == (role, history, claim, kind)
