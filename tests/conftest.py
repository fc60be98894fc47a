"""Shared fixtures: a fixed run day, a pinned terminal width, and ways to run the CLI."""

from __future__ import annotations

import datetime as dt
import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
YAML_TEST_SUITE = SHARED / "testdata" / "yaml-test-suite"
SCHEMAS = SHARED / "schemas"
TODAY = "2026-11-23"
WIDTH = "100"


@pytest.fixture(autouse=True)
def _deterministic_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fixed width, no colour, no CI auto-detection: output depends on the input only."""
    monkeypatch.setenv("COLUMNS", WIDTH)
    monkeypatch.setenv("NO_COLOR", "1")
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "FORCE_COLOR", "CI"):
        monkeypatch.delenv(name, raising=False)


# A 25% discount on a 12-month term, no initiative, no approvals: WW101 and WW103 fail at 7:17.
DISCOUNT_DEAL = """winwin: 1
deal:
  id: ACME-1
  counterparty: Acme
pricing:
  list_annual: 100000
  discount_pct: 25
"""


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty current directory, so that reported paths are short and relative."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str, input: str | bytes | None = None):  # type: ignore[no-untyped-def]
    """Run `winwin ARGS` in-process through typer's CliRunner."""
    from winwin_cli.cli.app import build_app

    return runner.invoke(build_app(), list(args), input=input, catch_exceptions=False)


def run_winwin(
    *args: str, cwd: Path | None = None, input: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m winwin_cli ARGS` as a real process, as a user or CI would."""
    full_env = {**os.environ, "COLUMNS": WIDTH, "NO_COLOR": "1"}
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "FORCE_COLOR"):
        full_env.pop(name, None)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "winwin_cli", *args],
        cwd=cwd or ROOT,
        input=input.decode() if isinstance(input, bytes) else input,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
    )


@functools.cache
def default_playbook():  # type: ignore[no-untyped-def]
    """The built-in playbook, loaded once per test session."""
    from winwin_cli.playbook import load_playbook

    return load_playbook(None)


def check_deal(text: str | bytes, name: str = "deal.yaml", **options: object):  # type: ignore[no-untyped-def]
    """Check one deal's text in-process with the default playbook, judged on TODAY."""
    from winwin_cli.run import Options, check_text

    settings: dict[str, object] = {"playbook": default_playbook(), "today": dt.date.fromisoformat(TODAY)}
    settings.update(options)
    raw = text.encode() if isinstance(text, str) else text
    return check_text(name, raw, Options(**settings), explicit=True)  # type: ignore[arg-type]
