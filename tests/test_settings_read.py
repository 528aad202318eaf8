"""Every documented setting does something: a key that no code reads fails this test.

The settings model is walked; each leaf (``limits.fetch_max_bytes``) must be read as an attribute
(``.fetch_max_bytes``) somewhere in the code outside the model itself.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from briefings.config import Settings

ROOT = Path(__file__).parent.parent


def _leaves(model: type[BaseModel], prefix: str = "") -> list[str]:
    out = []
    for name, info in model.model_fields.items():
        kind = info.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel) and name != "sources":
            out += _leaves(kind, f"{prefix}{name}.")
        else:
            out.append(f"{prefix}{name}")
    return out


def _code() -> str:
    files = [p for d in ("bot", "briefings", "storage") for p in (ROOT / d).rglob("*.py")
             if p.name != "config.py"]
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def test_every_setting_is_read():
    code = _code()
    unread = [key for key in _leaves(Settings) if f".{key.rsplit('.', 1)[-1]}" not in code]
    assert unread == []


def test_the_walk_sees_every_section():
    keys = _leaves(Settings)
    assert {k.split(".")[0] for k in keys} == set(Settings.model_fields)
    assert "limits.fetch_max_bytes" in keys and "feeds.sources" in keys
