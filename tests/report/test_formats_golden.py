"""Golden files: every output format over the shipped examples, byte for byte.

Regenerate after an intended change with `WINWIN_UPDATE_GOLDEN=1 python -m pytest tests/report`,
then read the diff before committing it.
"""

from __future__ import annotations

import os
import re

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, ROOT, TODAY, invoke
from winwin_cli import __version__

GOLDEN = ROOT / "tests" / "golden" / "formats"
FILES = {
    "json": "examples.json",
    "sarif": "examples.sarif",
    "junit": "examples.xml",
    "github": "examples.github.txt",
    "markdown": "examples.md",
}


def normalise(format_name: str, text: str) -> str:
    """Blank out what depends on the machine or the clock, nothing else."""
    if format_name == "junit":
        text = re.sub(r'timestamp="[^"]*"', 'timestamp="TIMESTAMP"', text)
        text = re.sub(r'hostname="[^"]*"', 'hostname="HOSTNAME"', text)
        text = re.sub(r'(<testsuite [^>]*) time="[0-9.]+"', r'\1 time="TIME"', text)
    if format_name == "sarif":
        for key in ("version", "semanticVersion"):
            text = text.replace(f'"{key}": "{__version__}"', f'"{key}": "VERSION"')
    return text


def run_format(runner: CliRunner, format_name: str) -> tuple[int, str]:
    # The top-level examples, one per situation; subdirectories hold other commands' material.
    examples = sorted(p.relative_to(ROOT).as_posix() for p in EXAMPLES.glob("*.yaml"))
    result = invoke(runner, "check", *examples, "--isolated", "--today", TODAY, "--format", format_name)
    return result.exit_code, normalise(format_name, result.stdout)


@pytest.mark.parametrize("format_name", sorted(FILES))
def test_format_matches_golden(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, format_name: str) -> None:
    monkeypatch.chdir(ROOT)
    code, text = run_format(runner, format_name)
    assert code == 1  # some examples are lopsided on purpose
    golden = GOLDEN / FILES[format_name]
    if os.environ.get("WINWIN_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="\n")
    assert golden.is_file(), f"missing {golden}; run with WINWIN_UPDATE_GOLDEN=1 to create it"
    expected = golden.read_text(encoding="utf-8")
    assert text == expected, f"{format_name} output differs from {golden.relative_to(ROOT)}"


def test_normalise_only_touches_volatile_fields() -> None:
    xml = (
        '<testsuite package="winwin" id="0" name="a" timestamp="2026-01-01T00:00:00" hostname="h" time="0.5">'
    )
    out = normalise("junit", xml)
    assert out == (
        '<testsuite package="winwin" id="0" name="a" timestamp="TIMESTAMP" hostname="HOSTNAME" time="TIME">'
    )
    driver = f'"version": "{__version__}", "semanticVersion": "{__version__}"'
    sarif = '{"version": "2.1.0", "runs": [{"tool": {"driver": {' + driver + "}}}]}"
    out = normalise("sarif", sarif)
    assert '"version": "2.1.0"' in out
    assert '"semanticVersion": "VERSION"' in out
