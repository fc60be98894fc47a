"""Every hostile input of the corpus is a located exit 2 within a second, never a traceback.

In-process (`check_text`, timed) and as a user runs it (one `winwin check` process over the
whole corpus, with a timeout). `EXPECTED.tsv` holds each input's expected error.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from adversarial_corpus import Case, load_expected, names, write_expected

from conftest import TODAY, check_deal, run_winwin

UPDATE = os.environ.get("WINWIN_UPDATE_ADVERSARIAL") == "1"
NAMES = names()
EXPECTED = {} if UPDATE else load_expected()
SECONDS = 1.0


def check(name: str, data: bytes) -> tuple[Case, float]:
    started = time.process_time()
    result = check_deal(data, name=name)
    elapsed = time.process_time() - started
    assert not any(e.internal for e in result.errors), [e.detail for e in result.errors]
    first = result.errors[0] if result.errors else None
    found = Case(
        name,
        result.exit_code,
        first.line if first else 0,
        first.column if first else 0,
        first.message if first else "",
    )
    return found, elapsed


@pytest.mark.skipif(not UPDATE, reason="set WINWIN_UPDATE_ADVERSARIAL=1 to rewrite EXPECTED.tsv")
def test_update_expected() -> None:
    found = []
    for name in NAMES:
        case, _ = check(name, Case(name, 0, 0, 0, "").data())
        found.append(Case(name, case.exit_code, case.line, case.column, case.message[:80]))
    write_expected(found)


def test_every_input_has_an_expectation() -> None:
    assert sorted(EXPECTED) == NAMES


def test_every_input_is_an_error() -> None:
    assert {c.name: c.exit_code for c in EXPECTED.values() if c.exit_code != 2} == {}


@pytest.mark.parametrize("name", NAMES)
def test_in_process(name: str) -> None:
    expected = EXPECTED[name]
    found, elapsed = check(name, expected.data())
    assert (found.exit_code, found.line, found.column) == (expected.exit_code, expected.line, expected.column)
    assert expected.message in found.message
    assert "\n" not in found.message
    assert elapsed < SECONDS, f"{name} took {elapsed:.2f} s of CPU"


def test_through_the_cli(tmp_path: Path) -> None:
    """One process over the whole corpus: each file a located error, no traceback, in time."""
    for name in NAMES:
        (tmp_path / name).write_bytes(EXPECTED[name].data())
    started = time.monotonic()
    result = run_winwin("check", "--today", TODAY, "--format", "json", *NAMES, cwd=tmp_path)
    elapsed = time.monotonic() - started
    assert result.returncode == 2, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert report["deals"] == []
    first: dict[str, tuple[int, int, str]] = {}
    for error in report["errors"]:
        assert "internal" not in error, error
        first.setdefault(error["file"], (error["line"], error["column"], error["message"]))
    for name in NAMES:
        expected = EXPECTED[name]
        line, column, message = first[name]
        assert (line, column) == (expected.line, expected.column), name
        assert expected.message in message, name
    assert elapsed < 10 + SECONDS * len(NAMES) / 4, elapsed


@pytest.mark.parametrize("fmt", ["rich", "github"])
def test_every_error_line_is_located_in_the_report(fmt: str, tmp_path: Path) -> None:
    for name in NAMES:
        (tmp_path / name).write_bytes(EXPECTED[name].data())
    result = run_winwin(
        "check", "--today", TODAY, "--format", fmt, *NAMES, cwd=tmp_path, env={"COLUMNS": "400"}
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    for name in NAMES:
        expected = EXPECTED[name]
        if fmt == "rich":
            assert f"{name}:{expected.line}:{expected.column}: error" in result.stdout, name
        else:
            # Annotations up to GitHub's limit, then plain log lines.
            annotated = f"file={name},line={expected.line},col={expected.column}," in result.stdout
            logged = f"winwin: {name}:{expected.line}:{expected.column}: error" in result.stdout
            assert annotated or logged, name
