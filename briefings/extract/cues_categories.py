"""Category vocabularies: what a clause offers (see :mod:`.cues` for the whole picture).

Category rules (SPEC §4):

* Each category has *specific* cues ("troops", "air policing", "naval", "logistical", "intelligence",
  "train Ukrainian troops", money amounts, "missiles", "humanitarian"...). A clause yields one fact
  per category it names, so "logistical, financial, humanitarian and military support" gives four.
* *Generic* participation cues ("take part", "be involved", "contribute", "deployment", "security
  guarantees", "the reassurance force", "the army") mean ground troops only when the clause names
  no specific category: "Croatia will not be involved" is about soldiers, "Japan will contribute
  funding to the force" is about money.
* Troop words that name someone else's troops are not a contribution: "Ukrainian troops", "allied
  forces", "Russian soldiers", and troops that are the object of "train", "host", "rebuild".
  Training them is ``training``; hosting them is ``logistics``.
* People named by their hardware are no hardware: "drone operators", "F-16 pilots", "tank crews" (and
  schools or courses for them) are ``training`` only; training covers crews, sailors, sappers, cadets...,
  and passives name the trainer after "by" ("Ukrainian recruits will be trained by Britain"). People
  sent to train others ("100 personnel to train Ukrainian soldiers", instructors) are no ground troops.
* A role, presence or part "on land" / "on the ground" is ``ground_troops``; officers serving at a
  headquarters are staff (no logistics, no troops).
* "Pay for", "fund the ..." name what is paid for ("pay for demining" is humanitarian); only when the
  clause names nothing else are they ``funding``.
* Mines and demining are ``maritime`` when the clause is about the sea, else ``humanitarian``.
* Money (an amount with a currency, loans, export finance, "not a cent", paying "towards"/"into" the
  mission or a fund) is ``funding``; when the money buys
  weapons named in the same clause ("export finance so that Ukraine can buy missiles") the weapons
"""

from __future__ import annotations

import re
from typing import Final

from briefings.extract.cues_gate import Vocabulary, _rx
from briefings.extract.rules import vocabulary

_I = re.IGNORECASE

SPECIFIC: Final = {cat: vocabulary("rules-categories.toml", cat) for cat in (
    "ground_troops", "air", "maritime", "logistics", "intelligence",
    "training", "funding", "equipment", "humanitarian",
)}

GENERIC_GROUND: Final = vocabulary("rules-categories.toml", "generic_ground")
# Paying for something names what is paid for ("pay for demining" is humanitarian); only when nothing
# else is named is it money: "Norway will fund the force's headquarters".
FUNDING_VERBS: Final = vocabulary("rules-categories.toml", "funding_verbs")
# Someone else's troops, or troops that are trained/hosted rather than sent.
OTHERS_TROOPS: Final = _rx(
    r"""\b(?:Ukrainian|Ukraine['’]s|Russian|Russia['’]s|North\s+Korean|allied|enemy|foreign|NATO|Western|European
    |international|multinational)\s+(?:\w+\s+)?(?:troops?|soldiers?|forces|army|armed\s+forces|personnel|military
    |brigades?|battalions?|units?|companies|contingents?)\b
    | \b(?:train|trains|training|trained|host|hosts|hosting|hosted|rebuild|rebuilding|prepare|preparing|equip|equipping
    |arm|arming|support|supporting|help|helping|reinforce|protect)\s+(?:\w+\s+){0,2}(?:troops?|soldiers?|forces|army
    |armed\s+forces|personnel|military|brigades?|battalions?)\b"""
)
# Troops that are trained (a passive): training, and not the actor's own troops. Only searched in a text
# with "trained" (see offers.categories_of).
TRAINED_PASSIVE: Final = _rx(
    r"""\b(?:troops?|soldiers?|forces|personnel|pilots|recruits|brigades|units|crews|sailors|operators|cadets|officers
    |specialists|conscripts)\s+(?:\w+\s+){0,2}?(?:be|been|being|is|are|was|were)\s+(?:\w+\s+)?trained\b"""
)
# People sent to train others: "100 personnel to train Ukrainian soldiers", "soldiers who will serve as instructors".
TRAINERS: Final = _rx(
    r"""\b(?:troops|soldiers|personnel|servicemen|servicewomen|service\s+members|military\s+personnel|staff|specialists
    |experts|officers|people|forces?|team|teams|contingent)\s+(?:\w+\s+){0,5}?(?:to\s+(?:help\s+)?train|for\s+(?:the\s+)?training
    |as\s+(?:instructors|trainers|mentors)|who\s+(?:will\s+|would\s+)?train)\b | \b(?:instructors|trainers|mentors|military\s+advisers)\b"""
)
# Staying at home is a refusal, not units kept elsewhere: "Polish soldiers will stay at home".
STAY_HOME: Final = _rx(
    r"\b(?:stay|stays|stayed|staying|remain|remains|remained|keep|keeps|kept|keeping)\s+(?:\w+\s+){0,2}?(?:at\s+home\b"
    r"|on\s+(?:(?:its|their|our)\s+own|home|national)\s+(?:soil|territory)\b)"
)
# "Polish troops stay on Polish soil": a country's own soldiers kept on its own soil (same demonym twice).
SAME_SOIL: Final = Vocabulary(
    re.compile(  # (behind the same word-start gate as every vocabulary)
        r"(?<!\w)(?=\w)(?:\b((?-i:[A-Z])\w+)\s+(?:troops|soldiers|forces|units|personnel)\s+(?:\w+\s+){0,3}?(?:stay|stays|stayed|staying|remain"
        r"|remains|remained|be\s+kept|are\s+kept)\s+(?:\w+\s+)?(?:on|in|inside|within)\s+\1\s+(?:soil|territory)\b)",
        _I,
    ),
    ("soil", "territory"),
)
# Hardware or service words that only name the kind of people: "drone operators", "tank crews", "F-16 pilots".
PEOPLE_AFTER: Final = re.compile(
    r"(?:[\s-]+(?!(?:and|or|plus)\b)\w+)?\s+(?:operators?|pilots?|crews?|technicians|mechanics|specialists|instructors|engineers|officers|cadets"
    r"|school|academy|course|courses)\b",
    _I,
)
SEA_CONTEXT: Final = _rx(
    r"\b(?:sea|seas|naval|navy|maritime|waters|ports?|shipping|coast\w*|Black\s+Sea|ships?|vessels?|frigates?|minesweepers?)\b"
    r"(?<!will\sship)(?<!to\sship)(?<!would\sship)(?<!instead\sship)(?<!also\sship)(?<!can\sship)"
)
MINES: Final = _rx(r"\bde-?mining\b | \bmine\s+clearance\b | \bclear(?:ing)?\s+(?:\w+\s+)?mines\b | \bmine-?clearing\b")
ATTENDANCE: Final = _rx(
    r"""\b(?:took|take|taking)\s+part\s+in\s+(?:the\s+|a\s+)?(?:\w+\s+){0,2}(?:meeting|summit|talks|call|conference|gathering)
    | \b(?:meeting|summit|talks|video\s?call|conference|representatives?|delegations?|observer)\b"""
)
ELSEWHERE: Final = _rx(
    r"""\b(?:guard|protect|defend|secure)\s+(?:its|their|our|the)\s+(?:own\s+)?(?:border|borders|territory|eastern\s+flank)\b
    | \b(?:in|to|into|on)\s+(?:the\s+)?(?:neighbou?ring|other|allied)\s+(?:NATO\s+)?(?:countries|states|allies|territory)\b
    | \bNATO['’]s\s+(?:eastern\s+)?flank\b | \bat\s+home\b | \b(?:on|in)\s+(?:its|their)\s+own\s+(?:soil|territory)\b
    | \bon\s+NATO\s+territory\b | \b(?:on|in)\s+(?:home|national|(?!Ukrain)(?-i:[A-Z])\w+)\s+(?:soil|territory)\b"""
)
# An explicit contribution to the force itself, which units based elsewhere do not cancel.
JOINS_FORCE: Final = _rx(
    r"""\bcontribut\w*\s+to\s+the\s+(?:\w+\s+)?(?:force|mission) | \bjoin\w*\s+the\s+(?:\w+\s+)?(?:force|mission)
    | \bpart\s+of\s+the\s+(?:\w+\s+)?(?:force|mission)"""
)
# Staff and planners sent to a headquarters are not a troop contribution.
STAFF_ONLY: Final = _rx(
    r"""\bplanners\b | \bstaff\s+officers\b | \bliaison\s+officers\b | \bheadquarters\s+staff\b
    | \bofficers\s+(?:\w+\s+){0,4}?(?:at|in|to)\s+(?:the\s+|its\s+)?(?:\w+\s+)?(?:headquarters|HQ|command)\b"""
)
