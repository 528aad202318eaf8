"""Some of the checks Discord makes on what a bot posts, answered as Discord does: 400 with code 50035
"Invalid Form Body" and an ``errors`` tree (or 50006 for an empty message).

Only limits a briefing bot can plausibly run into are checked: message and embed lengths, component counts,
contradictory ``allowed_mentions``, and the shape of registered application commands.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

INVALID_FORM_BODY = 50035
EMPTY_MESSAGE = 50006

_COMMAND_NAME = re.compile(r"^[-_\w]{1,32}$")
_FLAG_COMPONENTS_V2 = 1 << 15


class Problems:
    """Collects errors as Discord's nested ``errors`` object."""

    def __init__(self) -> None:
        self.tree: dict[str, Any] = {}

    def add(self, path: Sequence[str | int], code: str, message: str) -> None:
        node = self.tree
        for part in path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def __bool__(self) -> bool:
        return bool(self.tree)

    def body(self) -> dict[str, Any]:
        return {"message": "Invalid Form Body", "code": INVALID_FORM_BODY, "errors": self.tree}


def _max_length(problems: Problems, path: Sequence[str | int], value: Any, limit: int) -> int:
    if value is None:
        return 0
    text = str(value)
    if len(text) > limit:
        problems.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")
    return len(text)


def _check_embeds(problems: Problems, embeds: Sequence[Mapping[str, Any]]) -> None:
    if len(embeds) > 10:
        problems.add(["embeds"], "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
    total = 0
    for i, embed in enumerate(embeds):
        base: list[str | int] = ["embeds", i]
        total += _max_length(problems, [*base, "title"], embed.get("title"), 256)
        total += _max_length(problems, [*base, "description"], embed.get("description"), 4096)
        footer = embed.get("footer") or {}
        total += _max_length(problems, [*base, "footer", "text"], footer.get("text"), 2048)
        author = embed.get("author") or {}
        total += _max_length(problems, [*base, "author", "name"], author.get("name"), 256)
        fields = embed.get("fields") or []
        if len(fields) > 25:
            problems.add([*base, "fields"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        for j, fld in enumerate(fields):
            for key, limit in (("name", 256), ("value", 1024)):
                if not str(fld.get(key) or "").strip():
                    problems.add([*base, "fields", j, key], "BASE_TYPE_REQUIRED", "This field is required")
                total += _max_length(problems, [*base, "fields", j, key], fld.get(key), limit)
    if total > 6000:
        problems.add(["embeds"], "MESSAGE_EMBED_TOTAL_LENGTH", "Embed size exceeds maximum size of 6000")


def _check_components(problems: Problems, components: Sequence[Mapping[str, Any]], flags: int) -> None:
    seen: set[str] = set()

    def check_item(path: list[str | int], item: Mapping[str, Any]) -> None:
        custom_id = item.get("custom_id")
        if custom_id is not None:
            _max_length(problems, [*path, "custom_id"], custom_id, 100)
            if custom_id in seen:
                problems.add([*path, "custom_id"], "COMPONENT_CUSTOM_ID_DUPLICATED",
                             "Component custom id cannot be duplicated")
            seen.add(custom_id)
        if item.get("type") == 2:
            _max_length(problems, [*path, "label"], item.get("label"), 80)
            if (item.get("style") == 5) == (custom_id is not None):
                problems.add(path, "BUTTON_COMPONENT_INVALID", "A link button has a url and no custom_id, others the opposite")
        for k, child in enumerate(item.get("components") or []):
            check_item([*path, "components", k], child)
        if isinstance(item.get("accessory"), Mapping):
            check_item([*path, "accessory"], item["accessory"])

    if not flags & _FLAG_COMPONENTS_V2:
        if len(components) > 5:
            problems.add(["components"], "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
        for i, row in enumerate(components):
            if row.get("type") != 1:
                problems.add(["components", i], "UNION_TYPE_CHOICES", "Top-level components must be action rows")
            children = row.get("components") or []
            if len(children) > 5:
                problems.add(["components", i, "components"], "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
    for i, component in enumerate(components):
        check_item(["components", i], component)


def _check_allowed_mentions(problems: Problems, allowed: Any) -> None:
    if not isinstance(allowed, Mapping):
        return
    parse = allowed.get("parse") or []
    for kind in ("users", "roles"):
        if kind in parse and allowed.get(kind):
            problems.add(["allowed_mentions"], "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                         f'Allowed mention parse "{kind}" is mutually exclusive with the {kind} list')


def check_message(body: Any, *, creating: bool, has_files: bool = False) -> dict[str, Any] | None:
    """The error body Discord would answer for this message payload, or None if it is acceptable."""
    if not isinstance(body, Mapping):
        return {"message": "Invalid Form Body", "code": INVALID_FORM_BODY, "errors": {}} if creating else None
    problems = Problems()
    _max_length(problems, ["content"], body.get("content"), 2000)
    _check_embeds(problems, body.get("embeds") or [])
    _check_components(problems, body.get("components") or [], int(body.get("flags") or 0))
    _check_allowed_mentions(problems, body.get("allowed_mentions"))
    if problems:
        return problems.body()
    if creating and not (body.get("content") or body.get("embeds") or body.get("components") or has_files
                         or body.get("sticker_ids") or body.get("poll") or body.get("attachments")):
        return {"message": "Cannot send an empty message", "code": EMPTY_MESSAGE}
    return None


def _check_options(problems: Problems, path: list[str | int], options: Sequence[Mapping[str, Any]],
                   depth: int) -> None:
    if len(options) > 25:
        problems.add([*path, "options"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    names: set[str] = set()
    optional_seen = False
    for i, option in enumerate(options):
        here = [*path, "options", i]
        name = str(option.get("name", ""))
        if not _COMMAND_NAME.match(name) or name != name.lower():
            problems.add([*here, "name"], "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
        if name in names:
            problems.add([*here, "name"], "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
                         "Option names must be unique")
        names.add(name)
        description = str(option.get("description", ""))
        if not 1 <= len(description) <= 100:
            problems.add([*here, "description"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
        kind = option.get("type")
        if kind in (1, 2):
            if kind == 2 and depth > 0 or kind == 1 and depth > 1:
                problems.add([*here, "type"], "APPLICATION_COMMAND_OPTION_TYPE_INVALID", "Subcommands nest too deep")
            children = option.get("options") or []
            if kind == 2 and any(c.get("type") != 1 for c in children):
                problems.add([*here, "options"], "APPLICATION_COMMAND_OPTION_TYPE_INVALID",
                             "A subcommand group may only hold subcommands")
            _check_options(problems, here, children, depth + 1)
            continue
        if option.get("required"):
            if optional_seen:
                problems.add([*here, "required"], "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                             "Required options must be placed before non-required options")
        else:
            optional_seen = True
        choices = option.get("choices") or []
        if len(choices) > 25:
            problems.add([*here, "choices"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        if choices and option.get("autocomplete"):
            problems.add([*here, "autocomplete"], "APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE",
                         "Autocomplete cannot be set with choices")


def check_commands(commands: Any) -> dict[str, Any] | None:
    """The error body Discord would answer for a bulk overwrite of these commands, or None."""
    if not isinstance(commands, list):
        return {"message": "Invalid Form Body", "code": INVALID_FORM_BODY,
                "errors": {"_errors": [{"code": "BASE_TYPE_ARRAY", "message": "Must be an array."}]}}
    problems = Problems()
    if len(commands) > 100:
        problems.add([], "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
    seen: set[tuple[str, int]] = set()
    for i, command in enumerate(commands):
        problems_before = bool(problems)
        check_command(problems, [i], command)
        key = (str(command.get("name")), int(command.get("type", 1)))
        if key in seen and not problems_before:
            problems.add([i, "name"], "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique")
        seen.add(key)
    return problems.body() if problems else None


def check_command(problems: Problems, path: list[str | int], command: Mapping[str, Any]) -> None:
    kind = int(command.get("type", 1))
    name = str(command.get("name", ""))
    if kind == 1:
        if not _COMMAND_NAME.match(name) or name != name.lower():
            problems.add([*path, "name"], "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
        if not 1 <= len(str(command.get("description", ""))) <= 100:
            problems.add([*path, "description"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
        _check_options(problems, path, command.get("options") or [], 0)
    elif not 1 <= len(name) <= 32:
        problems.add([*path, "name"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length.")
