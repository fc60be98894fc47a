"""Where reports go and how the terminal is treated: --emit, --output, colour, -q, progress, completion."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DISCOUNT_DEAL, EXAMPLES, TODAY, invoke, run_winwin
from winwin_cli.cli import output

DEAL = DISCOUNT_DEAL
ANSI = "\x1b["


@pytest.fixture
def deals(workdir: Path) -> Path:
    """acme.yaml fails (WW101, WW103); hooli.yaml passes."""
    (workdir / "acme.yaml").write_text(DEAL, encoding="utf-8")
    (workdir / "hooli.yaml").write_bytes((EXAMPLES / "standard-hooli.yaml").read_bytes())
    return workdir


def check(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return invoke(runner, "check", "--isolated", "--today", TODAY, *args)


# --- several reports in one run ---------------------------------------------------------------


def test_emit_writes_every_format_besides_the_terminal_report(runner: CliRunner, deals: Path) -> None:
    emits = ("--emit", "sarif:r.sarif", "--emit", "junit:r.xml", "--emit", "json:r.json")
    result = check(runner, "acme.yaml", "hooli.yaml", *emits)
    assert result.exit_code == 1
    assert "Verdict: fail" in result.stdout
    assert ANSI not in result.stdout
    sarif = json.loads((deals / "r.sarif").read_text(encoding="utf-8"))
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} == {"WW101", "WW103"}
    suites = ET.fromstring((deals / "r.xml").read_text(encoding="utf-8"))
    assert [s.get("name") for s in suites] == ["acme.yaml", "hooli.yaml"]
    data = json.loads((deals / "r.json").read_text(encoding="utf-8"))
    assert data["summary"]["deals"] == 2


def test_output_file_and_emit_together(runner: CliRunner, deals: Path) -> None:
    result = check(
        runner, "acme.yaml", "--format", "json", "--output", "main.json", "--emit", "markdown:pr.md"
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads((deals / "main.json").read_text(encoding="utf-8"))["deals"][0]["id"] == "ACME-1"
    assert (deals / "pr.md").read_text(encoding="utf-8").startswith("## winwin deal check")


def test_files_never_get_colour(runner: CliRunner, deals: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR")
    result = check(runner, "acme.yaml", "--color", "always", "--emit", "rich:report.txt")
    assert ANSI in result.stdout
    assert ANSI not in (deals / "report.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("sarif", "expected FORMAT:PATH, got 'sarif'"),
        ("sarif:", "expected FORMAT:PATH, got 'sarif:'"),
        ("xml:r.xml", "unknown format 'xml'"),
        ("auto:r.txt", "unknown format 'auto'"),
    ],
)
def test_bad_emit_is_a_usage_error(runner: CliRunner, deals: Path, value: str, message: str) -> None:
    result = check(runner, "acme.yaml", "--emit", value)
    assert result.exit_code == 2
    assert f"winwin: error: --emit: {message}" in result.stderr
    assert result.stdout == ""


def test_same_path_twice_is_refused(runner: CliRunner, deals: Path) -> None:
    result = check(runner, "acme.yaml", "--emit", "sarif:r", "--emit", "junit:r")
    assert result.exit_code == 2
    assert "'r' is named twice" in result.stderr


def test_unwritable_destination_fails_before_checking(runner: CliRunner, deals: Path) -> None:
    result = check(runner, "acme.yaml", "--emit", "sarif:missing-dir/r.sarif")
    assert result.exit_code == 2
    assert "cannot write a report: missing-dir/r.sarif" in result.stderr
    assert result.stdout == ""


def test_emit_split_at_the_first_colon() -> None:
    emits = output.parse_emits(["sarif:C:\\out\\r.sarif", "junit:a:b.xml"], ("sarif", "junit"))
    assert emits == [output.Emit("sarif", "C:\\out\\r.sarif"), output.Emit("junit", "a:b.xml")]


def test_bare_step_summary_takes_no_value() -> None:
    assert output.bare_step_summary(["--step-summary", "deals/"]) == ["--step-summary=", "deals/"]
    assert output.bare_step_summary(["--step-summary=s.md", "deals/"]) == ["--step-summary=s.md", "deals/"]
    after_dashes = ["a", "--", "--step-summary"]
    assert output.bare_step_summary(after_dashes) == after_dashes


# --- quiet and verbose ------------------------------------------------------------------------


def test_quiet_shows_only_failures_and_the_summary(runner: CliRunner, deals: Path) -> None:
    loud = check(runner, "acme.yaml", "hooli.yaml")
    quiet = check(runner, "acme.yaml", "hooli.yaml", "-q")
    assert loud.exit_code == quiet.exit_code == 1
    assert "HOOLI-2026-007" in loud.stdout
    assert "HOOLI-2026-007" not in quiet.stdout
    assert "ACME-1" in quiet.stdout
    assert "Vendor gave" in loud.stdout
    assert "Vendor gave" not in quiet.stdout
    assert quiet.stdout.rstrip().splitlines()[-1].startswith("2 files checked: 2 deals (1 pass, 1 fail)")


def test_quiet_and_verbose_conflict(runner: CliRunner, deals: Path) -> None:
    result = check(runner, "acme.yaml", "-q", "-v")
    assert result.exit_code == 2
    assert "--quiet and --verbose cannot be used together" in result.stderr


# --- colour -----------------------------------------------------------------------------------


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("choice", "env", "tty", "expected"),
    [
        ("auto", {}, True, True),
        ("auto", {}, False, False),
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"NO_COLOR": ""}, True, True),  # set but empty: ignored, as no-color.org says
        ("auto", {"FORCE_COLOR": "1"}, False, True),
        ("auto", {"FORCE_COLOR": "0"}, False, False),
        ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
        ("auto", {"TERM": "dumb"}, True, False),
        ("always", {"NO_COLOR": "1"}, False, True),
        ("never", {"FORCE_COLOR": "1"}, True, False),
    ],
)
def test_colour_decision(choice: str, env: dict[str, str], tty: bool, expected: bool) -> None:
    stream = Tty() if tty else io.StringIO()
    assert output.resolve_color(choice, stream, env) is expected


def test_colour_through_the_cli(runner: CliRunner, deals: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert ANSI not in check(runner, "acme.yaml").stdout  # NO_COLOR=1 in the test environment
    assert ANSI in check(runner, "acme.yaml", "--color", "always").stdout
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert ANSI in check(runner, "acme.yaml").stdout
    assert ANSI not in check(runner, "acme.yaml", "--color", "never").stdout
    bad = check(runner, "acme.yaml", "--color", "sometimes")
    assert bad.exit_code == 2


def test_piped_output_has_no_colour_nor_progress() -> None:
    proc = run_winwin("check", "--isolated", "--today", TODAY, "examples", env={"NO_COLOR": ""})
    assert ANSI not in proc.stdout
    assert proc.stderr == ""


# --- progress ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "tty", "expected"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"CI": "true"}, True, False),
        ({"GITHUB_ACTIONS": "true"}, True, False),
    ],
)
def test_progress_only_for_a_person_at_a_terminal(env: dict[str, str], tty: bool, expected: bool) -> None:
    stream = Tty() if tty else io.StringIO()
    assert output.progress_wanted(stream, env) is expected


def test_progress_bar_appears_on_long_runs_and_leaves_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    stderr = Tty()
    monkeypatch.setattr("sys.stderr", stderr)
    monkeypatch.setattr(output, "PROGRESS_AFTER", 0.0)
    bar = output.Progress(total=3, enabled=True)
    bar.advance("a.yaml")
    bar.advance("b.yaml")
    shown = stderr.getvalue()
    bar.advance("c.yaml")
    bar.close()
    assert "/3" in shown  # files done out of the total
    assert "━" in shown


def test_short_runs_and_disabled_bars_print_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    stderr = Tty()
    monkeypatch.setattr("sys.stderr", stderr)
    quick = output.Progress(total=3, enabled=True)  # finishes within PROGRESS_AFTER
    for name in "abc":
        quick.advance(name)
    quick.close()
    monkeypatch.setattr(output, "PROGRESS_AFTER", 0.0)
    off = output.Progress(total=3, enabled=False)
    for name in "abc":
        off.advance(name)
    off.close()
    assert stderr.getvalue() == ""


# --- shell completion -------------------------------------------------------------------------


def test_completion_is_offered(runner: CliRunner) -> None:
    result = invoke(runner, "--help")
    assert "--install-completion" in result.stdout
    assert "--show-completion" in result.stdout


def test_completion_script_and_values() -> None:
    proc = run_winwin("--show-completion", "bash")
    assert proc.returncode == 0
    assert "complete" in proc.stdout
    assert output.complete_format("s") == ["sarif"]
    assert output.complete_color("") == ["auto", "always", "never"]
    proc = run_winwin(
        env={"_WINWIN_COMPLETE": "complete_bash", "COMP_WORDS": "winwin check --format ju", "COMP_CWORD": "3"}
    )
    assert proc.stdout.split() == ["junit"]


def test_inside_github_actions_as_a_process(tmp_path: Path) -> None:
    """What the Action's step does: annotations on stdout, SARIF to a file, the job summary."""
    summary = tmp_path / "summary.md"
    sarif = tmp_path / "winwin.sarif"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    proc = run_winwin(
        "check", "--isolated", "--today", TODAY, "examples/renewal-globex.yaml",
        "--emit", f"sarif:{sarif}", "--step-summary", env=env,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("::error file=examples/renewal-globex.yaml,line=")
    assert proc.stderr == ""
    assert json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert "### ❌ GLOBEX" in summary.read_text(encoding="utf-8")
