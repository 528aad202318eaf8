"""The Slack front-end (slack-bolt): ``/brief`` and its subcommands, mentions, the assistant pane, digests.

Thin, like the Discord one: :mod:`.parse` reads what was typed, :mod:`.commands`, :mod:`.events` and
:mod:`.actions` call the core's :class:`~briefings.commands.Briefings` and admin services, and
:mod:`.render` draws the core's replies as Block Kit, escaped by :mod:`.escape`. :mod:`.app` runs
it in Socket Mode or HTTP mode.
"""
