"""Loading playbooks: extends, overrides, disable, new rules, located errors, cycles, versions."""

from __future__ import annotations

import datetime as dt
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import ROOT, TODAY
from winwin_cli.errors import FatalError
from winwin_cli.playbook import PinResolver, PlaybookError, default_path, load_playbook, with_overrides
from winwin_cli.run import Options, check_text

ENTERPRISE = ROOT / "examples" / "playbooks" / "enterprise"

NEW_RULE = """
  - id: AC101
    slug: no-owner
    title: Deal without an owner
    description: Every deal has an owner who answers for it.
    rationale: A deal nobody owns is a deal nobody defends.
    advice: Name the owner.
    message: The deal has no owner.
    gives: vendor
    term: deal.owner
    when: deal.owner == null
    severity: warning
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def errors_of(path: Path) -> list[str]:
    with pytest.raises(PlaybookError) as caught:
        load_playbook(path)
    return [d.render() for d in caught.value.diagnostics]


def test_the_default_playbook_is_default_at_1() -> None:
    playbook = load_playbook(None)
    assert playbook.ref == "default@1"
    assert len(playbook.rules) == 27
    assert playbook.base is None


def test_rule_tests_are_not_rules() -> None:
    """rules/tests/*.yaml sit under the default playbook but are never read as rule files."""
    assert (default_path() / "tests").is_dir()
    playbook = load_playbook(None)
    assert all("/tests/" not in f for f in playbook.files)


def test_enterprise_extends_the_default() -> None:
    playbook = load_playbook(ENTERPRISE)
    default = load_playbook(None)
    assert playbook.ref == "enterprise@2"
    assert playbook.base is not None
    assert playbook.base.ref == "default@1"
    assert playbook.thresholds["discount_standard_pct"] == Decimal(5)
    assert playbook.thresholds["discount_walk_away_pct"] == default.thresholds["discount_walk_away_pct"]
    assert playbook.standard["payment"]["net_days"] == "45"
    assert playbook.standard["renewal"] == default.standard["renewal"]
    ww103 = playbook.rule("WW103")
    ww204 = playbook.rule("WW204")
    ww401 = playbook.rule("WW401")
    assert ww103 is not None
    assert ww103.severity == "error"
    assert ww103.title == default.rule("WW103").title  # type: ignore[union-attr]
    assert ww204 is not None
    assert not ww204.enabled
    assert ww401 is not None
    assert [b.role for b in ww401.approvers] == ["delivery", "cfo"]
    assert playbook.rule("EN101") is not None
    assert [r.id for r in playbook.rules][-1] == "EN101"


def test_a_rules_entry_reusing_an_id_merges_over_the_base_rule(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "p.yaml",
        """
        playbook: acme
        version: "3"
        extends: default
        rules:
          - id: WW104
            severity: warning
            approvers: [legal]
        """,
    )
    playbook = load_playbook(path)
    rule = playbook.rule("WW104")
    assert rule is not None
    assert (rule.severity, [b.role for b in rule.approvers]) == ("warning", ["legal"])
    assert rule.when == load_playbook(None).rule("WW104").when  # type: ignore[union-attr]


def test_enabled_false_disables_and_new_rules_are_added(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "p.yaml",
        "extends: default\noverrides:\n  WW104: {enabled: false}\nrules:" + NEW_RULE,
    )
    playbook = load_playbook(path)
    assert not playbook.rule("WW104").enabled  # type: ignore[union-attr]
    assert playbook.ref == "p@0"
    options = Options(playbook=playbook, today=dt.date.fromisoformat(TODAY))
    deal = b"winwin: 1\ndeal: {id: X, counterparty: Y}\nrights: {most_favored_nation: true}\n"
    result = check_text("d.yaml", deal, options)
    assert result.deal is not None
    assert [(f.rule, f.klass) for f in result.deal.findings] == [("AC101", "win-lose")]


def test_extends_a_path_relative_to_the_extending_file(tmp_path: Path) -> None:
    write(tmp_path, "base/playbook.yaml", "playbook: base\nversion: '1'\nextends: default\n")
    write(tmp_path, "base/extra.yaml", "rules:" + NEW_RULE)
    child = write(tmp_path, "teams/child.yaml", "playbook: child\nextends: ../base\ndisable: [AC101]\n")
    playbook = load_playbook(child)
    assert [p.ref for p in playbook.lineage()] == ["child@0", "base@1", "default@1"]
    assert not playbook.rule("AC101").enabled  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "extends: default\noverrides:\n  WW101:\n    severty: warning\n",
            "p.yaml:4:5: rule WW101: unknown key 'severty' (did you mean 'severity'?)",
        ),
        (
            "extends: default\noverrides:\n  WW102:\n    severity: fatal\n",
            "p.yaml:4:15: rule WW102: severity: expected one of 'info', 'warning' or 'error', got 'fatal'",
        ),
        (
            "extends: default\noverrides:\n  WW999: {severity: error}\n",
            "p.yaml:3:3: overrides: unknown rule 'WW999'",
        ),
        (
            "extends: default\ndisable: [WW1044]\n",
            "p.yaml:2:11: disable: unknown rule 'WW1044' (did you mean 'WW104'?)",
        ),
        (
            "extends: default\noverrides:\n  WW101: {when: 'pricing.discount_pct >> 3'}\n",
            "p.yaml:3:17: rule WW101: when: Unexpected token",
        ),
        (
            "extends: default\noverrides:\n  WW101:\n    approvers: [{role: ceo}]\n",
            "p.yaml:4:17: rule WW101: approvers[0]: unknown role 'ceo'",
        ),
        (
            "extends: default\nthresholds: {discount_standard_pct: ten}\n",
            "p.yaml:2:37: thresholds.discount_standard_pct:",
        ),
        ("extends: nowhere\n", "p.yaml:1:10: extends: no such playbook file or directory 'nowhere'"),
        ("extends: default@7\n", "p.yaml:1:10: extends: no built-in playbook default@7"),
        (
            "extends: default\nrules:\n  - id: AC1\n    slug: x\n",
            "p.yaml:3:5: rule AC1: required keys missing: title,",
        ),
        (
            "extends: default\nstandard: {payment: {net_days: -4}}\n",
            "p.yaml:2:32: standard.payment.net_days:",
        ),
    ],
)
def test_errors_name_file_line_column_rule_and_field(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, "p.yaml", text)
    rendered = [line.replace(str(tmp_path) + "/", "") for line in errors_of(path)]
    assert any(line.startswith(expected) for line in rendered), rendered


def test_an_error_in_the_base_names_the_base_file(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", "extends: default\noverrides:\n  WW101: {severity: loud}\n")
    child = write(tmp_path, "child.yaml", "extends: base.yaml\n")
    rendered = errors_of(child)
    assert rendered[0].startswith(f"{tmp_path}/base.yaml:3:21: rule WW101: severity:")
    assert rendered[-1].startswith(
        f"{tmp_path}/child.yaml:1:10: extends: the playbook 'base.yaml' has errors"
    )


def test_extends_cycles_are_errors(tmp_path: Path) -> None:
    write(tmp_path, "a/playbook.yaml", "extends: ../b\n")
    write(tmp_path, "b/playbook.yaml", "extends: ../a\n")
    rendered = errors_of(tmp_path / "a")
    assert any("extends: cycle:" in line for line in rendered), rendered
    self_loop = write(tmp_path, "self.yaml", "extends: self.yaml\n")
    assert any("extends: cycle:" in line for line in errors_of(self_loop))


def test_only_the_head_file_may_extend(tmp_path: Path) -> None:
    write(tmp_path, "pb/playbook.yaml", "extends: default\n")
    write(tmp_path, "pb/more.yaml", "extends: default\n")
    assert any(
        "more.yaml:1:1: extends: only the playbook's head file" in line for line in errors_of(tmp_path / "pb")
    )


def test_a_rule_error_after_an_override_points_at_the_override(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "p.yaml",
        "extends: default\noverrides:\n  WW101:\n    when: pricing.discount_pct > thresholds.nope\n",
    )
    rendered = errors_of(path)
    assert rendered[0].startswith(f"{path}:4:11: rule WW101: when: unknown threshold 'nope'")


def test_with_overrides_keeps_working_on_an_extended_playbook() -> None:
    playbook = with_overrides(
        load_playbook(ENTERPRISE), thresholds={"discount_standard_pct": Decimal(7)}, disable=["EN"]
    )
    assert playbook.thresholds["discount_standard_pct"] == Decimal(7)
    assert not playbook.rule("EN101").enabled  # type: ignore[union-attr]
    assert playbook.ref == "enterprise@2"


# Versions ------------------------------------------------------------------------------------


def test_the_resolver_finds_versions_and_caches_them() -> None:
    playbook = load_playbook(ENTERPRISE)
    resolver = PinResolver(playbook)
    old = resolver("enterprise@1")
    assert old is not None
    assert old.ref == "enterprise@1"
    assert old.thresholds["discount_standard_pct"] == Decimal(8)
    assert old.rule("EN101") is None
    assert resolver("enterprise@1") is old
    assert resolver("default@1") is playbook.base
    assert resolver("enterprise@3") is None
    assert resolver("other@1") is None


def test_the_default_playbook_resolves_its_own_pin_only() -> None:
    playbook = load_playbook(None)
    assert playbook.resolve_pin("default@1") is playbook
    assert playbook.resolve_pin("enterprise@1") is None


def test_a_version_directory_that_declares_another_version_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "pb/playbook.yaml", "playbook: pb\nversion: '2'\nextends: default\n")
    write(tmp_path, "pb/versions/pb@1/playbook.yaml", "playbook: pb\nversion: '9'\nextends: default\n")
    playbook = load_playbook(tmp_path / "pb")
    with pytest.raises(FatalError, match="declares playbook pb@9, but its place says pb@1"):
        playbook.resolve_pin("pb@1")


PINNED = b"""winwin: 1
playbook: enterprise@1
deal: {id: P-1, counterparty: Pinned Co}
pricing: {discount_pct: 8}
"""


def test_a_pinned_deal_keeps_the_judgment_it_was_approved_under() -> None:
    options = Options(playbook=load_playbook(ENTERPRISE), today=dt.date.fromisoformat(TODAY))
    pinned = check_text("pinned.yaml", PINNED, options)
    assert pinned.deal is not None
    assert pinned.errors == ()
    assert (pinned.deal.playbook, pinned.deal.findings, pinned.deal.verdict) == ("enterprise@1", (), "pass")
    current = check_text("current.yaml", PINNED.replace(b"playbook: enterprise@1\n", b""), options)
    assert current.deal is not None
    assert current.deal.playbook == "enterprise@2"
    assert [f.rule for f in current.deal.findings] == ["WW101", "WW103"]
    assert current.deal.verdict == "fail"


def test_a_pin_nobody_can_resolve_is_a_located_error() -> None:
    options = Options(playbook=load_playbook(None), today=dt.date.fromisoformat(TODAY))
    result = check_text("pinned.yaml", PINNED, options)
    assert [(e.line, e.column) for e in result.errors] == [(2, 11)]
    assert "enterprise@1" in result.errors[0].message
