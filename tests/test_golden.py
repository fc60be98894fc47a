"""Golden reports for the examples: the JSON document and the terminal report (width 100, no colour).

Any change to what the reports say shows up here as a diff. When the change is intended,
regenerate and review the diff of tests/golden/core/:

    WINWIN_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, TODAY, invoke

GOLDEN = Path(__file__).resolve().parent / "golden" / "core"
UPDATE = os.environ.get("WINWIN_UPDATE_GOLDEN") == "1"
BROKEN = GOLDEN / "inputs" / "broken-deal.yaml"


def compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"{path} is missing; run with WINWIN_UPDATE_GOLDEN=1 to create it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{name} differs from the golden file; if intended, regenerate (see module doc)"
    )


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in the reports are as a user at the top of the checkout would type them."""
    monkeypatch.chdir(ROOT)


# The example deals at the top of examples/ (its subdirectories belong to other commands' examples).
EXAMPLE_FILES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "examples").glob("*.yaml"))


def run(*args: str) -> tuple[int, str]:
    result = invoke(CliRunner(), "check", "--today", TODAY, *args)
    return result.exit_code, result.stdout


@pytest.mark.usefixtures("in_root")
def test_examples_json() -> None:
    code, stdout = run("--format", "json", *EXAMPLE_FILES)
    assert code == 1
    document = json.loads(stdout)
    assert stdout.count("\n") == 1  # one compact document, one line
    compare("examples.json", json.dumps(document, indent=2, ensure_ascii=False) + "\n")


@pytest.mark.usefixtures("in_root")
def test_examples_terminal() -> None:
    code, stdout = run("--color", "never", *EXAMPLE_FILES)
    assert code == 1
    assert "\x1b[" not in stdout
    assert max(len(line) for line in stdout.splitlines()) <= 100
    compare("examples.txt", stdout)


@pytest.mark.usefixtures("in_root")
@pytest.mark.parametrize(("fmt", "name"), [("json", "errors.json"), ("rich", "errors.txt")])
def test_errors_and_a_deal(fmt: str, name: str) -> None:
    """A run with an invalid file, a missing file and a good deal, in both formats."""
    broken = str(BROKEN.relative_to(ROOT))
    code, stdout = run(
        "--format", fmt, "--color", "never", broken, "examples/standard-hooli.yaml", "missing.yaml"
    )
    assert code == 2
    if fmt == "json":
        stdout = json.dumps(json.loads(stdout), indent=2, ensure_ascii=False) + "\n"
    compare(name, stdout)


def test_golden_files_are_all_in_use() -> None:
    names = {p.name for p in GOLDEN.iterdir() if p.is_file()}
    assert names == {"examples.json", "examples.txt", "errors.json", "errors.txt"}
