"""The documentation says what the code does: commands, configuration keys and the quickstart."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from bot.cli import build_parser
from briefings.config import Settings, parse_settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)  # type: ignore[arg-type]


@pytest.mark.parametrize("command", subcommands())
def test_every_command_is_in_the_readme(command):
    assert f"`briefbot {command}" in README


def test_quickstart_is_two_commands_that_the_makefile_has():
    section = README.split("## Quickstart", 1)[1].split("##", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]
    assert commands == ["make run", "make test"]
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_config_toml_documents_every_setting():
    data = tomllib.loads((ROOT / "config.toml").read_text())
    parse_settings(data)  # every key in the file is a real setting
    for section, model in Settings.model_fields.items():
        assert section in data, f"[{section}] is missing from config.toml"
        sub = model.annotation.model_fields  # type: ignore[union-attr]
        documented = set(data[section]) | set(re.findall(r"^#\s*(\w+)\s*=", _section_text(section), re.M))
        missing = set(sub) - documented - {"sources"}
        assert not missing, f"config.toml [{section}] does not mention {sorted(missing)}"


def _section_text(section: str) -> str:
    text = (ROOT / "config.toml").read_text()
    return text.split(f"[{section}]", 1)[1].split("\n[", 1)[0]
