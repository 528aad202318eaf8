"""Synchronous builders of each command's reply; they run on a database thread.

Each takes the database and the parsed arguments and returns a :class:`~briefings.replies.Reply`
made of typed blocks, with its numbered sources and its typed payload (what ``--json`` prints).
"""

from briefings.commands.views.answer import answer_reply
from briefings.commands.views.digest import digest
from briefings.commands.views.explain import explain
from briefings.commands.views.misc import (
    CONSOLE_HELP,
    HELP,
    SAMPLE_KEY,
    about,
    fts_match,
    help_reply,
    is_sample,
    sources,
)
from briefings.commands.views.pledges import country, pledges
from briefings.commands.views.timeline import merge_events, timeline

__all__ = [
    "CONSOLE_HELP", "HELP", "SAMPLE_KEY", "about", "answer_reply", "country", "digest", "explain", "fts_match", "help_reply", "is_sample",
    "merge_events", "pledges", "sources", "timeline",
]
