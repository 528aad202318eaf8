"""What a clause offers: its categories and its own sizes (rules in :mod:`.cues_categories`).

* :func:`categories_of` — the categories named in a clause, with the position of their first cue:
  specific cues first; someone else's troops, people sent to train and staff at a headquarters are no
  ground troops; "pay for X" names X; mines at sea are maritime; money is funding; units kept elsewhere
  ("at home", "on Polish soil") are no contribution to the force; hubs or supply routes a force guards or
  watches over are its task, not ``logistics`` given; aircraft an actor bases and flies
  itself for an air task (air policing, watching the skies) are ``air``, not ``equipment``; hardware that is
  only the source of shared intelligence ("intelligence from drones and satellites") is no ``equipment``; generic participation cues mean ground troops
  only when nothing specific is named, and attending a meeting is no participation.
* :func:`own_sizes` — personnel numbers that are the actor's own (ground troops or trainers).
* :func:`locally_negated` — categories under a local negation ("only logistics, not troops"), and
  ground troops left out ("will lead the monitoring without American soldiers on the ground").
"""

from __future__ import annotations

import re

from briefings.extract import cues
from briefings.extract.figures import Number, find_money, personnel_numbers


def blank(m: re.Match[str]) -> str:
    """Spaces in place of a match (offsets kept)."""
    return " " * len(m.group(0))


def _within(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _may_train(text: str) -> bool:
    """Cheap gate of ``cues.TRAINERS`` (all its cues contain one of these)."""
    low = text.lower()
    return "train" in low or "instruct" in low or "mentor" in low or "advis" in low


def own_sizes(text: str) -> tuple[list[Number], list[Number]]:
    """(ground troop sizes, training contingent sizes) of a clause: personnel numbers that are the
    actor's own, not the whole force and not someone else's troops ("train 500 Ukrainian soldiers");
    people sent to train ("100 personnel to train Ukrainian soldiers", "50 instructors") size training."""
    numbers = [n for n, whole in personnel_numbers(text) if not whole]
    if not numbers:
        return [], []
    others = [m.span() for m in cues.OTHERS_TROOPS.finditer(text)]
    trainers = [m.span() for m in cues.TRAINERS.finditer(text)] if _may_train(text) else []
    ground: list[Number] = []
    training: list[Number] = []
    for n in numbers:
        if _within(n.start, others) or any(n.end <= s <= n.end + 3 for s, _ in others):
            continue
        if any(n.end <= s <= n.end + 40 and re.fullmatch(r"[\s\w-]*", text[n.end : s]) for s, _ in trainers):
            training.append(n)
        else:
            ground.append(n)
    return ground, training


_GUARDED = re.compile(
    r"\b(?:guard\w*|protect\w*|watch\w*\s+over|secur(?:e|es|ing)|monitor\w*|defend\w*|patrol\w*)\s+(?:[\w-]+\s+){0,4}$", re.I
)


def categories_of(text: str) -> dict[str, int]:
    """Categories named in a clause text, with the position of their first cue."""
    others = [m.span() for m in cues.OTHERS_TROOPS.finditer(text)]
    trained = cues.TRAINED_PASSIVE.search(text) if "trained" in text else None
    if trained:  # "Ukrainian recruits will be trained by Britain"
        others.append(trained.span())
    trainers: list[tuple[int, int]] | None = None
    found: dict[str, int] = {}
    for cat, rx in cues.SPECIFIC.items():
        for m in rx.finditer(text):
            if cat == "ground_troops":
                if _within(m.start(), others):
                    continue  # someone else's troops
                if trainers is None:
                    trainers = [t.span() for t in cues.TRAINERS.finditer(text)] if _may_train(text) else []
                if _within(m.start(), trainers):
                    continue  # people sent to train others
            elif cat != "training" and cues.PEOPLE_AFTER.match(text, m.end()):
                continue  # "drone operators", "F-16 pilots" are people, not hardware
            if cat == "logistics" and m.group(0).lower().startswith("headquarters") and cues.STAFF_ONLY.search(text):
                continue  # officers serving at a headquarters are staff
            if cat == "logistics" and _GUARDED.search(text, max(0, m.start() - 50), m.start()):
                continue  # "guard one of the hubs", "watch over the supply routes": the task, not logistics given
            found.setdefault(cat, m.start())
            break
    if trained:
        found.setdefault("training", trained.start())
    if find_money(text):
        found.setdefault("funding", 0)
    if not found:
        paid = cues.FUNDING_VERBS.search(text)
        if paid:
            found["funding"] = paid.start()
    if "equipment" in found and "intelligence" in found and _intel_sources_only(text):
        del found["equipment"]  # "share intelligence from drones and satellites": the hardware is the source
    if "equipment" in found and "air" in found and _own_aircraft(text):
        del found["equipment"]  # "four F-16 jets based in Romania for air policing" are the actor's air assets
    if "humanitarian" in found and cues.MINES.search(text) and cues.SEA_CONTEXT.search(text):
        found.setdefault("maritime", found["humanitarian"])
        if not re.search(r"\bhumanitarian|generators?|medical|winter|reconstruction", text, re.I):
            del found["humanitarian"]
    ground_sizes, training_sizes = own_sizes(text)
    if ground_sizes:
        found.setdefault("ground_troops", 0)
    if training_sizes:
        found.setdefault("training", 0)
    elsewhere = bool(cues.ELSEWHERE.search(text)) and not cues.JOINS_FORCE.search(text)
    if elsewhere and (cues.STAY_HOME.search(text) or cues.SAME_SOIL.search(text)):
        # "soldiers will stay at home", "Polish troops stay on Polish soil" are refusals, not units elsewhere
        elsewhere = bool(cues.ELSEWHERE.search(cues.SAME_SOIL.sub(blank, cues.STAY_HOME.sub(blank, text))))
    if "ground_troops" in found and elsewhere:
        del found["ground_troops"]
    if not found and not elsewhere and not cues.STAFF_ONLY.search(text):
        for m in cues.GENERIC_GROUND.finditer(text):
            if any(s <= m.start() < e for s, e in others):
                continue
            if re.match(r"(?:took|participated|joined)\b", m.group(0), re.I) or _attendance(text, m):
                continue
            found["ground_troops"] = m.start()
            break
    return found


# Hardware named as the source of shared intelligence: "intelligence from drones, satellites and sensors".
_INTEL_SOURCE = re.compile(
    r"\b(?:intelligence|data|imagery|images|information|feeds?|reconnaissance)\s+(?:gathered\s+|collected\s+)?(?:from|by)"
    r"\s+(?:(?:its|their|the|US|American|allied)\s+)?(?:[\w-]+(?:,\s+|\s+(?:and|or)\s+|\s+)){0,5}[\w-]+",
    re.I,
)


def _intel_sources_only(text: str) -> bool:
    spans = [m.span() for m in _INTEL_SOURCE.finditer(text)]
    return bool(spans) and all(_within(m.start(), spans) for m in cues.SPECIFIC["equipment"].finditer(text))


_AIRCRAFT_TYPE = re.compile(r"(?:F-16|Gripen|Mirage|Rafale|Typhoon|F-35)", re.I)
_BASED = re.compile(r"\b(?:bas(?:e|es|ed|ing)|station\w*|deploy\w*|fly|flies|flying|rotat\w+)\b", re.I)
# An air task the aircraft are flown for: the coalition's air policing, watching the skies.
_AIR_TASK = re.compile(
    r"\b(?:air\s+(?:policing|patrol\w*|surveillance|cover|component|mission|shield)|skies|sky|airspace|surveillance)\b", re.I
)
_HANDED_OVER = re.compile(r"\b(?:deliver\w*|donat\w+|transfer\w*|giv(?:e|es|ing|en)|gave|hand\w*\s+over|to\s+Ukraine|to\s+Kyiv)\b", re.I)


def _own_aircraft(text: str) -> bool:
    """True when the only hardware of a clause about air tasks is aircraft the actor bases and flies itself
    ("will base four F-16 jets in Romania for air policing", "offers two Gripens for the mission's air
    patrols"), not aircraft handed over to Ukraine ("will deliver six F-16s to Ukraine")."""
    if not (_BASED.search(text) or _AIR_TASK.search(text)) or _HANDED_OVER.search(text):
        return False
    return all(_AIRCRAFT_TYPE.match(m.group(0)) for m in cues.SPECIFIC["equipment"].finditer(text))


_MEETING_AFTER = re.compile(
    r"\s+(?:(?:in|at|on|to|into)\s+|(?=(?:the|a|an|this|that)\s))(?:[\w'’-]+\s+){0,3}?(?:meeting|summit|talks|video\s?call|call"
    r"|conference|gathering|session|discussions?|contest|competition|tournament|championships?|games|election|exercises?"
    r"|drills?|festival|show)s?\b",
    re.I,
)
_DELEGATES = re.compile(r"\b(?:representatives?|delegations?|delegates?|observers?|envoys?)\b", re.I)


def _attendance(text: str, cue: re.Match[str]) -> bool:
    """True when a participation cue is about attending a meeting ("take part in the talks")."""
    if _DELEGATES.search(text):
        return True
    return bool(re.match(r"(?:tak|particip|involv|join|attend)", cue.group(0), re.I) and _MEETING_AFTER.match(text, cue.end()))


# "without American soldiers on the ground", "without boots on the ground": the actor's own soldiers left out
# (SPEC §4: "no American ground troops, help by air"). A demonym here is checked against the actor in facts.
WITHOUT_TROOPS = re.compile(
    r"\bwithout\s+(?:any\s+|its\s+own\s+|their\s+own\s+|(?-i:[A-Z])[\w'’-]+\s+)?(?:ground\s+)?(?:troops|soldiers|boots)\b"
    r"(?:\s+on\s+the\s+ground)?",
    re.I,
)


def locally_negated(text: str) -> set[str]:
    """Categories named right after "not", "rather than", "instead of" in a clause; soldiers after "without"."""
    out: set[str] = set()
    if "without" in text and WITHOUT_TROOPS.search(text):
        out.add("ground_troops")
    for m in cues.LOCAL_NEGATION.finditer(text):
        window = text[m.start() : m.end() + 40]
        window = re.sub(r"^(?:,\s*(?:but\s+)?not|but\s+not|rather\s+than|instead\s+of)", "", window, flags=re.I)
        out.update(categories_of(window))
    return out
