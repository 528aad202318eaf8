"""Builders for the JSON Discord sends: interactions (slash command, autocomplete, component, modal submit),
messages, and the ``resolved`` data that goes with user/channel/role options.

They are pure functions over the fake's world objects (``state.FakeUser`` ...); ``server.FakeDiscord`` fills
in its defaults and sends the result. Tests may also build a payload here, alter it and send it raw with
``FakeDiscord.send_interaction``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol

from .state import (
    DM,
    INTERACTION_APPLICATION_COMMAND,
    INTERACTION_AUTOCOMPLETE,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
    iso_now,
)

# Application command option types.
SUB_COMMAND = 1
SUB_COMMAND_GROUP = 2
STRING = 3
INTEGER = 4
BOOLEAN = 5
USER = 6
CHANNEL = 7
ROLE = 8
MENTIONABLE = 9
NUMBER = 10
ATTACHMENT = 11

# Component types.
ACTION_ROW = 1
BUTTON = 2
STRING_SELECT = 3
TEXT_INPUT = 4
USER_SELECT = 5
ROLE_SELECT = 6
MENTIONABLE_SELECT = 7
CHANNEL_SELECT = 8
LABEL = 18

#: discord.py reads ``attachment_size_limit`` into ``Interaction.filesize_limit``; 10 MiB is the free tier.
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024

# Interaction contexts.
CONTEXT_GUILD = 0
CONTEXT_BOT_DM = 1


class World(Protocol):
    """What the builders need to look up snowflakes given as plain ints."""

    def get_channel(self, channel_id: int) -> FakeChannel | None: ...
    def get_user(self, user_id: int) -> FakeUser | None: ...
    def get_role(self, role_id: int) -> FakeRole | None: ...


class InvalidInteraction(ValueError):
    """The test asked for an interaction the Discord client would never produce (unknown option, bad choice...)."""


# ---------------------------------------------------------------------------------------------- options


def _infer_type(value: Any) -> int:
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float):
        return NUMBER
    if isinstance(value, FakeChannel):
        return CHANNEL
    if isinstance(value, FakeUser | FakeMember):
        return USER
    if isinstance(value, FakeRole):
        return ROLE
    return STRING


def _snowflake_of(value: Any) -> int:
    if isinstance(value, FakeUser | FakeChannel | FakeRole | FakeMember):
        return value.id
    if isinstance(value, str) and value.isdigit():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise InvalidInteraction(f"expected a snowflake (int or fake object), got {value!r}")


def _resolve(kind: int, value: Any, world: World, guild: FakeGuild | None, resolved: dict[str, Any],
             permissions: int) -> str:
    """Add ``value`` to ``resolved`` as Discord does for snowflake options; return the option's value."""
    snowflake = _snowflake_of(value)
    key = str(snowflake)
    if kind == MENTIONABLE:
        kind = ROLE if (isinstance(value, FakeRole) or world.get_role(snowflake)) else USER
    if kind == USER:
        user = value.user if isinstance(value, FakeMember) else value if isinstance(value, FakeUser) else None
        user = user or world.get_user(snowflake)
        if user is None:
            raise InvalidInteraction(f"unknown user {snowflake}")
        resolved.setdefault("users", {})[key] = user.to_payload()
        member = guild.members.get(snowflake) if guild else None
        if member is not None:
            resolved.setdefault("members", {})[key] = member.to_payload(with_user=False, with_permissions=True)
    elif kind == CHANNEL:
        channel = value if isinstance(value, FakeChannel) else world.get_channel(snowflake)
        if channel is None:
            raise InvalidInteraction(f"unknown channel {snowflake}")
        resolved.setdefault("channels", {})[key] = {
            "id": key,
            "name": channel.name,
            "type": channel.type,
            "permissions": str(permissions),  # the invoking member's, in that channel
            "parent_id": str(channel.parent_id) if channel.parent_id else None,
            "topic": channel.topic,
            "nsfw": False,
            "flags": 0,
            "rate_limit_per_user": 0,
            "last_message_id": None,
            **({"guild_id": str(channel.guild_id)} if channel.guild_id else {}),
        }
    elif kind == ROLE:
        role = value if isinstance(value, FakeRole) else world.get_role(snowflake)
        if role is None:
            raise InvalidInteraction(f"unknown role {snowflake}")
        resolved.setdefault("roles", {})[key] = role.to_payload()
    return key


def _coerce(kind: int, name: str, value: Any, focused: bool) -> Any:
    if focused:
        # While typing, Discord sends what the user typed so far: a string for text, as-is for numbers.
        return value if kind in (INTEGER, NUMBER) else str(value)
    try:
        if kind == STRING:
            return str(value)
        if kind == INTEGER:
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            return int(value)
        if kind == NUMBER:
            return float(value)
        if kind == BOOLEAN:
            if not isinstance(value, bool):
                raise ValueError
            return value
    except (TypeError, ValueError):
        raise InvalidInteraction(f"option {name!r}: {value!r} is not a valid value of type {kind}") from None
    return value


def build_options(values: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None, schema: list[dict[str, Any]] | None,
                  *, world: World, guild: FakeGuild | None, resolved: dict[str, Any], focused: str | None = None,
                  strict: bool = True, permissions: int = 0) -> list[dict[str, Any]]:
    """The leaf options of an interaction from ``{name: value}``.

    With a registered ``schema`` (the command's options as the bot registered them) the option types come
    from it and, if ``strict``, the values are checked as the Discord client would: unknown names, missing
    required options, values outside ``choices`` or ``min/max`` raise ``InvalidInteraction``. Without a
    schema the type is inferred from the Python value (bool, int, float, str, FakeChannel, FakeUser/FakeMember,
    FakeRole). A value that is a dict is taken as the raw option (``name`` is filled in).
    """
    if values is None:
        values = {}
    if not isinstance(values, Mapping):  # already a list of raw options
        return [dict(o) for o in values]
    by_name = {o["name"]: o for o in (schema or [])}
    out: list[dict[str, Any]] = []
    for name, value in values.items():
        is_focused = name == focused
        if isinstance(value, Mapping):
            raw = {"name": name, **value}
            if is_focused:
                raw["focused"] = True
            out.append(raw)
            continue
        spec = by_name.get(name)
        if schema is not None and spec is None and strict:
            raise InvalidInteraction(f"option {name!r} is not one of the registered options {sorted(by_name)}")
        kind = int(spec["type"]) if spec else _infer_type(value)
        if kind in (USER, CHANNEL, ROLE, MENTIONABLE):
            option_value: Any = _resolve(kind, value, world, guild, resolved, permissions)
            if strict and spec and kind == CHANNEL and spec.get("channel_types"):
                channel = world.get_channel(int(option_value))
                if channel is not None and channel.type not in spec["channel_types"]:
                    raise InvalidInteraction(f"option {name!r}: channel type {channel.type} not allowed")
        else:
            option_value = _coerce(kind, name, value, is_focused)
            if strict and spec and not is_focused:
                choices = spec.get("choices")
                if choices and option_value not in [c["value"] for c in choices]:
                    raise InvalidInteraction(f"option {name!r}: {option_value!r} is not one of the choices")
                if "min_value" in spec and option_value < spec["min_value"]:
                    raise InvalidInteraction(f"option {name!r}: {option_value!r} < min_value")
                if "max_value" in spec and option_value > spec["max_value"]:
                    raise InvalidInteraction(f"option {name!r}: {option_value!r} > max_value")
                if kind == STRING and len(option_value) > int(spec.get("max_length", 6000)):
                    raise InvalidInteraction(f"option {name!r}: longer than max_length")
        option: dict[str, Any] = {"name": name, "type": kind, "value": option_value}
        if is_focused:
            option["focused"] = True
        out.append(option)
    if strict and schema is not None and focused is None:
        missing = [o["name"] for o in schema if o.get("required") and o["name"] not in values]
        if missing:
            raise InvalidInteraction(f"required options missing: {missing}")
    return out


def command_data(path: str, values: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None, *, world: World,
                 guild: FakeGuild | None, registered: dict[str, Any] | None, command_id: int,
                 focused: str | None = None, strict: bool = True, permissions: int = 0) -> dict[str, Any]:
    """``data`` of an application-command (or autocomplete) interaction.

    ``path`` is the command as typed without the slash: ``"ping"``, ``"digest subscribe"`` (a subcommand),
    ``"digest settings show"`` (a subcommand in a group). With the ``registered`` command (as the bot
    registered it) the nesting follows its options; without it the second of three words is a group.
    """
    words = path.split()
    if not words or len(words) > 3:
        raise InvalidInteraction(f"a command path has one to three words, got {path!r}")
    schema: list[dict[str, Any]] | None = registered.get("options", []) if registered is not None else None
    chain: list[tuple[str, int]] = []
    for depth, word in enumerate(words[1:], start=1):
        last = depth == len(words) - 1
        if schema is not None:
            node = next((o for o in schema if o["name"] == word and o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP)),
                        None)
            if node is None:
                raise InvalidInteraction(f"{word!r} is not a subcommand of /{' '.join(words[:depth])}")
            chain.append((word, int(node["type"])))
            schema = node.get("options", [])
        else:
            chain.append((word, SUB_COMMAND if last else SUB_COMMAND_GROUP))
    if strict and registered is not None and schema and any(o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP)
                                                             for o in schema):
        raise InvalidInteraction(f"/{path} needs a subcommand")
    resolved: dict[str, Any] = {}
    options = build_options(values, schema, world=world, guild=guild, resolved=resolved, focused=focused,
                            strict=strict, permissions=permissions)
    for name, kind in reversed(chain):
        options = [{"name": name, "type": kind, "options": options}]
    data: dict[str, Any] = {"id": str(command_id), "name": words[0], "type": 1, "options": options}
    if resolved:
        data["resolved"] = resolved
    if registered is not None and registered.get("guild_id"):
        data["guild_id"] = str(registered["guild_id"])
    return data


# ---------------------------------------------------------------------------------------------- interactions


def interaction_payload(*, interaction_id: int, interaction_type: int, token: str, application_id: int,
                        data: dict[str, Any], user: FakeUser, channel: FakeChannel, guild: FakeGuild | None,
                        member: FakeMember | None, permissions: int, app_permissions: int, locale: str = "en-US",
                        message: dict[str, Any] | None = None) -> dict[str, Any]:
    """A whole INTERACTION_CREATE payload, as Discord sends it for a guild channel or the bot's DM."""
    channel_payload = channel.to_payload()
    payload: dict[str, Any] = {
        "id": str(interaction_id),
        "application_id": str(application_id),
        "type": interaction_type,
        "data": data,
        "token": token,
        "version": 1,
        "channel": {**channel_payload, "permissions": str(permissions)} if guild else channel_payload,
        "channel_id": str(channel.id),
        "app_permissions": str(app_permissions),
        "locale": locale,
        "entitlements": [],
        "entitlement_sku_ids": [],
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
    }
    if guild is not None:
        if member is None:
            member = FakeMember(user=user, guild_id=guild.id, permissions=permissions)
        payload["guild_id"] = str(guild.id)
        payload["guild"] = {"id": str(guild.id), "locale": guild.locale, "features": []}
        payload["guild_locale"] = guild.locale
        payload["member"] = member.to_payload(with_permissions=True, permissions=permissions)
        payload["authorizing_integration_owners"] = {"0": str(guild.id)}
        payload["context"] = CONTEXT_GUILD
    else:
        payload["user"] = user.to_payload()
        payload["authorizing_integration_owners"] = {"0": "0"}
        payload["context"] = CONTEXT_BOT_DM
    if message is not None:
        payload["message"] = message
    return payload


def is_command_interaction(interaction_type: int) -> bool:
    return interaction_type in (INTERACTION_APPLICATION_COMMAND, INTERACTION_AUTOCOMPLETE)


def walk_components(components: Sequence[Mapping[str, Any]] | None) -> Iterator[Mapping[str, Any]]:
    """Every component, depth first (action rows, containers, sections and labels opened up)."""
    for component in components or []:
        yield component
        yield from walk_components(component.get("components"))
        if isinstance(component.get("component"), Mapping):  # label (type 18)
            yield from walk_components([component["component"]])
        if isinstance(component.get("accessory"), Mapping):  # section accessory
            yield from walk_components([component["accessory"]])


def find_component(message: Mapping[str, Any], custom_id: str) -> dict[str, Any] | None:
    for component in walk_components(message.get("components")):
        if component.get("custom_id") == custom_id:
            return dict(component)
    return None


def component_data(custom_id: str, component_type: int, values: Sequence[str] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"custom_id": custom_id, "component_type": component_type}
    if component_type != BUTTON:
        data["values"] = [str(v) for v in (values or [])]
    return data


def modal_submit_components(modal: Mapping[str, Any] | None, values: Mapping[str, Any], *,
                            strict: bool = True) -> list[dict[str, Any]]:
    """``data.components`` of a modal submit.

    ``modal`` is the ``data`` of the bot's type-9 callback (its custom_id, title and components): the submit
    mirrors its layout (action rows or labels) and fills each text input from ``values`` by custom_id
    (missing ones submit ""; selects take a list); with ``strict`` a value for an input the modal does not
    have raises. Without ``modal``, one action row with a text input per value.
    """

    def fill(component: Mapping[str, Any]) -> dict[str, Any] | None:
        kind = component.get("type")
        if kind == ACTION_ROW:
            children = [c for c in (fill(x) for x in component.get("components", [])) if c is not None]
            return {"type": ACTION_ROW, "components": children}
        if kind == LABEL:
            inner = fill(component["component"])
            return None if inner is None else {"type": LABEL, "id": component.get("id", 0), "component": inner}
        custom_id = component.get("custom_id")
        if custom_id is None:
            return None
        value = values.get(custom_id)
        if kind == TEXT_INPUT:
            return {"type": TEXT_INPUT, "id": component.get("id", 0), "custom_id": custom_id,
                    "value": "" if value is None else str(value)}
        chosen = value if isinstance(value, list | tuple) else ([] if value is None else [value])
        return {"type": kind, "id": component.get("id", 0), "custom_id": custom_id,
                "values": [str(v) for v in chosen]}

    if modal is None:
        return [{"type": ACTION_ROW, "components": [{"type": TEXT_INPUT, "custom_id": k, "value": str(v)}]}
                for k, v in values.items()]
    known = {c.get("custom_id") for c in walk_components(modal.get("components"))}
    unknown = set(values) - known
    if unknown and strict:
        raise InvalidInteraction(f"the modal has no inputs {sorted(unknown)} (it has {sorted(k for k in known if k)})")
    return [c for c in (fill(x) for x in modal.get("components", [])) if c is not None]


# ---------------------------------------------------------------------------------------------- messages

_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")


def number_components(components: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Discord gives each component a numeric ``id`` when the message has none; copy and do that."""
    if not components:
        return []
    counter = 0
    copied: list[dict[str, Any]] = []

    def copy(component: Mapping[str, Any]) -> dict[str, Any]:
        nonlocal counter
        counter += 1
        out = dict(component)
        out.setdefault("id", counter)
        if isinstance(out.get("components"), list):
            out["components"] = [copy(c) for c in out["components"]]
        if isinstance(out.get("component"), Mapping):
            out["component"] = copy(out["component"])
        if isinstance(out.get("accessory"), Mapping):
            out["accessory"] = copy(out["accessory"])
        return out

    for component in components:
        copied.append(copy(component))
    return copied


def message_payload(*, message_id: int, channel: FakeChannel | None, channel_id: int, author: FakeUser,
                    body: Mapping[str, Any], world: World, guild: FakeGuild | None = None,
                    webhook_id: int | None = None, application_id: int | None = None,
                    interaction: Mapping[str, Any] | None = None, referenced: dict[str, Any] | None = None,
                    include_guild_id: bool = False) -> dict[str, Any]:
    """A full message object for what a client posted (``body``), enough for discord.py's ``Message``."""
    content = body.get("content") or ""
    mentions = []
    for snowflake in dict.fromkeys(_USER_MENTION.findall(content)):
        user = world.get_user(int(snowflake))
        if user is not None:
            mentions.append(user.to_payload())
    message: dict[str, Any] = {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "author": author.to_payload(),
        "content": content,
        "timestamp": iso_now(),
        "edited_timestamp": None,
        "tts": bool(body.get("tts", False)),
        "mention_everyone": False,
        "mentions": mentions,
        "mention_roles": list(dict.fromkeys(_ROLE_MENTION.findall(content))),
        "mention_channels": [],
        "attachments": [],
        "embeds": list(body.get("embeds") or []),
        "reactions": [],
        "pinned": False,
        "type": 0,
        "flags": int(body.get("flags") or 0),
        "components": number_components(body.get("components")),
    }
    if body.get("nonce") is not None:
        message["nonce"] = body["nonce"]
    if webhook_id is not None:
        message["webhook_id"] = str(webhook_id)
    if application_id is not None:
        message["application_id"] = str(application_id)
    if interaction is not None:
        message["interaction_metadata"] = dict(interaction)
        message["type"] = 20 if interaction.get("type") == INTERACTION_APPLICATION_COMMAND else 0
    reference = body.get("message_reference")
    if isinstance(reference, Mapping) and reference.get("message_id"):
        message["type"] = 19  # REPLY
        message["message_reference"] = {
            "type": 0,
            "message_id": str(reference["message_id"]),
            "channel_id": str(reference.get("channel_id") or channel_id),
            **({"guild_id": str(guild.id)} if guild else {}),
        }
        message["referenced_message"] = referenced
    if include_guild_id and guild is not None:
        message["guild_id"] = str(guild.id)
    if channel is not None and channel.type == DM:
        message.pop("guild_id", None)
    return message


def user_message(*, message_id: int, channel: FakeChannel, author: FakeUser, content: str,
                 guild: FakeGuild | None, world: World, reference: dict[str, Any] | None = None,
                 embeds: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A MESSAGE_CREATE payload for a message a (fake) person posted."""
    body: dict[str, Any] = {"content": content, "embeds": embeds or []}
    if reference is not None:
        body["message_reference"] = {"message_id": reference["id"], "channel_id": reference["channel_id"]}
    message = message_payload(message_id=message_id, channel=channel, channel_id=channel.id, author=author,
                              body=body, world=world, guild=guild, referenced=reference, include_guild_id=True)
    if guild is not None and author.id in guild.members:
        message["member"] = guild.members[author.id].to_payload(with_user=False)
    return message
