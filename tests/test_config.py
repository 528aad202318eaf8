"""Configuration: validation names the key, secrets stay in the environment and out of reprs."""

from __future__ import annotations

import pytest

from briefings.config import Secrets, load_config, parse_settings
from briefings.errors import ConfigError


@pytest.mark.parametrize(
    ("data", "key", "words"),
    [
        ({"limits": {"fetch_max_bytes": "lots"}}, "limits.fetch_max_bytes", "integer"),
        ({"limits": {"fetch_max_bytes": 5}}, "limits.fetch_max_bytes", "greater than or equal"),
        ({"limits": {"max_redirects": -1}}, "limits.max_redirects", "greater than or equal"),
        ({"digest": {"timezone": "Mars/Olympus"}}, "digest.timezone", "IANA time zone"),
        ({"digest": {"time": "8am"}}, "digest.time", "HH:MM"),
        ({"feeds": {"poll_every": 3}}, "feeds.poll_every", "unknown key"),
        ({"feeds": {"sources": [{"name": "no url"}]}}, "feeds.sources.0.url", "missing"),
        ({"demo": {"sample_feed": "perhaps"}}, "demo.sample_feed", "boolean"),
        ({"surprise": {}}, "surprise", "unknown key"),
    ],
)
def test_bad_values_name_the_key(data, key, words):
    with pytest.raises(ConfigError) as err:
        parse_settings(data)
    assert key in str(err.value)
    assert words in str(err.value)


def test_the_shipped_config_is_valid(monkeypatch):
    monkeypatch.delenv("BRIEFBOT_DB", raising=False)
    cfg = load_config("config.toml", env={})
    assert cfg.settings.digest.timezone == "Europe/Paris"
    assert cfg.db_path.name == "briefbot.db" and cfg.db_path.is_absolute()


def test_db_override_order(tmp_path):
    (tmp_path / "c.toml").write_text('[database]\npath = "x.db"\n')
    assert load_config(tmp_path / "c.toml", env={}).db_path == tmp_path / "x.db"
    assert load_config(tmp_path / "c.toml", env={"BRIEFBOT_DB": "/tmp/env.db"}).db_path.as_posix() == "/tmp/env.db"
    assert load_config(tmp_path / "c.toml", db="/tmp/flag.db", env={"BRIEFBOT_DB": "/tmp/env.db"}).db_path.as_posix() == "/tmp/flag.db"


def test_missing_explicit_file_and_broken_toml(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "absent.toml", env={})
    (tmp_path / "bad.toml").write_text("[feeds\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(tmp_path / "bad.toml", env={})


def test_secrets_come_from_the_environment_and_never_show():
    s = Secrets.from_env({"DISCORD_TOKEN": "abc.def.ghi", "OPENAI_API_KEY": "sk-secret", "SLACK_BOT_TOKEN": "  "})
    assert s.discord_token is not None and s.discord_token.get() == "abc.def.ghi"
    assert s.slack_bot_token is None
    shown = repr(s) + str(s.openai_api_key)
    assert "abc.def.ghi" not in shown and "sk-secret" not in shown


def test_a_secret_in_the_file_is_refused(tmp_path):
    (tmp_path / "c.toml").write_text('discord_token = "oops"\n')
    with pytest.raises(ConfigError, match="discord_token: unknown key"):
        load_config(tmp_path / "c.toml", env={})
