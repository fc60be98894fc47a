"""`--format markdown` and `--step-summary`: a PR comment or job summary that renders deal text as text."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DISCOUNT_DEAL, TODAY, invoke
from winwin_cli.report.markdown import escape

DEAL = DISCOUNT_DEAL
COLUMNS = 8


def markdown(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = invoke(runner, "check", "--isolated", "--today", TODAY, "--format", "markdown", *args)
    return result.exit_code, result.stdout


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a | b", "a \\| b"),
        ("`code`", "\\`code\\`"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("[link](https://evil.example)", "\\[link\\](https://evil.example)"),
        ("*bold* _it_ ~~s~~", "\\*bold\\* \\_it\\_ \\~\\~s\\~\\~"),
        ("$x^2$ costs $5", "\\$x^2\\$ costs \\$5"),
        ("ping @team, mail jane@example.com", "ping &#64;team, mail jane@example.com"),
        ("fixes #12 & more", "fixes \\#12 &amp; more"),
        ("two\nlines\r\n", "two lines\\\\x0d"),
        ("back\\slash", "back\\\\slash"),
        ("bidi\u202eflip", "bidi\\\\u202eflip"),
    ],
)
def test_escape(text: str, escaped: str) -> None:
    assert escape(text) == escaped


def test_report_layout(runner: CliRunner, workdir: Path) -> None:
    (workdir / "acme.yaml").write_text(DEAL, encoding="utf-8")
    code, out = markdown(runner, "acme.yaml")
    assert code == 1
    assert out.startswith("## winwin deal check\n\n### ❌ ACME-1 · Acme\n")
    rows = [line for line in out.splitlines() if line.startswith("| WW")]
    assert len(rows) == 2
    assert rows[0].startswith(
        "| WW101 discount-unearned | 7 | win-lose | error | **Discount without a get**: "
    )
    assert "sales-manager **missing**" in rows[0]
    assert rows[0].endswith("| **fails** |")
    assert "**Vendor gave:** Discount without a get (unreciprocated) — EUR" not in out  # no currency given
    assert "**Verdict: fail** (2 failing findings)" in out
    assert out.rstrip().endswith("| 1 | 1 | 0 | 1 | 0 | 0 | 2 | 0 | 1 |")


def test_hostile_deal_text_keeps_the_table_intact(runner: CliRunner, workdir: Path) -> None:
    deal = DEAL.replace("counterparty: Acme", 'counterparty: "A | B <img src=x> `c` @ops"').replace(
        "discount_pct: 25",
        "discount_pct: 25\nwaivers:\n"
        '  - {rule: WW103, reason: "x | y\\n| z | <script>", approved_by: cfo, expires: 2027-03-31}',
    )
    (workdir / "evil.yaml").write_text(deal, encoding="utf-8")
    _, out = markdown(runner, "evil.yaml")
    assert "<img" not in out
    assert "<script>" not in out
    assert "@ops" not in out
    for line in out.splitlines():
        if line.startswith("| WW"):
            # unescaped pipes delimit cells: exactly the table's columns
            assert line.replace("\\|", "").count("|") == COLUMNS + 1, line


def test_quiet_shows_failing_deals_only(runner: CliRunner, workdir: Path) -> None:
    (workdir / "acme.yaml").write_text(DEAL, encoding="utf-8")
    (workdir / "ok.yaml").write_text(DEAL.replace("ACME-1", "OK-1").replace("25", "5"), encoding="utf-8")
    _, loud = markdown(runner, "acme.yaml", "ok.yaml")
    _, quiet = markdown(runner, "acme.yaml", "ok.yaml", "-q")
    assert "OK-1" in loud
    assert "OK-1" not in quiet
    assert "ACME-1" in quiet


def test_step_summary_appends_to_the_github_file(
    runner: CliRunner, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workdir / "acme.yaml").write_text(DEAL, encoding="utf-8")
    summary = workdir / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = invoke(runner, "check", "--isolated", "--today", TODAY, "--step-summary", "acme.yaml")
    assert result.exit_code == 1
    assert "Verdict: fail" in result.stdout  # the terminal report is unchanged
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## winwin deal check\n")
    assert "| WW101 discount-unearned |" in text


def test_step_summary_to_a_path(runner: CliRunner, workdir: Path) -> None:
    (workdir / "acme.yaml").write_text(DEAL, encoding="utf-8")
    result = invoke(runner, "check", "--isolated", "--today", TODAY, "--step-summary=out.md", "acme.yaml")
    assert result.exit_code == 1
    assert "### ❌ ACME-1" in (workdir / "out.md").read_text(encoding="utf-8")


def test_step_summary_without_the_variable_is_a_usage_error(runner: CliRunner, workdir: Path) -> None:
    (workdir / "acme.yaml").write_text(DEAL, encoding="utf-8")
    result = invoke(runner, "check", "--isolated", "--step-summary", "acme.yaml")
    assert result.exit_code == 2
    assert "GITHUB_STEP_SUMMARY is not set" in result.stderr


def test_step_summary_stays_under_githubs_limit(tmp_path: Path) -> None:
    from winwin_cli.cli.output import StepSummary
    from winwin_cli.report import reporter

    target = tmp_path / "summary.md"
    summary = StepSummary(reporter("markdown"), str(target), limit=100)
    summary.write("x" * 60)
    summary.write("y" * 60)  # would pass the limit: left out, and so is all that follows
    summary.write("z")
    summary.finish("TAIL\n")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("x" * 60 + "*2 more file reports left out")
    assert "yyy" not in text
    assert text.endswith("TAIL\n")
