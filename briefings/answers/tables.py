"""Answers from the pledge table and its history, gathered under one name for the engine.

Each function returns an :class:`~briefings.answers.model.Answer` when the structured data answers the
question, else None (the caller then falls back to sentences). They live by theme:

- :mod:`.stances`: an actor's current stance (:func:`stance`);
- :mod:`.changes`: how a stance moved and when it was taken (:func:`stance_history`, :func:`when_fact`);
- :mod:`.lists`: countries by stance, what else an actor offers (:func:`country_list`, :func:`instead`);
- :mod:`.amounts`: money and force sizes (:func:`money`, :func:`sizes`);
- :mod:`.pledges`: what they share (:func:`summary_line`, :func:`residual_keys`, ``STATUS_STEMS``).
"""

from __future__ import annotations

from briefings.answers.amounts import money, sizes
from briefings.answers.changes import stance_history, when_fact
from briefings.answers.lists import country_list, instead
from briefings.answers.pledges import STATUS_STEMS, residual_keys, summary_line
from briefings.answers.stances import stance

__all__ = [
    "STATUS_STEMS",
    "country_list",
    "instead",
    "money",
    "residual_keys",
    "sizes",
    "stance",
    "stance_history",
    "summary_line",
    "when_fact",
]
