"""`winwin playbook test|check`, and `winwin check --playbook` with an extending playbook."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import ROOT, TODAY, invoke, run_winwin

ENTERPRISE = "examples/playbooks/enterprise"
DEALS = "examples/playbooks/deals"


def test_playbook_test_runs_the_default_playbooks_tests_as_ci_does() -> None:
    result = run_winwin("playbook", "test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "rules/tests/pricing.yaml ...." in result.stdout
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("PASS: ")
    passed, total = last.removeprefix("PASS: ").split("/")
    assert passed == total
    assert int(total) >= 54


def test_playbook_test_of_the_enterprise_playbook_verbose(runner: CliRunner) -> None:
    result = invoke(runner, "playbook", "test", str(ROOT / ENTERPRISE), "-v")
    assert result.exit_code == 0, result.stdout
    assert "  PASS: a deal pinned to enterprise@1 is judged by version 1" in result.stdout
    assert result.stdout.rstrip().endswith("PASS: 15/15")


def test_playbook_test_exit_codes(runner: CliRunner, tmp_path: Path) -> None:
    failing = tmp_path / "fail"
    failing.mkdir()
    (failing / "t.yaml").write_text(
        "tests:\n  - name: MFN is fine\n    patch: {rights: {most_favored_nation: true}}\n"
        "    expect: []\n    only: true\n",
        encoding="utf-8",
    )
    result = invoke(runner, "playbook", "test", "--tests", str(failing))
    assert result.exit_code == 1
    assert "FAIL: MFN is fine" in result.stdout
    assert "unexpected finding: WW104 win-lose" in result.stdout

    malformed = tmp_path / "bad.yaml"
    malformed.write_text("tests:\n  - nam: x\n", encoding="utf-8")
    result = invoke(runner, "playbook", "test", "--tests", str(malformed), "--tests", str(failing))
    assert result.exit_code == 2
    assert "bad.yaml:2:5: error: tests[0]: unknown key 'nam' (did you mean 'name'?)" in result.stdout
    assert "FAIL: 1/1" in result.stdout

    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke(runner, "playbook", "test", "--tests", str(empty))
    assert result.exit_code == 2
    assert "no tests found" in result.stdout

    result = invoke(runner, "playbook", "test", "--tests", str(tmp_path / "missing"))
    assert result.exit_code == 2
    assert "no such test file or directory" in result.stderr


def test_playbook_test_of_a_broken_playbook_is_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("extends: default\ndisable: [WW999]\n", encoding="utf-8")
    result = invoke(runner, "playbook", "test", str(path))
    assert result.exit_code == 2
    assert f"{path}:2:11: disable: unknown rule 'WW999'" in result.stderr


def test_playbook_check_clean_and_failing(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "playbook", "check")
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")
    result = invoke(runner, "playbook", "check", str(ROOT / ENTERPRISE))
    assert result.exit_code == 0

    path = tmp_path / "p.yaml"
    path.write_text("extends: default\nthresholds: {spare_days: 3}\n", encoding="utf-8")
    result = invoke(runner, "playbook", "check", str(path))
    assert result.exit_code == 0
    assert (
        f"{path}:2:14: warning: thresholds.spare_days: defined but no rule uses it [unused-threshold]"
        in result.stdout
    )
    assert result.stdout.endswith("Found 0 errors, 1 warning.\n")
    assert invoke(runner, "playbook", "check", str(path), "--strict").exit_code == 1

    path.write_text(
        "extends: default\noverrides:\n  WW101: {when: 'pricing.discont_pct > 10'}\n", encoding="utf-8"
    )
    result = invoke(runner, "playbook", "check", str(path), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    first = report["diagnostics"][0]
    assert (first["line"], first["column"], first["code"], first["severity"]) == (
        3,
        17,
        "unknown-name",
        "error",
    )
    assert report["summary"]["errors"] >= 1

    assert invoke(runner, "playbook", "check", str(tmp_path / "nowhere")).exit_code == 2


def _judged(*args: str) -> dict[str, tuple[str, str, list[str]]]:
    result = run_winwin("check", DEALS, "--format", "json", "--today", TODAY, *args)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["errors"] == []
    return {
        Path(d["file"]).name: (
            d["playbook"],
            d["verdict"],
            [f"{f['rule']} {f['class']}" for f in d["findings"]],
        )
        for d in report["deals"]
    }


def test_the_enterprise_deals_under_both_playbooks() -> None:
    assert _judged() == {
        "contoso-pinned-default.yaml": ("default@1", "pass", []),
        "fabrikam-large-quarterly.yaml": ("default@1", "pass", []),
        "northwind-enterprise.yaml": ("default@1", "fail", ["WW201 win-win", "WW204 lose-win"]),
    }
    assert _judged("--playbook", ENTERPRISE) == {
        "contoso-pinned-default.yaml": ("default@1", "pass", []),
        "fabrikam-large-quarterly.yaml": ("enterprise@2", "fail", ["EN101 win-lose"]),
        "northwind-enterprise.yaml": ("enterprise@2", "pass", ["WW101 win-win"]),
    }


def test_a_deal_pinned_to_an_old_version_keeps_its_judgment(tmp_path: Path) -> None:
    deal = tmp_path / "signed.yaml"
    deal.write_text(
        "winwin: 1\nplaybook: enterprise@1\ndeal: {id: S-1, counterparty: Signed Co}\n"
        "pricing: {discount_pct: 8}\n",
        encoding="utf-8",
    )
    result = run_winwin("check", str(deal), "--playbook", ENTERPRISE, "--format", "json", "--today", TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    (judged,) = json.loads(result.stdout)["deals"]
    assert (judged["playbook"], judged["verdict"], judged["findings"]) == ("enterprise@1", "pass", [])
    result = run_winwin("check", str(deal), "--today", TODAY, "--format", "json")
    assert result.returncode == 2
    (error,) = json.loads(result.stdout)["errors"]
    assert (error["line"], error["column"]) == (2, 11)
    assert error["message"].startswith("the deal pins playbook enterprise@1, but default@1 is loaded")
