"""Every input of the official YAML test suite ends in a clean, located exit 2 that names the file.

None of them is a deal: valid YAML fails validation, invalid YAML fails loading, and the
constructs deal files refuse (anchors, tags, several documents...) are refused. Never a crash.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import YAML_TEST_SUITE, check_deal, run_winwin

if not YAML_TEST_SUITE.is_dir():
    pytest.skip(f"{YAML_TEST_SUITE} is not there", allow_module_level=True)

FILES = sorted(YAML_TEST_SUITE.glob("*.yaml"))
_LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>[1-9][0-9]*):(?P<column>[1-9][0-9]*): \S")


def test_the_suite_is_all_there() -> None:
    assert len(FILES) > 300


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_input_is_a_located_error(path: Path) -> None:
    raw = path.read_bytes()
    result = check_deal(raw, name=path.name)
    assert result.deal is None
    assert result.errors, "no error reported"
    assert result.exit_code == 2
    lines = raw.count(b"\n") + 1
    for error in result.errors:
        assert not error.internal, error.detail
        rendered = error.render()
        match = _LOCATED.match(rendered)
        assert match is not None, rendered
        assert match["file"] == path.name
        assert 1 <= error.line <= lines, rendered
        assert "\n" not in rendered


def test_one_run_over_every_input() -> None:
    """As a user would: one process, every file named, exit 2, each file named in the report."""
    names = [str(p.relative_to(YAML_TEST_SUITE)) for p in FILES]
    result = run_winwin("check", "--today", "2026-11-23", *names, cwd=YAML_TEST_SUITE)
    assert result.returncode == 2, result.stderr[-2000:]
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert "internal error" not in output
    missing = [name for name in names if f"{name}:" not in output]
    assert missing == []


def test_a_walk_over_the_suite_skips_every_non_deal() -> None:
    """Found by a walk, a YAML file without a top-level winwin key is not a deal: skipped."""
    result = run_winwin("check", "--format", "json", str(YAML_TEST_SUITE))
    assert result.returncode == 0, result.stdout[-2000:]
    assert '"deals":[]' in result.stdout
    assert '"errors":[]' in result.stdout
