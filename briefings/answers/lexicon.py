"""Word lists that steer the question parser and the evidence checks."""

from __future__ import annotations

import re
from typing import Final

from briefings.extract.dates import MONTHS as MONTHS  # month names and abbreviations -> 1..12

STOP_WORDS: Final = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been before
    being below between both but by can cannot could couldn't did didn't do does doesn't doing don't down
    during each either else ever few for from further had hadn't has hasn't have haven't having he her here
    hers herself him himself his how however i if in into is isn't it its itself just let me more most my
    myself no nor not now of off on once only or other others our ours ourselves out over own per same
    she should so some such than that the their theirs them themselves then there these they this those
    through to too under until up upon us very was wasn't we were weren't what whatever when where whether
    which while who whom whose why will with within without won't would wouldn't yet you your yours
    yourself anything something nothing everything anyone someone one ones many much may might must shall
    s t d ll m o re ve y tell say said says saying told know known think thought please there's what's
    currently latest recently still already ever far""".split()
)

# Words that describe the whole story: every evidence sentence shares some of them, so they never make
# a sentence the answer on their own, and a question's own topic lies in its other words.
GENERIC_WORDS: Final = frozenset(
    """coalition willing force forces troop troops soldier soldiers ukraine ukrainian ukrainians kyiv kiev
    country countries nation nations state states european europe eu member members government governments
    military send sending sent deploy deployed deploying deployment contribute contributed contributing
    contribution contributions plan plans planned alliance volunteer reassurance multinational peace
    peacekeeping peacekeeper peacekeepers mission ceasefire war security guarantee guarantees support
    leader leaders official officials minister ministers president prime part take took join joining
    offer offered pledge pledged pledges commit committed commitment ready help provide provided
    position stance view decide decided decision put puts putting boots boot give gives giving gave""".split()
)

# Words that only shape the question ("how many", "when did ... meet").
FRAME_WORDS: Final = frozenset(
    """many much large big size number total amount long date day time happen happened place took
    hold held meet met meeting attend attended attending participate participated present answer
    announce announced question instead besides beside rather apart aside addition except alternative
    host hosted hosting chair chaired year years month week today yesterday now summit summits conference
    talks gathering session want wants wanted need needs going expect expected happen happens aside last next
    this past previous ago coming work works working""".split()
)

YES_NO_OPENERS: Final = frozenset(
    "will would did does do has have is are was were can could should shall".split()
)

# Question words -> a category of SPEC §4.
CATEGORY_WORDS: Final = {
    "ground_troops": (
        "troop troops soldier soldiers peacekeeper peacekeepers peacekeeping personnel boots ground army "
        "armies contingent contingents land forces brigade battalion"
    ),
    "air": "air jets jet planes plane aircraft fighter fighters skies sky airspace policing",
    "maritime": "maritime naval navy sea ships ship warships mine mines minesweeping shipping black",
    "logistics": "logistics logistical transport supply supplies hub hubs",
    "intelligence": "intelligence surveillance reconnaissance",
    "training": "training train trainers instructors instruct",
    "funding": (
        "money funding fund funds finance financing financial loan loans budget cash euros pounds dollars kroner "
        "earmark earmarked earmarks allocate allocated allocates spend spending spent donate donated lend lending"
    ),
    "equipment": "weapons weapon missiles missile arms equipment ammunition tanks artillery drones defence defense",
    "humanitarian": "humanitarian medical demining generators aid relief reconstruction",
}
# Word pairs checked before single words.
CATEGORY_PHRASES: Final = {
    "air defence": "equipment",
    "air defense": "equipment",
    "air support": "air",
    "air policing": "air",
    "export finance": "funding",
    "military aid": "equipment",
    "boots on the ground": "ground_troops",
    "troops on the ground": "ground_troops",
    "on the ground": "ground_troops",
    "set foot": "ground_troops",
    "set aside": "funding",
    "black sea": "maritime",
}
# Words too weak to pick a category on their own when another category word is present.
WEAK_CATEGORY_WORDS: Final = frozenset({"ground", "land", "forces", "black", "sea", "defence", "defense", "aid", "air"})

STATUS_PHRASES: Final = (
    # (phrase, status), longest and negated forms first
    ("not ruled out", "considering"),
    ("not ruling out", "considering"),
    ("haven't ruled out", "considering"),
    ("have not ruled out", "considering"),
    ("has not ruled out", "considering"),
    ("not yet decided", "considering"),
    ("undecided", "considering"),
    ("open to", "considering"),
    ("considering", "considering"),
    ("consider", "considering"),
    ("thinking about", "considering"),
    ("weighing", "considering"),
    ("hesitant", "considering"),
    ("on the fence", "considering"),
    ("not approved", "declined"),
    ("not been approved", "declined"),
    ("voted against", "declined"),
    ("withdrew", "declined"),
    ("withdrawn", "declined"),
    ("pulled back", "declined"),
    ("pulls back", "declined"),
    ("pulled out", "declined"),
    ("no longer", "declined"),
    ("ruled out", "declined"),
    ("rule out", "declined"),
    ("ruling out", "declined"),
    ("refused", "declined"),
    ("refuse", "declined"),
    ("declined", "declined"),
    ("decline", "declined"),
    ("rejected", "declined"),
    ("reject", "declined"),
    ("won't", "declined"),
    ("will not", "declined"),
    ("not send", "declined"),
    ("not sending", "declined"),
    ("not willing", "declined"),
    ("unwilling", "declined"),
    ("said no", "declined"),
    ("opposed", "declined"),
    ("against sending", "declined"),
    ("approved", "committed"),
    ("approves", "committed"),
    ("authorised", "committed"),
    ("authorized", "committed"),
    ("ready", "committed"),
    ("willing", "committed"),
    ("prepared", "committed"),
    ("committed", "committed"),
    ("commit", "committed"),
    ("pledged", "committed"),
    ("pledge", "committed"),
    ("promised", "committed"),
    ("agreed", "committed"),
    ("offered", "committed"),
    ("signed up", "committed"),
    ("will send", "committed"),
    ("sending", "committed"),
    ("send", "committed"),
    ("contribute", "committed"),
    ("contributing", "committed"),
    ("providing", "committed"),
    ("provide", "committed"),
)

# Status phrases that are only verbs of giving: they say nothing about a stance on their own.
WEAK_STATUS_PHRASES: Final = frozenset(
    {"send", "sending", "contribute", "contributing", "provide", "providing", "pledge", "offered", "commit"}
)

INSTEAD_PHRASES: Final = (
    "instead of", "instead", "besides", "other than", "apart from", "aside from", "in addition to",
    "rather than", "except", "beyond", "in place of", "alternative to", "on top of",
)

EVENT_KINDS: Final = {
    "summit": "summit", "summits": "summit", "meeting": "meeting", "meetings": "meeting", "meet": "meeting",
    "met": "meeting", "talks": "meeting", "conference": "meeting", "gathering": "meeting",
    "call": "call", "videoconference": "call", "video": "call", "visit": "visit", "trip": "visit",
    "travelled": "visit", "traveled": "visit", "declaration": "declaration", "statement": "declaration",
}

MONTH_NAMES: Final = (
    "January February March April May June July August September October November December".split()
)

NEGATIONS: Final = ("no ", "not ", "n't", "without", "excluding", "except", "absent", "stayed away", "neither", "nor ")

# "What role will Poland play?", "What is Norway doing for the force?": a question about everything an
# actor offers or refuses, over all categories (unless it names one).
ROLE_PATTERN: Final = (
    r"\b(role|roles|part)\b.*\b(play|plays|playing|played|have|has|take|takes)\b|\bwhat(?:'s| is| are)\s+(?:the\s+)?"
    r"[\w' ]{0,30}?\b(role|roles|part|contribution|contributions)\b|\bwhat\s+(?:is|are|will|would|does|do|did|has|have)"
    r"\s+[\w' -]{1,40}?\s+(doing|do|bring|bringing|offer|offering|contribute|contributing|provide|providing|give|giving)"
    r"\b(?!\s+(?:instead|besides|apart|rather|in addition|other than))|\bhow\s+(?:will|would|does|do|is|are|can)\s+"
    r"[\w' -]{1,40}?\s+(help|helping|contribute|contributing|support|supporting|take part|participate)\b"
)
# "Has Prague changed its mind?", "How has Italy's stance evolved?": the history of a stance.
HISTORY_PATTERN: Final = (
    r"\b(chang\w*\s+(?:its|their|his|her|the|of)?\s*(?:mind|minds|position|positions|stance|stances|view|views|line|"
    r"heart|course|policy|tune)|changed|revers\w*|u-?turns?|flip-?flop\w*|backtrack\w*|back-?pedal\w*|"
    r"evolv\w*|shift\w*|go(?:ne)? back on|went back on|before and after|over time|still (?:the same|hold\w*)|"
    r"any change|same (?:position|stance|line) as before|used to)\b"
)
# "Are Greek special forces secretly in Odesa?", "Is it true that ...": a question about a claim.
CLAIM_PATTERN: Final = (
    r"\b(claim\w*|alleg\w*|rumou?r\w*|reportedly|reports? (?:that|of|say)|secret\w*|covert\w*|disguis\w*|"
    r"undercover|under cover|true that|is it true|really|accus\w*|fake|hoax|disinformation|propaganda|fabricat\w*)\b"
)
# Words that shape such questions: they are no topic to find in the evidence.
SHAPE_WORDS: Final = frozenset(
    """role roles part play plays playing played doing bring bringing change changed changes changing mind minds
    reverse reversed reversal reversing u-turn turn evolve evolved evolving shift shifted shifting backtrack
    backtracked course line tune heart since true really actually claim claims claimed alleged allege
    allegedly accuse accused accuses rumour rumours rumor rumors""".split()
)
# A question about the terms of a stance ("what conditions has X set", "under what conditions would X");
# its frame words are no topic that an answer sentence must repeat (see :mod:`.conditions`).
CONDITIONS_RE = re.compile(
    r"\b(?:conditions?|preconditions?|prerequisites?|requirements?|caveats?|strings\s+attached)\b"
    r"|\bunder\s+what\b|\bon\s+what\s+(?:basis|terms)\b|\bwhat\s+would\s+it\s+take\b"
)
CONDITION_FRAME_STEMS = frozenset(
    {"condit", "precondit", "prerequisit", "requir", "caveat", "string", "attach", "set", "impos", "laid", "lay", "put", "term"}
)

# Seats of government and venues that stand for their city in news text: a summit "at the Elysee Palace" was
# held in Paris. Keys and values are lower-case words; matching is by stem (see :mod:`.counts`).
CITY_VENUES: Final = {
    "paris": ("elysee", "élysée", "matignon", "quai"),
    "london": ("downing", "lancaster", "whitehall"),
    "berlin": ("chancellery", "kanzleramt", "bundestag"),
    "washington": ("pentagon", "capitol"),
    "moscow": ("kremlin",),
    "rome": ("chigi", "quirinale"),
    "brussels": ("berlaymont",),
}

