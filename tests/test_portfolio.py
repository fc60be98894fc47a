"""The portfolio view: `winwin report` and `winwin check --summary` over the shipped examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, TODAY, invoke


@pytest.fixture(scope="module")
def deals(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 20 example deals of examples/ (its sub-directories hold other material)."""
    root = tmp_path_factory.mktemp("deals")
    for path in EXAMPLES.glob("*.yaml"):
        (root / path.name).write_bytes(path.read_bytes())
    return root


def _report(runner: CliRunner, deals: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = invoke(runner, "report", str(deals), "--format", "json", "--today", TODAY, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_counts_agree_with_check(runner: CliRunner, deals: Path) -> None:
    data = _report(runner, deals)
    check = json.loads(invoke(runner, "check", str(deals), "--format", "json", "--today", TODAY).output)
    assert data["deals"] == check["summary"]["deals"] == 20
    assert data["by_class"] == check["summary"]["by_class"]
    assert data["failing_deals"] == sum(d["verdict"] == "fail" for d in check["deals"])
    assert sum(r["findings"] for r in data["by_rule"].values()) == check["summary"]["findings"]
    assert sum(g["deals"] for g in data["by_stage"].values()) == 20
    assert set(data["by_stage"]) == {"poc", "pilot", "production"}
    assert data["by_rule"]["WW101"]["waived"] == 1


def test_largest_unreciprocated_concessions(runner: CliRunner, deals: Path) -> None:
    top = _report(runner, deals)["largest_unreciprocated"]
    values = [c["value_annual"] for c in top]
    assert values == sorted(values, reverse=True)
    assert values
    assert top[0] == {
        "deal": "STARK-2026-019",
        "file": str(deals / "concessions-stark.yaml"),
        "gave": "vendor",
        "term": "concessions[2]",
        "title": "A dedicated customer success manager, full time",
        "rules": ["WW801"],
        "value_annual": 60000,
        "currency": "USD",
    }
    assert len(_report(runner, deals, "--top", "1")["largest_unreciprocated"]) == 1


def test_waivers_expiring_within_30_days(runner: CliRunner, tmp_path: Path) -> None:
    # The Cyberdyne WW101 waiver expires on 2027-03-31: 30 days before is 2027-03-01.
    deal = EXAMPLES / "waivers-cyberdyne.yaml"
    near = invoke(runner, "report", str(deal), "--format", "json", "--today", "2027-03-01")
    far = invoke(runner, "report", str(deal), "--format", "json", "--today", "2027-02-28")
    expiring = json.loads(near.output)["waivers_expiring"]
    assert [(e["rule"], e["days_left"], e["status"]) for e in expiring] == [
        ("WW101", 30, "applied"),
        ("WW104", 30, "unused"),
    ]
    assert json.loads(far.output)["waivers_expiring"] == []


def test_markdown_and_rich(runner: CliRunner, deals: Path) -> None:
    md = invoke(runner, "report", str(deals), "--format", "markdown", "--today", TODAY).output
    assert md.startswith("## winwin portfolio\n")
    assert "| WW101 | discount-unearned | 8 |" in md
    assert "### Largest unreciprocated concessions" in md
    assert "### Waivers expiring within 30 days" in md
    rich = invoke(runner, "report", str(deals), "--today", TODAY).output
    assert "Findings per rule" in rich
    assert "Deals per stage" in rich


def test_check_summary_keeps_the_exit_code(runner: CliRunner, deals: Path) -> None:
    result = invoke(runner, "check", str(deals), "--summary", "--format", "json", "--today", TODAY)
    assert result.exit_code == 1
    assert json.loads(result.output)["report"] == "portfolio"


def test_report_counts_broken_files(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "winwin: 1\ndeal: {id: X, counterparty: Y}\npricing: {discount_pct: 010}\n"
    )
    result = invoke(runner, "report", str(tmp_path), "--format", "json")
    assert result.exit_code == 2
    assert json.loads(result.output)["errors"][0]["line"] == 3
