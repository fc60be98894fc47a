"""`catalog.py`: the playbook's term catalog covers the deal format and is checked on load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, default_playbook
from winwin_cli.catalog import NOT_TERMS, leaves
from winwin_cli.errors import FatalError
from winwin_cli.models import SECTIONS
from winwin_cli.playbook import load_playbook


def test_the_default_catalog_covers_every_term_of_the_deal_format() -> None:
    terms = default_playbook().terms
    assert set(terms) == set(leaves())
    # Every negotiated section is there, down to its leaves.
    assert {path.split(".")[0] for path in terms} == set(SECTIONS) - NOT_TERMS


def test_every_term_says_which_side_it_favours_and_the_money_terms_are_valued() -> None:
    terms = default_playbook().terms
    for path, spec in terms.items():
        assert spec.side is not None or spec.up.strip(), path
    valued = {path for path, spec in terms.items() if spec.value is not None}
    assert {
        "pricing.list_annual",
        "pricing.discount_pct",
        "pricing.uplift_pct",
        "commitment.minimum_annual",
        "payment.net_days",
        "scope.custom_work_days",
        "poc.fee",
    } <= valued


def test_the_tolerance_and_the_rates_are_thresholds() -> None:
    thresholds = default_playbook().thresholds
    assert thresholds["renegotiation_balance_pct"] == 20
    assert {"cost_of_capital_pct", "custom_work_day_rate"} <= set(thresholds)


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", target)
    return target


def _edit(rules: Path, old: str, new: str) -> None:
    path = rules / "terms-catalog.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "  payment.net_days:\n",
            "  payment.net_dayz:\n",
            "terms: payment.net_dayz: not a term of the deal format",
        ),
        (
            "scale: {none: 0, quarterly: 1, annual: 2, full: 3}",
            "scale: {none: 0, quarterly: 1, annual: 2}",
            "terms: commitment.prepay: scale: no rank for full",
        ),
        (
            "    value: new - old\n",
            "    value: new - deal.fee\n",
            "terms: poc.fee: value: unknown name 'deal.fee'",
        ),
        (
            "pays_for: [WW205]",
            "pays_for: [WW999]",
            "terms: termination.fee_pct: pays_for: unknown rule WW999",
        ),
        (
            "follows: sharing.gain_share_pct.counterparty",
            "follows: sharing.gain_share_pct.partner",
            "follows: sharing.gain_share_pct.partner is not in the catalog",
        ),
        ("    value: new - old\n", "    value: new - (\n", "terms: poc.fee: value:"),
        (
            "thresholds.cost_of_capital_pct",
            "thresholds.cost_of_capitol_pct",
            "unknown threshold 'cost_of_capitol_pct'",
        ),
    ],
    ids=[
        "unknown-term",
        "unranked-value",
        "unknown-name",
        "unknown-rule",
        "unknown-follows",
        "syntax",
        "threshold",
    ],
)
def test_a_broken_catalog_is_a_playbook_error_naming_the_term(
    rules: Path, old: str, new: str, message: str
) -> None:
    _edit(rules, old, new)
    with pytest.raises(FatalError) as caught:
        load_playbook(rules)
    assert message in str(caught.value)


def test_a_term_left_out_of_a_catalog_is_reported_as_uncatalogued(rules: Path) -> None:
    import datetime as dt

    from winwin_cli.diff import Version, diff_versions
    from winwin_cli.run import Options

    _edit(rules, "  renewal.notice_days:\n    title: renewal notice\n    up: vendor\n", "")
    playbook = load_playbook(rules)
    assert "renewal.notice_days" not in playbook.terms
    old = b"winwin: 1\ndeal: {id: A, counterparty: B}\n"
    new = old + b"renewal: {notice_days: 45}\n"
    options = Options(playbook=playbook, today=dt.date(2026, 11, 23))
    diff = diff_versions("d.yaml", Version("a", old), Version("b", new), options)
    assert [(c.term, c.toward, c.note) for c in diff.changes] == [
        ("renewal.notice_days", None, "not in the playbook's term catalog")
    ]
