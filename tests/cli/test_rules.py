"""`winwin rules` and `winwin explain`: the playbook in force, its examples checked live."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import TODAY, invoke
from winwin_cli.explain import examples
from winwin_cli.playbook import load_playbook

PLAYBOOK = load_playbook()


def test_rules_lists_every_rule(runner: CliRunner) -> None:
    result = invoke(runner, "rules", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["playbook"] == "default@1"
    ids = [r["id"] for r in data["rules"]]
    assert ids == sorted(r.id for r in PLAYBOOK.rules)
    ww101 = data["rules"][0]
    assert ww101 == {
        "id": "WW101",
        "slug": "discount-unearned",
        "title": "Discount without a get",
        "severity": "error",
        "gives": "vendor",
        "unreciprocated": "win-lose",
        "approvers": ["sales-manager > 10", "vp-sales > 20", "cro > 30", "cfo > 40"],
        "enabled": True,
    }
    text = invoke(runner, "rules").output
    assert "WW303" in text
    assert "liability-asymmetric" in text
    assert "by side" in text


def test_rules_follow_the_configuration(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".winwin.yaml").write_text(
        "ignore: [WW4]\nthresholds:\n  approval_discount_vp_sales_pct: 25\n"
    )
    monkeypatch.chdir(tmp_path)
    rules = {r["id"]: r for r in json.loads(invoke(runner, "rules", "--format", "json").output)["rules"]}
    assert not rules["WW401"]["enabled"]
    assert rules["WW301"]["enabled"]
    assert rules["WW101"]["approvers"][1] == "vp-sales > 25"
    data = json.loads(invoke(runner, "explain", "WW101", "--format", "json").output)
    assert data["thresholds"]["approval_discount_vp_sales_pct"] == 25


def test_explain_by_id_and_slug(runner: CliRunner) -> None:
    by_id = invoke(runner, "explain", "WW101", "--format", "json", "--today", TODAY)
    by_slug = invoke(runner, "explain", "discount-unearned", "--format", "json", "--today", TODAY)
    assert by_id.exit_code == 0
    assert by_id.output == by_slug.output
    data = json.loads(by_id.output)
    assert data["condition"] == "pricing.discount_pct > thresholds.discount_standard_pct"
    assert next(g["title"] for g in data["gets"]) == "full prepayment of the whole term"
    assert data["thresholds"]["discount_standard_pct"] == 10
    assert "bring the discount back to 10%" in data["advice"]
    assert [e["verdict"] for e in data["examples"]] == ["pass", "fail"]
    text = invoke(runner, "explain", "ww101", "--today", TODAY).output
    for heading in (
        "Description",
        "Rationale",
        "Concession when",
        "Reciprocated (win-win) by",
        "Approvers",
        "Thresholds in force",
        "Advice",
        "Passing example",
        "Failing example",
    ):
        assert heading in text


def test_explain_unknown_rule(runner: CliRunner) -> None:
    result = invoke(runner, "explain", "discount-unearnd")
    assert result.exit_code == 2
    assert "unknown rule 'discount-unearnd' (did you mean 'discount-unearned'?)" in result.output


@pytest.mark.parametrize("rule", PLAYBOOK.rules, ids=lambda r: r.id)
def test_every_rule_has_a_passing_and_a_failing_example(rule) -> None:  # type: ignore[no-untyped-def]
    shown = examples(PLAYBOOK, rule, dt.date.fromisoformat(TODAY))
    assert [e.kind for e in shown] == ["pass", "fail"]
    passing, failing = shown
    assert passing.result.errors == ()
    assert passing.verdict == "pass"
    assert failing.result.deal is not None
    assert any(f.rule == rule.id and f.fails for f in failing.result.deal.findings)
