"""`winwin playbook check`'s findings: each kind located, and none on the shipped playbooks."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import ROOT
from winwin_cli.playbook_lint import lint

RULE = """
  - id: {id}
    slug: {slug}
    title: T
    description: D
    rationale: R
    advice: "{advice}"
    message: M
    gives: vendor
    term: pricing.discount_pct
    when: "{when}"
    severity: warning
"""


def playbook(tmp_path: Path, rules: list[dict[str, str]], head: str = "") -> Path:
    text = "playbook: lint\nversion: '1'\nextends: default\n" + textwrap.dedent(head)
    text += "rules:" + "".join(RULE.format(**{"advice": "A", "slug": r["id"].lower(), **r}) for r in rules)
    path = tmp_path / "lint.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def codes(path: Path) -> list[tuple[str, str, str]]:
    return [(d.code, d.severity, d.render().replace(str(path.parent) + "/", "")) for d in lint(path)]


@pytest.mark.parametrize(
    "path", [None, ROOT / "examples" / "playbooks" / "enterprise"], ids=["default", "enterprise"]
)
def test_the_shipped_playbooks_are_clean(path: Path | None) -> None:
    assert lint(path) == []


def test_unknown_names_in_conditions_and_messages(tmp_path: Path) -> None:
    path = playbook(
        tmp_path, [{"id": "LX1", "when": "pricing.discont_pct > 10", "advice": "Cut {pricing.discont_pct}"}]
    )
    found = codes(path)
    assert (
        "unknown-name",
        "error",
        "lint.yaml:14:11: rule LX1: when: 'pricing.discont_pct' is not a field of the deal",
    ) in found
    assert any(c == "unknown-name" and "advice: {pricing.discont_pct}" in text for c, _, text in found)


def test_known_names_include_derived_values_and_closures(tmp_path: Path) -> None:
    when = (
        "net_annual != null and tcv > 0 and 'cfo' in approved"
        " and len(filter(liability.uncapped, # == 'x')) > 0"
    )
    path = playbook(tmp_path, [{"id": "LX1", "when": when}])
    assert [c for c in codes(path) if c[0] == "unknown-name"] == []


def test_thresholds_out_of_range_and_unused(tmp_path: Path) -> None:
    head = """
    thresholds:
      odd_pct: 150
      spare_days: 3
      discount_standard_pct: -1
      half_months: 1.5
    """
    found = codes(
        playbook(
            tmp_path,
            [{"id": "LX1", "when": "pricing.discount_pct > thresholds.odd_pct + thresholds.half_months"}],
            head,
        )
    )
    texts = [text for code, _, text in found if code == "threshold-range"]
    assert "lint.yaml:6:3: thresholds.odd_pct: 150 is not a percentage (0-100)" in texts
    assert "lint.yaml:8:3: thresholds.discount_standard_pct: -1 is negative" in texts
    assert "lint.yaml:9:3: thresholds.half_months: 1.5 is not a whole number" in texts
    assert (
        "unused-threshold",
        "warning",
        "lint.yaml:7:3: thresholds.spare_days: defined but no rule uses it",
    ) in found


def test_duplicate_slugs_constants_and_standard_deal(tmp_path: Path) -> None:
    rules = [
        {"id": "LX1", "slug": "same", "when": "1 > 2"},
        {"id": "LX2", "slug": "same", "when": "commitment.term_months >= 1"},
    ]
    found = codes(playbook(tmp_path, rules))
    assert (
        "duplicate-slug",
        "error",
        "lint.yaml:18:11: rule LX2: slug 'same' is also the slug of LX1",
    ) in found
    assert (
        "constant-condition",
        "error",
        "lint.yaml:14:11: rule LX1: when: always false: the rule can never fire",
    ) in found
    assert (
        "fires-on-standard",
        "warning",
        "lint.yaml:26:11: rule LX2: fires on the standard deal:"
        " the standard positions themselves are a concession",
    ) in found
    assert any(c == "never-fires" and "rule LX1:" in text for c, _, text in found)


def test_a_rule_needing_several_terms_is_not_reported_dead(tmp_path: Path) -> None:
    when = "deal.stage == 'pilot' and scope.custom_work_days > 5 and not scope.custom_work_billed"
    assert [
        c for c in codes(playbook(tmp_path, [{"id": "LX1", "when": when}])) if c[0] == "never-fires"
    ] == []


def test_a_rule_that_breaks_on_the_standard_deal(tmp_path: Path) -> None:
    found = codes(playbook(tmp_path, [{"id": "LX1", "when": "pricing.nope > 1"}]))
    assert any(code == "engine-error" and "fails on the standard deal" in text for code, _, text in found)


def test_load_errors_are_lint_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("extends: default\noverrides:\n  WW999: {severity: error}\nbogus: 1\n", encoding="utf-8")
    found = codes(path)
    assert {c for c, _, _ in found} == {"unknown-field"} or ("unknown-field", "error") in {
        (c, s) for c, s, _ in found
    }
    assert any("bogus" in text and text.startswith("bad.yaml:4:1:") for _, _, text in found)
