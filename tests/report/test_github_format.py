"""`--format github`: workflow commands the Actions runner parses, whatever the deal text holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DISCOUNT_DEAL, TODAY, invoke
from winwin_cli.report.github import ANNOTATIONS_PER_LEVEL, command, escape_data, escape_property

COMMAND = re.compile(r"^::(error|warning|notice) file=([^,:]*),line=(\d+),col=(\d+),title=([^:,]*)::(.*)$")
DEAL = DISCOUNT_DEAL.replace("ACME-1", "ACME-{n}")


def unescape_data(value: str) -> str:
    """What the Actions runner does to a command's message."""
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(value: str) -> str:
    return unescape_data(value.replace("%3A", ":").replace("%2C", ","))


def github(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = invoke(runner, "check", "--isolated", "--today", TODAY, "--format", "github", *args)
    return result.exit_code, result.stdout


def test_escaping_follows_the_runner() -> None:
    assert escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    line = command("error", "50% off\n::error::x", file="d, e.yaml", line=3, col=7, title="WW101: x, y")
    assert line == "::error file=d%2C e.yaml,line=3,col=7,title=WW101%3A x%2C y::50%25 off%0A::error::x\n"
    match = COMMAND.match(line.rstrip("\n"))
    assert match is not None
    assert unescape_property(match.group(2)) == "d, e.yaml"
    assert unescape_data(match.group(6)) == "50% off\n::error::x"


def test_findings_become_annotations(runner: CliRunner, workdir: Path) -> None:
    (workdir / "deals").mkdir()
    (workdir / "deals" / "acme.yaml").write_text(DEAL.format(n=1), encoding="utf-8")
    code, out = github(runner, "deals")
    assert code == 1
    lines = out.splitlines()
    errors = [COMMAND.match(line) for line in lines if line.startswith("::")]
    assert len(errors) == 2
    first = errors[0]
    assert first is not None
    assert first.group(1, 2, 3, 4) == ("error", "deals/acme.yaml", "7", "17")
    assert unescape_property(first.group(5)) == "WW101 discount-unearned: win-lose, error (ACME-1)"
    assert unescape_data(first.group(6)).startswith("Discount of 25% is above the standard 10%")
    assert lines[-1].startswith("winwin: 1 file checked: 1 deal (0 pass, 1 fail)")


def test_each_level_stops_at_ten_annotations(runner: CliRunner, workdir: Path) -> None:
    for n in range(8):  # two failing findings each: 16 errors
        (workdir / f"deal{n}.yaml").write_text(DEAL.format(n=n), encoding="utf-8")
    _, out = github(runner, ".")
    lines = out.splitlines()
    assert sum(1 for line in lines if line.startswith("::error ")) == ANNOTATIONS_PER_LEVEL
    plain = [line for line in lines if line.startswith("winwin: ./deal") or line.startswith("winwin: deal")]
    assert len(plain) == 6  # the rest stay in the log, as plain lines
    assert lines[-1] == (
        "winwin: not annotated: 6 errors (GitHub shows at most 10 annotations of each level per step); "
        "they are listed above"
    )


def test_hostile_text_cannot_inject_commands(runner: CliRunner, workdir: Path) -> None:
    deal = (
        DEAL.format(n="X").replace(
            "counterparty: Acme", 'counterparty: "Acme"\n  title: "t\\n::error file=x::pwned\\n%0A 100%"'
        )
        + "waivers:\n"
        + '  - {rule: WW103, reason: "a\\n::warning::b, c: d %25", approved_by: cfo, expires: 2027-03-31}\n'
    )
    (workdir / "evil.yaml").write_text(deal, encoding="utf-8")
    code, out = github(runner, "evil.yaml")
    assert code == 1, out
    for line in out.splitlines():
        assert line.startswith(("::error ", "::warning ", "::notice ", "winwin: ")), line
        if line.startswith("::"):
            assert COMMAND.match(line), line
    waived = next(line for line in out.splitlines() if "WW103" in line)
    match = COMMAND.match(waived)
    assert match is not None
    assert match.group(1) == "notice"
    assert unescape_data(match.group(6)).endswith("Waived by cfo until 2027-03-31: a\n::warning::b, c: d %25")


def test_invalid_files_are_error_annotations(runner: CliRunner, workdir: Path) -> None:
    (workdir / "broken.yaml").write_text("winwin: 1\ndeal: [\n", encoding="utf-8")
    code, out = github(runner, "broken.yaml")
    assert code == 2
    match = COMMAND.match(out.splitlines()[0])
    assert match is not None
    assert match.group(1) == "error"
    assert match.group(2) == "broken.yaml"
    assert unescape_property(match.group(5)) == "invalid deal file"


def test_quiet_keeps_only_failures(runner: CliRunner, workdir: Path) -> None:
    deal = (
        DEAL.format(n=1)
        + "waivers:\n  - {rule: WW103, reason: later, approved_by: cfo, expires: 2027-03-31}\n"
    )
    (workdir / "acme.yaml").write_text(deal, encoding="utf-8")
    _, loud = github(runner, "acme.yaml")
    _, quiet = github(runner, "acme.yaml", "--quiet")
    assert "::notice " in loud
    assert "::notice " not in quiet
    assert quiet.count("::error ") == loud.count("::error ") == 1


def test_auto_picks_github_inside_actions(
    runner: CliRunner, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workdir / "acme.yaml").write_text(DEAL.format(n=1), encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    inside = invoke(runner, "check", "--isolated", "--today", TODAY, "acme.yaml").stdout
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    outside = invoke(runner, "check", "--isolated", "--today", TODAY, "acme.yaml").stdout
    assert inside.startswith("::error file=acme.yaml,")
    assert "::error" not in outside
    assert "Verdict: fail" in outside
