"""The JSON report writes each deal's text directly; it must be the text its dicts encode to."""

from __future__ import annotations

import datetime as dt
import functools
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from winwin_cli.classify import DealResult
from winwin_cli.playbook import load_playbook
from winwin_cli.report.json import deal_json, deal_text, dumps
from winwin_cli.run import Options, check_text

ROOT = Path(__file__).resolve().parents[2]
DEALS = sorted((ROOT / "examples").glob("*.yaml")) + sorted((ROOT / "tests" / "corpus").rglob("*.yaml"))


@pytest.fixture(scope="module")
def results() -> list[DealResult]:
    options = Options(load_playbook(None), dt.date(2026, 11, 23))
    found = []
    for path in DEALS:
        result = check_text(path.name, path.read_bytes(), options)
        if result.deal is not None:
            found.append(result.deal)
    return found


def test_every_example_and_corpus_deal_writes_the_text_of_its_dicts(results: list[DealResult]) -> None:
    assert len(results) > 40
    assert any(r.findings and r.waivers for r in results)  # every part of the text is exercised
    for result in results:
        text = deal_text(result)
        assert text == dumps(deal_json(result))
        assert json.loads(text)["id"] == result.id


@functools.cache
def waived_deal() -> DealResult:
    options = Options(load_playbook(None), dt.date(2026, 11, 23))
    deal = check_text("x.yaml", (ROOT / "examples" / "waivers-cyberdyne.yaml").read_bytes(), options).deal
    assert deal is not None
    assert deal.findings
    assert deal.waivers
    return deal


texts = st.text(st.characters(), max_size=12)
amounts = st.none() | st.decimals(
    min_value=Decimal(-(10**30)), max_value=Decimal(10**30), places=2, allow_nan=False
)


@settings(max_examples=300, deadline=None)
@given(texts, st.none() | texts, texts, amounts, amounts, st.none() | texts, st.lists(texts, max_size=3))
def test_any_strings_and_amounts_write_the_same_text(
    name: str,
    title: str | None,
    message: str,
    net: Decimal | None,
    value: Decimal | None,
    reciprocated: str | None,
    roles: list[str],
) -> None:
    base = waived_deal()
    finding = base.findings[0]._replace(
        message=message,
        advice=name,
        value=value,
        reciprocated_by=reciprocated,
        approvals_missing=tuple(roles),
        item=title,
    )
    result = base._replace(file=name, title=title, net_annual=net, tcv=value, findings=(finding,))
    assert deal_text(result) == dumps(deal_json(result))


@pytest.mark.parametrize(
    "amount",
    [
        "0.00",
        "-0.00",
        "-5.00",
        "12345.00",
        "5.10",
        "0.01",
        "5",
        "-0",
        "1E+3",
        "1.000",
        "0E-7",
        "1e30",
        "none",
    ],
)
def test_any_spelling_of_an_amount_writes_the_same_text(amount: str) -> None:
    base = waived_deal()
    value = None if amount == "none" else Decimal(amount)
    entries = {side: tuple(e._replace(value=value) for e in gave) for side, gave in base.ledger.gave.items()}
    assert any(entries.values())
    finding = base.findings[0]._replace(value=value)
    result = base._replace(net_annual=value, findings=(finding,), ledger=base.ledger._replace(gave=entries))
    assert deal_text(result) == dumps(deal_json(result))
