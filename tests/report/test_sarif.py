"""`--format sarif`: valid SARIF 2.1.0 that GitHub code scanning can ingest, and stable alerts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from conftest import DISCOUNT_DEAL, EXAMPLES, ROOT, SCHEMAS, TODAY, invoke

SCHEMA_FILE = SCHEMAS / "sarif-schema-2.1.0.json"
# The OASIS schema sits in the shared/ folder beside the checkout (CI has it); without it the
# schema checks skip, saying so, and every other SARIF test still runs.
VALIDATOR = (
    jsonschema.Draft4Validator(
        json.loads(SCHEMA_FILE.read_text(encoding="utf-8")), format_checker=jsonschema.FormatChecker()
    )
    if SCHEMA_FILE.is_file()
    else None
)

DEAL = DISCOUNT_DEAL
WAIVED = (
    DEAL
    + """waivers:
  - rule: WW101
    reason: Strategic logo
    approved_by: cfo
    expires: 2027-03-31
  - rule: WW103
    reason: Initiative to follow
    approved_by: cfo
    expires: 2027-03-31
"""
)


def sarif(runner: CliRunner, *args: str) -> tuple[int, dict[str, Any]]:
    result = invoke(runner, "check", "--isolated", "--today", TODAY, "--format", "sarif", *args)
    return result.exit_code, json.loads(result.stdout)


def assert_valid(log: dict[str, Any]) -> None:
    if VALIDATOR is None:
        pytest.skip(f"{SCHEMA_FILE} is not there")
    errors = sorted(VALIDATOR.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def results(log: dict[str, Any]) -> list[dict[str, Any]]:
    return list(log["runs"][0]["results"])


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def sarif_of(runner: CliRunner, workdir: Path, text: str, *args: str) -> dict[str, Any]:
    write(workdir, "deal.yaml", text)
    log = sarif(runner, "deal.yaml", *args)[1]
    assert_valid(log)
    return log


def test_every_example_validates(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, log = sarif(runner, "examples")
    assert code == 1
    assert_valid(log)
    run = log["runs"][0]
    assert log["version"] == "2.1.0"
    assert run["tool"]["driver"]["name"] == "winwin"
    assert len(run["results"]) > 20
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris <= {p.relative_to(ROOT).as_posix() for p in EXAMPLES.rglob("*.yaml")}


def test_rules_carry_the_playbook_metadata(runner: CliRunner, workdir: Path) -> None:
    log = sarif_of(runner, workdir, DEAL)
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    ww101 = rules["WW101"]
    assert ww101["name"] == "discount-unearned"
    assert ww101["shortDescription"]["text"] == "Discount without a get"
    assert ww101["fullDescription"]["text"].startswith("A discount above the standard")
    assert "Price is the easiest thing to give" in ww101["help"]["text"]
    assert "bring the discount back to 10%" in ww101["help"]["text"]  # thresholds filled in
    assert "{thresholds" not in json.dumps(rules)
    assert "**Why it matters.**" in ww101["help"]["markdown"]
    assert ww101["defaultConfiguration"]["level"] == "error"
    assert ww101["properties"]["class"] == "win-lose"
    assert ww101["properties"]["gives"] == "vendor"
    assert "sales-manager (above 10)" in ww101["properties"]["approvers"]
    assert "helpUri" not in ww101
    assert "class" not in rules["WW303"]["properties"]  # either side may lose: no fixed class
    assert rules["WW000"]["name"] == "invalid-deal-file"
    # ruleIndex points at the rule named by ruleId
    driver_rules = log["runs"][0]["tool"]["driver"]["rules"]
    for result in results(log):
        assert driver_rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_help_uri_when_configured(runner: CliRunner, workdir: Path) -> None:
    log = sarif_of(runner, workdir, DEAL, "--rule-docs-url", "https://deals.example.com/rules/{id}-{slug}")
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["WW101"]["helpUri"] == "https://deals.example.com/rules/WW101-discount-unearned"
    assert "helpUri" not in rules["WW000"]


def test_result_fields_and_levels(runner: CliRunner, workdir: Path) -> None:
    write(workdir, "deals/acme.yaml", DEAL)
    code, log = sarif(runner, "deals")
    assert code == 1
    assert_valid(log)
    by_rule = {r["ruleId"]: r for r in results(log)}
    ww101 = by_rule["WW101"]
    assert ww101["level"] == "error"
    location = ww101["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "deals/acme.yaml", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 7, "startColumn": 17}
    assert ww101["message"]["text"].startswith("win-lose (error): Discount of 25% is above the standard 10%")
    assert "Missing approval: sales-manager, vp-sales." in ww101["message"]["text"]
    props = ww101["properties"]
    assert props["class"] == "win-lose"
    assert props["fails"] is True
    assert props["waived"] is False
    assert props["approvalsMissing"] == ["sales-manager", "vp-sales"]
    assert props["value"] == 25000
    assert "suppressions" not in ww101
    assert set(ww101["partialFingerprints"]) == {"winwin/v1"}


def test_waived_findings_are_notes_with_a_suppression(runner: CliRunner, workdir: Path) -> None:
    log = sarif_of(runner, workdir, WAIVED)
    by_rule = {r["ruleId"]: r for r in results(log)}
    ww103 = by_rule["WW103"]  # no approval needed: the waiver makes it pass
    assert ww103["level"] == "note"
    assert ww103["properties"]["waived"] is True
    assert ww103["suppressions"] == [
        {
            "kind": "inSource",
            "status": "accepted",
            "justification": "Initiative to follow (approved by cfo, expires 2027-03-31)",
        }
    ]
    ww101 = by_rule["WW101"]  # a waiver never covers the missing sales-manager approval
    assert ww101["level"] == "error"
    assert ww101["suppressions"][0]["justification"].startswith("Strategic logo")


def test_lopsided_findings_outside_fail_on_are_warnings(runner: CliRunner, workdir: Path) -> None:
    log = sarif_of(runner, workdir, DEAL, "--fail-on", "none")
    by_rule = {r["ruleId"]: r for r in results(log)}
    assert by_rule["WW103"]["level"] == "warning"  # win-lose, but --fail-on none
    assert by_rule["WW101"]["level"] == "error"  # still fails: approvals missing


def test_reciprocated_findings_are_notes(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    _, log = sarif(runner, "examples/new-logo-acme.yaml")
    assert results(log)
    assert {r["level"] for r in results(log)} == {"note"}
    assert all(r["properties"]["class"] == "win-win" for r in results(log))


def test_fingerprints_ignore_lines_but_not_files_or_terms(runner: CliRunner, workdir: Path) -> None:
    write(workdir, "a.yaml", DEAL)
    write(workdir, "b.yaml", DEAL)
    _, before = sarif(runner, "a.yaml", "b.yaml")
    write(workdir, "a.yaml", "# a comment\n\n" + DEAL)
    _, after = sarif(runner, "a.yaml", "b.yaml")

    def prints(log: dict[str, Any]) -> dict[tuple[str, str], tuple[str, int]]:
        out = {}
        for r in results(log):
            location = r["locations"][0]["physicalLocation"]
            key = (location["artifactLocation"]["uri"], r["ruleId"])
            out[key] = (r["partialFingerprints"]["winwin/v1"], location["region"]["startLine"])
        return out

    old, new = prints(before), prints(after)
    assert old.keys() == new.keys()
    for key in old:
        assert old[key][0] == new[key][0], key  # same alert
    assert new[("a.yaml", "WW101")][1] == old[("a.yaml", "WW101")][1] + 2  # moved two lines
    assert old[("a.yaml", "WW101")][0] != old[("b.yaml", "WW101")][0]  # another file, another alert
    assert old[("a.yaml", "WW101")][0] != old[("a.yaml", "WW103")][0]


def test_declared_concessions_are_told_apart_by_id(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    _, log = sarif(runner, "examples/concessions-stark.yaml")
    prints = [r["partialFingerprints"]["winwin/v1"] for r in results(log) if r["ruleId"] == "WW801"]
    assert len(prints) == len(set(prints)) == 5


def test_paths_are_relative_to_the_repo_root(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deal = write(tmp_path, "repo/deals/sub dir/acme.yaml", DEAL)
    monkeypatch.chdir(tmp_path)
    _, log = sarif(runner, str(deal), "--repo-root", str(tmp_path / "repo"))
    artifact = results(log)[0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "deals/sub%20dir/acme.yaml", "uriBaseId": "%SRCROOT%"}
    # A file outside the root keeps an absolute URI and no base
    _, log = sarif(runner, str(deal), "--repo-root", str(tmp_path / "elsewhere"))
    artifact = results(log)[0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert "uriBaseId" not in artifact
    assert artifact["uri"].endswith("/repo/deals/sub%20dir/acme.yaml")
    assert_valid(log)


def test_invalid_files_are_ww000_results(runner: CliRunner, workdir: Path) -> None:
    write(
        workdir,
        "broken.yaml",
        "winwin: 1\ndeal:\n  id: X-1\n  counterparty: Acme\npricing:\n  discount_pct: 010\n",
    )
    write(workdir, "ok.yaml", DEAL)
    code, log = sarif(runner, "broken.yaml", "ok.yaml")
    assert code == 2
    assert_valid(log)
    errors = [r for r in results(log) if r["ruleId"] == "WW000"]
    assert len(errors) == 1
    error = errors[0]
    assert error["level"] == "error"
    assert error["locations"][0]["physicalLocation"]["region"] == {"startLine": 6, "startColumn": 17}
    assert "010" in error["message"]["text"]
    assert any(r["ruleId"] == "WW101" for r in results(log))  # the other file is still checked
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True
    assert log["runs"][0]["invocations"][0]["exitCode"] == 2


def test_waiver_warnings_are_tool_notifications(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    _, log = sarif(runner, "examples/waivers-cyberdyne.yaml")
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [(n["level"], n["properties"]["waiver"]) for n in notes] == [
        ("warning", "expired"),
        ("note", "unused"),
    ]


def test_hostile_text_stays_data(runner: CliRunner, workdir: Path) -> None:
    hostile = WAIVED.replace(
        "counterparty: Acme", 'counterparty: "Acme\\u202e\\u200b </script>\\n::error::x"'
    ).replace("reason: Initiative to follow", 'reason: "line\\nbreak \\u2066bidi %0A"')
    log = sarif_of(runner, workdir, hostile)
    text = json.dumps(log, ensure_ascii=False)
    assert "\u202e" not in text
    assert "\u2066" not in text
    ww103 = next(r for r in results(log) if r["ruleId"] == "WW103")
    assert "\\u2066bidi" in ww103["suppressions"][0]["justification"]


def test_central_waivers_are_external_suppressions(runner: CliRunner, workdir: Path) -> None:
    write(
        workdir,
        "waivers.yaml",
        "waivers:\n  - rule: WW103\n    deals: [ACME-1]\n    reason: Initiative to follow\n"
        "    approved_by: cfo\n    expires: 2027-03-31\n",
    )
    log = sarif_of(runner, workdir, DEAL, "--waivers", "waivers.yaml")
    ww103 = next(r for r in results(log) if r["ruleId"] == "WW103")
    assert ww103["level"] == "note"
    assert ww103["suppressions"][0]["kind"] == "external"
    assert ww103["suppressions"][0]["justification"].startswith("Initiative to follow")
