"""Playbook tests: matching findings, `only`/`absent`/`verdict`, errors kept per case and file."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from conftest import ROOT, TODAY
from winwin_cli.load import load
from winwin_cli.playbook import load_playbook
from winwin_cli.playbook_cases import CaseFile, default_tests, render, run

DAY = dt.date.fromisoformat(TODAY)


def outcome_of(tmp_path: Path, text: str, playbook_path: Path | None = None):  # type: ignore[no-untyped-def]
    path = tmp_path / "cases.yaml"
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return run(load_playbook(playbook_path), [path], DAY)


def test_every_rule_of_the_default_playbook_is_tested_both_ways() -> None:
    """Each rule is asserted silent somewhere and fires unreciprocated somewhere; a rule with gets
    is seen reciprocated; a rule that can fall on either side is seen failing each way."""
    playbook = load_playbook(None)
    classes: dict[str, set[str]] = {rule.id: set() for rule in playbook.rules}
    silent: set[str] = set()
    for path in sorted(default_tests(Path(playbook.source)).glob("*.yaml")):
        content = CaseFile.model_validate(load(path.read_text(encoding="utf-8")).data)
        for case in content.tests:
            expected = {e.rule for e in case.expect}
            for e in case.expect:
                classes[e.rule].add(e.klass)
            silent.update(r for r in classes if any(r.startswith(p) for p in case.absent))
            if case.only is True:
                silent.update(r for r in classes if r not in expected)
    gaps = []
    for rule in playbook.rules:
        lopsided = classes[rule.id] - {"win-win"}
        if rule.id not in silent:
            gaps.append(f"{rule.id} never asserted silent")
        if rule.gets and "win-win" not in classes[rule.id]:
            gaps.append(f"{rule.id} never reciprocated")
        wanted = {"win-lose", "lose-win"} if rule.gives in ("either", "declared") else {rule.unreciprocated}
        if not wanted <= lopsided:
            gaps.append(f"{rule.id} not seen unreciprocated as {sorted(wanted - lopsided)}")
    assert gaps == []


def test_the_default_playbook_passes_its_tests() -> None:
    outcome = run(load_playbook(None), [default_tests(Path(load_playbook(None).source))], DAY)
    assert outcome.errors == []
    assert [r.name for r in outcome.results if r.status != "pass"] == []
    assert len(outcome.results) >= 27 * 2
    assert outcome.exit_code == 0


def test_a_wrong_expectation_fails_and_says_what_differs(tmp_path: Path) -> None:
    outcome = outcome_of(
        tmp_path,
        """
        tests:
          - name: wrong class
            patch: {pricing: {discount_pct: 15}}
            expect:
              - {rule: WW101, class: win-win}
            absent: [WW103]
            verdict: pass
        """,
    )
    (result,) = outcome.results
    assert result.status == "fail"
    assert (result.line, result.column) == (2, 5)
    assert result.problems == (
        "expected WW101 win-win; got WW101 win-lose [severity error; approvals required: sales-manager;"
        " approvals missing: sales-manager]",
        "expected no WW103 finding; got WW103 win-lose [severity warning]",
        "verdict: expected pass, got fail",
    )
    assert outcome.exit_code == 1


def test_only_true_refuses_extra_findings_and_only_a_list_scopes_it(tmp_path: Path) -> None:
    outcome = outcome_of(
        tmp_path,
        """
        tests:
          - name: exact
            patch: {pricing: {discount_pct: 15}}
            expect: [{rule: WW101, class: win-lose}]
            only: true
          - name: scoped to WW101
            patch: {pricing: {discount_pct: 15}}
            expect: [{rule: WW101, class: win-lose}]
            only: [WW101]
          - name: not exact by default
            patch: {pricing: {discount_pct: 15}}
            expect: [{rule: WW101, class: win-lose}]
        """,
    )
    assert [r.status for r in outcome.results] == ["fail", "pass", "pass"]
    assert outcome.results[0].problems == ("unexpected finding: WW103 win-lose [severity warning]",)


def test_each_expectation_matches_its_own_finding(tmp_path: Path) -> None:
    outcome = outcome_of(
        tmp_path,
        """
        tests:
          - name: two entries, one expected twice
            patch:
              concessions:
                - {id: a, what: A, given_by: vendor}
            expect:
              - {rule: WW801, class: win-lose}
              - {rule: WW801, class: win-lose}
        """,
    )
    assert outcome.results[0].status == "fail"
    assert outcome.results[0].problems[0].startswith("expected WW801 win-lose; got WW801 win-lose (a)")


def test_a_deal_the_playbook_refuses_is_an_error_located_in_the_test_file(tmp_path: Path) -> None:
    outcome = outcome_of(
        tmp_path,
        """
        tests:
          - name: bad percentage
            patch: {pricing: {discount_pct: 150}}
          - name: fine
            deal:
              deal: {id: FULL, counterparty: Full Co}
        """,
    )
    assert [r.status for r in outcome.results] == ["error", "pass"]
    assert (
        outcome.results[0]
        .problems[0]
        .endswith("cases.yaml:3:37: invalid deal: pricing.discount_pct: must be less than or equal to 100")
    )
    assert outcome.exit_code == 2


def test_a_malformed_test_file_is_located_and_the_others_still_run(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "tests:\n  - name: x\n    expect: [{rule: WW101, clas: win-win}]\n", encoding="utf-8"
    )
    (tmp_path / "b.yaml").write_text(
        "tests:\n  - name: standard\n    expect: []\n    only: true\n", encoding="utf-8"
    )
    (tmp_path / "c.yaml").write_text("tests: [\n", encoding="utf-8")
    outcome = run(load_playbook(None), [tmp_path], DAY)
    rendered = [e.render() for e in outcome.errors]
    assert any(
        line.endswith("a.yaml:3:14: tests[0].expect[0]: required key 'class' is missing") for line in rendered
    )
    assert any("unknown key 'clas' (did you mean 'class'?)" in line for line in rendered)
    assert any("c.yaml:" in line for line in rendered)
    assert [r.status for r in outcome.results] == ["pass"]
    assert outcome.exit_code == 2
    assert "(and 2 malformed test files)" in render(outcome)


def test_a_pinned_case_is_judged_by_the_pinned_version(tmp_path: Path) -> None:
    enterprise = ROOT / "examples" / "playbooks" / "enterprise"
    outcome = outcome_of(
        tmp_path,
        """
        tests:
          - name: pinned
            patch: {playbook: enterprise@1, pricing: {discount_pct: 8}}
            expect: []
            only: true
          - name: unknown pin
            patch: {playbook: enterprise@0}
        """,
        enterprise,
    )
    assert [r.status for r in outcome.results] == ["pass", "error"]
    assert "enterprise@0" in outcome.results[1].problems[0]


def test_render_lists_failures_then_counts(tmp_path: Path) -> None:
    outcome = outcome_of(
        tmp_path,
        """
        tests:
          - name: passes
            expect: []
          - name: fails
            patch: {rights: {most_favored_nation: true}}
            expect: []
            only: true
        """,
    )
    text = render(outcome)
    assert "cases.yaml .F\n" in text
    assert "cases.yaml:4:5: FAIL: fails\n  unexpected finding: WW104 win-lose" in text
    assert text.endswith("PASS: 1/2\nFAIL: 1/2\n")
    verbose = render(outcome, verbose=True)
    assert "  PASS: passes (" in verbose
    assert "  FAIL: fails (" in verbose
