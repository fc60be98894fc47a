"""What a playbook's compiled rules make of a deal, under more than one playbook in a process."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from conftest import default_playbook
from winwin_cli.classify import Finding
from winwin_cli.evaluate import Hit, evaluate
from winwin_cli.load import decode, load
from winwin_cli.playbook import Playbook, with_overrides
from winwin_cli.run import Options, check_text
from winwin_cli.validate import DealInvalid, validate

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
TODAY = dt.date(2026, 11, 23)

POC = (
    "winwin: 1\ndeal:\n  id: POC-1\n  counterparty: Acme\n  stage: poc\n"
    "poc:\n  duration_days: 90\n  success_criteria: [p95 latency under 200 ms]\n  converts_to: pilot\n"
    "pricing:\n  list_annual: 100000\n  discount_pct: 25\n"
)


def findings(playbook: Playbook, text: str = POC) -> dict[str, Finding]:
    result = check_text("poc.yaml", text.encode(), Options(playbook, TODAY))
    assert result.deal is not None, [e.render() for e in result.errors]
    return {f.rule: f for f in result.deal.findings}


def test_each_playbook_judges_by_its_own_thresholds_whichever_ran_before() -> None:
    # Rules, bands and bound texts are read once per compiled playbook: a second playbook in
    # the same process, and the first again after it, must each be judged by its own values.
    base = default_playbook()
    strict = with_overrides(
        base, thresholds={"poc_free_max_days": Decimal(30), "approval_discount_vp_sales_pct": Decimal(30)}
    )
    for playbook, days, required in [
        (base, "60", ("sales-manager", "vp-sales")),
        (strict, "30", ("sales-manager",)),
        (base, "60", ("sales-manager", "vp-sales")),
    ]:
        found = findings(playbook)
        assert found["WW602"].message == f"A free proof of concept of 90 days (at most {days})."
        assert f"to {days} days" in found["WW602"].advice
        assert found["WW101"].approvals_required == required


def test_hits_carry_every_field() -> None:
    # evaluate builds hits as plain tuples, without a named tuple's defaults: a field added to
    # Hit must be given there too.
    seen = 0
    for path in EXAMPLES:
        document = load(decode(path.read_bytes()))
        try:
            deal = validate(document, default_playbook().standard)
        except DealInvalid:
            continue
        for hit in evaluate(deal, default_playbook()).hits:
            assert len(hit) == len(Hit._fields)
            seen += 1
    assert seen > 20
