"""A bug met while checking one file costs that file only (issue 5, item 4).

Each test makes one stage of the pipeline raise for one file (`poison.yaml`) and checks that
the run goes on: the other files' results are reported, the poisoned file gets an internal-error
record with a one-line hint, the exit code is 3, and a traceback is shown only with `-v`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, TODAY, check_deal, invoke, run_winwin
from winwin_cli import run

GOOD = EXAMPLES / "standard-hooli.yaml"


def poison(stage: str, error: BaseException) -> Callable[..., Any]:
    """`run.<stage>`, raising `error` when it meets the poisoned file."""
    original = getattr(run, stage)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = [*args, *kwargs.values()]
        if any("POISON" in str(getattr(v, "data", v)) for v in values) or any(
            getattr(v, "id", None) == "POISON-1" for v in values
        ):
            raise error
        return original(*args, **kwargs)

    return wrapper


@pytest.fixture
def poisoned(tmp_path: Path) -> Path:
    path = tmp_path / "poison.yaml"
    path.write_text("winwin: 1\ndeal:\n  id: POISON-1\n  counterparty: POISON\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("stage", ["load", "validate_facts", "evaluate", "classify"])
def test_one_file_s_bug_is_an_internal_error_record(
    stage: str, poisoned: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    monkeypatch.setattr(run, stage, poison(stage, KeyError("boom")))
    result = invoke(runner, "check", "--today", TODAY, "--format", "json", str(GOOD), str(poisoned))
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    assert [d["id"] for d in report["deals"]] == ["HOOLI-2026-007"]
    (error,) = report["errors"]
    assert error["file"] == str(poisoned)
    assert error["internal"] is True
    assert "KeyError" in error["message"]
    assert "bug" in error["message"]
    assert "\n" not in error["message"]
    assert "Traceback" not in result.stdout


@pytest.mark.parametrize("verbose", [False, True])
def test_traceback_only_with_verbose(
    verbose: bool, poisoned: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    monkeypatch.setattr(run, "evaluate", poison("evaluate", ZeroDivisionError("division by zero")))
    args = ["check", "--today", TODAY, str(poisoned), str(GOOD), *(["-v"] if verbose else [])]
    result = invoke(runner, *args)
    assert result.exit_code == 3
    assert "HOOLI-2026-007" in result.stdout  # the file after the poisoned one is still checked
    hint = [line for line in result.stdout.splitlines() if "internal error" in line]
    assert hint, result.stdout
    assert ("Traceback" in result.stdout) is verbose


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (RecursionError(), "nested too deeply"),
        (MemoryError(), "too much memory"),
        (ValueError("unexpected"), "internal error: ValueError: unexpected"),
    ],
)
def test_check_text_never_raises(
    error: BaseException, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run, "validate_facts", poison("validate_facts", error))
    result = check_deal("winwin: 1\ndeal:\n  id: POISON-1\n  counterparty: POISON\n")
    (found,) = result.errors
    assert expected in found.message
    assert result.exit_code == (3 if isinstance(error, ValueError) else 2)


def test_a_bug_outside_any_file_is_exit_3_without_a_traceback(tmp_path: Path) -> None:
    """The last resort in `main`: a failing reporter is reported in one line, exit 3."""
    plugin = tmp_path / "sitecustomize.py"
    plugin.write_text(
        "import winwin_cli.report.json as j\n"
        "def boom(self, result):\n"
        "    raise RuntimeError('reporter failed')\n"
        "j.JsonReporter.add = boom\n",
        encoding="utf-8",
    )
    env = {"PYTHONPATH": str(tmp_path)}
    result = run_winwin("check", "--today", TODAY, "--format", "json", str(GOOD), env=env)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert "internal error: RuntimeError: reporter failed" in result.stderr
    assert "-v" in result.stderr
    verbose = run_winwin("check", "--today", TODAY, "--format", "json", "-v", str(GOOD), env=env)
    assert verbose.returncode == 3
    assert "Traceback" in verbose.stderr
