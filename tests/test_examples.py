"""The example deals say in their header comments what the check must report; hold them to it.

Header lines (judged on TODAY, which matters for waivers):

    # expect: RULE class[ (concession-id)][ (waived)], ...   or "none"
    # waivers: RULE covers|expired|unused|not-needed, ...
    # missing approvals: RULE role, ...                        or "none"
    # verdict: pass|fail
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, TODAY, default_playbook, invoke

FILES = sorted(EXAMPLES.glob("*.yaml"))
_FINDING = re.compile(
    r"(?P<rule>[A-Z]+[0-9]+) (?P<klass>win-win|win-lose|lose-win)"
    r"(?: \((?!waived\))(?P<item>[A-Za-z0-9_.-]+)\))?(?P<waived> \(waived\))?"
)
_WAIVER = re.compile(r"(?P<rule>[A-Z]+[0-9]+) (?P<status>covers|expired|unused|not-needed)")
_APPROVAL = re.compile(r"(?P<rule>[A-Z]+[0-9]+) (?P<role>[a-z][a-z-]*)")
# The header's word for a waiver status, and the JSON report's.
WAIVER_STATUS = {"covers": "applied", "expired": "expired", "unused": "unused", "not-needed": "not-needed"}


@dataclass
class Expected:
    findings: list[tuple[str, str, str | None, bool]]
    waivers: list[tuple[str, str]] | None = None
    missing: list[tuple[str, str]] = field(default_factory=list)
    verdict: str | None = None


def _items(value: str, pattern: re.Pattern[str], path: Path, what: str) -> list[re.Match[str]]:
    value = value.strip()
    if value == "none":
        return []
    matches = []
    for part in value.split(","):
        match = pattern.fullmatch(part.strip())
        assert match is not None, f"{path.name}: cannot read {what} item {part.strip()!r}"
        matches.append(match)
    return matches


def expected(path: Path) -> Expected:
    """The expectations written in the header comment block of an example."""
    lines: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line[1:].strip().partition(":")
        if sep and key in ("expect", "waivers", "missing approvals", "verdict"):
            assert key not in lines, f"{path.name}: '# {key}:' is written twice"
            lines[key] = value
    assert "expect" in lines, f"{path.name}: the header has no '# expect:' line"
    found = Expected(
        findings=[
            (m["rule"], m["klass"], m["item"], bool(m["waived"]))
            for m in _items(lines["expect"], _FINDING, path, "expect")
        ]
    )
    if "waivers" in lines:
        found.waivers = [(m["rule"], m["status"]) for m in _items(lines["waivers"], _WAIVER, path, "waivers")]
    if "missing approvals" in lines:
        found.missing = [
            (m["rule"], m["role"]) for m in _items(lines["missing approvals"], _APPROVAL, path, "approval")
        ]
    verdict = lines.get("verdict", "").strip() or None
    assert verdict in (None, "pass", "fail"), f"{path.name}: verdict {verdict!r}"
    found.verdict = verdict
    return found


@cache
def report() -> dict[str, dict[str, Any]]:
    """Every example deal (examples/*.yaml) checked in one run with `--format json`, by file name."""
    result = invoke(CliRunner(), "check", *map(str, FILES), "--format", "json", "--today", TODAY)
    document = json.loads(result.stdout)
    assert document["errors"] == [], document["errors"]
    # Subdirectories hold other kinds of example (renegotiation pairs); the headers are top-level.
    deals = document["deals"]
    return {Path(deal["file"]).name: deal for deal in deals if Path(deal["file"]).parent == EXAMPLES}


def test_there_are_enough_examples() -> None:
    assert len(FILES) >= 12
    assert {Path(name).name for name in report()} == {p.name for p in FILES}


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_example_reports_what_its_header_says(path: Path) -> None:
    want = expected(path)
    deal = report()[path.name]
    got = [(f["rule"], f["class"], f["concession"], f["waived"]) for f in deal["findings"]]
    assert got == want.findings
    missing = [(f["rule"], role) for f in deal["findings"] for role in f["approvals_missing"]]
    assert sorted(missing) == sorted(want.missing)
    if want.waivers is not None:
        assert [(w["rule"], w["status"]) for w in deal["waivers"]] == [
            (rule, WAIVER_STATUS[status]) for rule, status in want.waivers
        ]
    else:
        assert deal["waivers"] == []
    # The verdict the header states, and the one the findings imply, are the report's.
    implied = "fail" if any(f["fails"] for f in deal["findings"]) else "pass"
    assert deal["verdict"] == implied
    if want.verdict is not None:
        assert deal["verdict"] == want.verdict


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_finding_points_into_the_file(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    for finding in report()[path.name]["findings"]:
        assert 1 <= finding["line"] <= len(lines)
        text = lines[finding["line"] - 1]
        assert 1 <= finding["column"] <= len(text)
        assert not text.lstrip().startswith("#")


def test_header_parser_reads_every_form() -> None:
    match = _FINDING.fullmatch("WW801 win-lose (dedicated-csm) (waived)")
    assert match is not None
    assert (match["rule"], match["klass"], match["item"], bool(match["waived"])) == (
        "WW801",
        "win-lose",
        "dedicated-csm",
        True,
    )
    match = _FINDING.fullmatch("WW104 win-lose (waived)")
    assert match is not None
    assert (match["item"], bool(match["waived"])) == (None, True)
    assert _FINDING.fullmatch("WW801 lose-lose") is None


def test_examples_cover_every_rule_both_ways() -> None:
    """Each rule fires somewhere and stays silent somewhere; a rule that has gets is seen
    reciprocated and not reciprocated; a rule that can fall on either side fails each way."""
    playbook = default_playbook()
    seen: dict[str, set[str]] = {rule.id: set() for rule in playbook.rules}
    silent: dict[str, int] = dict.fromkeys(seen, 0)
    for deal in report().values():
        fired = {f["rule"] for f in deal["findings"]}
        for finding in deal["findings"]:
            seen[finding["rule"]].add(finding["class"])
        for rule_id in seen:
            silent[rule_id] += rule_id not in fired
    gaps = []
    for rule in playbook.rules:
        classes = seen[rule.id]
        if silent[rule.id] == 0:
            gaps.append(f"{rule.id} never stays silent")
        if rule.gets and "win-win" not in classes:
            gaps.append(f"{rule.id} is never reciprocated")
        lopsided = {c for c in classes if c != "win-win"}
        if rule.gives in ("either", "declared"):
            if lopsided != {"win-lose", "lose-win"}:
                gaps.append(f"{rule.id} does not fail both ways (seen {sorted(lopsided)})")
        elif not lopsided:
            gaps.append(f"{rule.id} never fires unreciprocated")
    assert gaps == []


def test_coverage_document_names_every_rule_and_file() -> None:
    coverage = (EXAMPLES / "COVERAGE.md").read_text(encoding="utf-8")
    for rule in default_playbook().rules:
        assert f"| {rule.id} | {rule.slug} |" in coverage
    for path in FILES:
        assert f"| {path.name} |" in coverage


def test_examples_mix_passing_and_failing() -> None:
    verdicts = {deal["verdict"] for deal in report().values()}
    assert verdicts == {"pass", "fail"}
