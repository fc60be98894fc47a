"""Classification edges SPEC §3–4 states: approval chains, role hierarchy, waivers, verdicts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import TODAY, check_deal, default_playbook
from winwin_cli.classify import DealResult, Finding, LedgerEntry, render
from winwin_cli.run import EXIT_FAIL, EXIT_OK

RUN_DAY = dt.date.fromisoformat(TODAY)
EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.yaml"))


def deal(body: str = "", approvals: tuple[str, ...] = (), waivers: str = "") -> str:
    text = "winwin: 1\ndeal:\n  id: EDGE-1\n  counterparty: Acme\n  initiatives:\n"
    text += "    - {id: cloud, goal: Move to the cloud}\n" + body
    if approvals:
        text += "approvals:\n" + "".join(f"  - role: {role}\n" for role in approvals)
    if waivers:
        text += "waivers:\n" + waivers
    return text


def waiver(rule: str, expires: str, approved_by: str = "cfo") -> str:
    return (
        f"  - rule: {rule}\n    reason: Strategic\n    approved_by: {approved_by}\n    expires: {expires}\n"
    )


def result_of(text: str, **options: object) -> tuple[DealResult, int]:
    result = check_deal(text, **options)
    assert result.deal is not None, [e.render() for e in result.errors]
    return result.deal, result.exit_code


def finding(text: str, rule: str, **options: object) -> Finding:
    result, _ = result_of(text, **options)
    found = [f for f in result.findings if f.rule == rule]
    assert len(found) == 1, [f.rule for f in result.findings]
    return found[0]


def discount(pct: str, term: int = 12) -> str:
    return f"pricing:\n  list_annual: 100000\n  discount_pct: {pct}\ncommitment:\n  term_months: {term}\n"


# --- approval bands form a chain ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pct", "required"),
    [
        ("10.5", ("sales-manager",)),
        ("20", ("sales-manager",)),  # a band applies strictly above its value
        ("20.5", ("sales-manager", "vp-sales")),
        ("25", ("sales-manager", "vp-sales")),
        ("30", ("sales-manager", "vp-sales")),
        ("35", ("sales-manager", "vp-sales", "cro")),
        ("45", ("sales-manager", "vp-sales", "cro", "cfo")),
    ],
)
def test_discount_bands_are_a_chain(pct: str, required: tuple[str, ...]) -> None:
    assert finding(deal(discount(pct)), "WW101").approvals_required == required


def test_25_percent_needs_sales_manager_and_vp_sales() -> None:
    nobody = finding(deal(discount("25")), "WW101")
    assert nobody.approvals_missing == ("sales-manager", "vp-sales")
    assert nobody.fails
    manager = finding(deal(discount("25"), approvals=("sales-manager",)), "WW101")
    assert manager.approvals_missing == ("vp-sales",)


@pytest.mark.parametrize("role", ["vp-sales", "cro", "cfo"])
def test_a_higher_role_satisfies_the_bands_below_it(role: str) -> None:
    found = finding(deal(discount("25"), approvals=(role,)), "WW101")
    assert found.approvals_required == ("sales-manager", "vp-sales")
    assert found.approvals_missing == ()


def test_a_lower_role_does_not_satisfy_a_higher_band() -> None:
    found = finding(deal(discount("35"), approvals=("vp-sales",)), "WW101")
    assert found.approvals_missing == ("cro",)


def test_cfo_satisfies_every_sales_band_and_finance() -> None:
    text = deal(discount("45") + "payment:\n  net_days: 75\n", approvals=("cfo",))
    result, _ = result_of(text)
    by_rule = {f.rule: f for f in result.findings}
    assert by_rule["WW101"].approvals_missing == ()
    assert by_rule["WW102"].approvals_missing == ()
    assert by_rule["WW201"].approvals_required == ("finance",)
    assert by_rule["WW201"].approvals_missing == ()


@pytest.mark.parametrize("role", ["cro", "vp-sales", "legal", "delivery"])
def test_only_cfo_and_finance_satisfy_finance(role: str) -> None:
    found = finding(deal("payment:\n  net_days: 50\n", approvals=(role,)), "WW201")
    assert found.approvals_missing == ("finance",)


@pytest.mark.parametrize(
    ("role", "missing"), [("finance", ("sales-manager",)), ("legal", ("sales-manager",))]
)
def test_side_roles_do_not_satisfy_sales_bands(role: str, missing: tuple[str, ...]) -> None:
    assert finding(deal(discount("15"), approvals=(role,)), "WW101").approvals_missing == missing


def test_a_reciprocated_finding_still_needs_its_approvals() -> None:
    text = deal(discount("18", term=24))
    result, code = result_of(text)
    [found] = result.findings
    assert (found.rule, found.klass) == ("WW101", "win-win")
    assert found.approvals_missing == ("sales-manager",)
    assert found.fails
    assert (result.verdict, code) == ("fail", EXIT_FAIL)
    result, code = result_of(deal(discount("18", term=24), approvals=("sales-manager",)))
    assert (result.verdict, code) == ("pass", EXIT_OK)


# --- waivers --------------------------------------------------------------------------------

MFN = "rights:\n  most_favored_nation: true\n"


def test_waiver_covers_up_to_and_including_its_expiry_day() -> None:
    result, code = result_of(deal(MFN, approvals=("cfo",), waivers=waiver("WW104", TODAY)))
    [found] = result.findings
    assert (found.klass, found.waived, found.fails) == ("win-lose", True, False)
    assert [w.status for w in result.waivers] == ["applied"]
    assert code == EXIT_OK


def test_expired_waiver_is_reported_and_does_not_cover() -> None:
    yesterday = (RUN_DAY - dt.timedelta(days=1)).isoformat()
    result, code = result_of(deal(MFN, approvals=("cfo",), waivers=waiver("WW104", yesterday)))
    [found] = result.findings
    assert (found.waived, found.fails) == (False, True)
    [status] = result.waivers
    assert (status.rule, status.status, status.expires.isoformat()) == ("WW104", "expired", yesterday)
    assert code == EXIT_FAIL


def test_today_option_moves_the_expiry_judgement() -> None:
    text = deal(MFN, approvals=("cfo",), waivers=waiver("WW104", "2027-01-31"))
    assert result_of(text, today=dt.date(2027, 1, 31))[1] == EXIT_OK
    assert result_of(text, today=dt.date(2027, 2, 1))[1] == EXIT_FAIL


def test_unused_waiver_is_reported_and_changes_nothing() -> None:
    result, code = result_of(deal(waivers=waiver("WW104", "2027-03-31")))
    assert result.findings == ()
    [status] = result.waivers
    assert (status.rule, status.status, status.line, status.column) == ("WW104", "unused", 8, 5)
    assert code == EXIT_OK


def test_expired_unused_waiver_alone_does_not_fail() -> None:
    result, code = result_of(deal(waivers=waiver("WW104", "2020-01-01")))
    assert [w.status for w in result.waivers] == ["expired"]
    assert code == EXIT_OK


def test_a_waiver_never_covers_a_missing_approval() -> None:
    result, code = result_of(deal(MFN, waivers=waiver("WW104", "2027-03-31")))
    [found] = result.findings
    assert found.waived
    assert found.approvals_missing == ("cfo",)
    assert found.fails
    assert code == EXIT_FAIL


def test_a_waiver_for_another_rule_does_not_cover() -> None:
    result, code = result_of(deal(MFN, approvals=("cfo",), waivers=waiver("WW101", "2027-03-31")))
    assert [(f.rule, f.waived, f.fails) for f in result.findings] == [("WW104", False, True)]
    assert [w.status for w in result.waivers] == ["unused"]
    assert code == EXIT_FAIL


def test_a_waiver_on_a_reciprocated_finding_is_not_needed() -> None:
    text = deal(discount("18", term=24), approvals=("sales-manager",), waivers=waiver("WW101", "2027-03-31"))
    result, code = result_of(text)
    assert [(f.klass, f.waived) for f in result.findings] == [("win-win", False)]
    assert [w.status for w in result.waivers] == ["not-needed"]
    assert code == EXIT_OK


def test_a_waiver_covers_every_finding_of_its_rule() -> None:
    concessions = (
        "concessions:\n"
        "  - {id: a, what: Free training, given_by: vendor, value_annual: 1000}\n"
        "  - {id: b, what: Free onboarding, given_by: vendor, value_annual: 2000}\n"
    )
    result, code = result_of(deal(concessions, waivers=waiver("WW801", "2027-03-31")))
    assert [(f.item, f.klass, f.waived) for f in result.findings] == [
        ("a", "win-lose", True),
        ("b", "win-lose", True),
    ]
    assert code == EXIT_OK


# --- the verdict --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [
        (frozenset({"win-lose", "lose-win"}), EXIT_FAIL),
        (frozenset({"win-lose"}), EXIT_OK),
        (frozenset({"lose-win"}), EXIT_FAIL),
        (frozenset(), EXIT_OK),
    ],
)
def test_fail_on_picks_the_failing_classes(fail_on: frozenset[str], code: int) -> None:
    text = deal("renewal:\n  notice_days: 90\n")  # WW204, lose-win, no approval
    result, exit_code = result_of(text, fail_on=fail_on)
    assert [f.klass for f in result.findings] == ["lose-win"]
    assert exit_code == code
    assert result.verdict == ("fail" if code else "pass")


def test_both_lopsided_classes_fail_by_default() -> None:
    vendor_loses = result_of(deal(MFN, approvals=("cfo",)))
    counterparty_loses = result_of(deal("renewal:\n  notice_days: 90\n"))
    assert [f.klass for f in vendor_loses[0].findings] == ["win-lose"]
    assert [f.klass for f in counterparty_loses[0].findings] == ["lose-win"]
    assert vendor_loses[1] == counterparty_loses[1] == EXIT_FAIL


def test_finding_points_at_the_term() -> None:
    found = finding(deal("renewal:\n  auto_renew: true\n  notice_days: 90\n"), "WW204")
    assert (found.term, found.line, found.column) == ("renewal.notice_days", 9, 16)


def test_finding_for_a_term_left_out_points_at_its_section() -> None:
    # Stage poc and no converts_to: the standard (null) is on no line; the poc section is.
    text = deal("poc:\n  success_criteria: [fast]\n").replace("  initiatives", "  stage: poc\n  initiatives")
    found = finding(text, "WW601")
    assert found.term == "poc"
    assert (found.line, found.column) == (9, 3)


def test_deals_findings_and_ledger_entries_carry_every_field() -> None:
    # classify builds them as plain tuples of their class, without a named tuple's defaults:
    # a field added to the class must be given there too.
    seen = 0
    for path in EXAMPLES:
        result = check_deal(path.read_bytes(), path.name)
        if result.deal is None:
            continue
        assert len(result.deal) == len(DealResult._fields)
        for found in result.deal.findings:
            assert len(found) == len(Finding._fields)
            seen += 1
        for entries in result.deal.ledger.gave.values():
            assert all(len(entry) == len(LedgerEntry._fields) for entry in entries)
    assert seen > 20


# Texts around the holes are kept as written, braces too; the playbook's values are bound once.
@pytest.mark.parametrize(
    ("template", "text"),
    [
        ("No placeholder, {not one} {{either}}.", "No placeholder, {not one} {none}."),
        ("At most {thresholds.poc_free_max_days}, net {standard.payment.net_days}.", "At most 60, net 30."),
        ("{payment.net_days}", "45"),
        (
            "{payment.net_days} days, net {standard.payment.net_days} ({thresholds.poc_free_max_days}) "
            "{item.what}: {item.value_annual}; {missing.key} {payment}",
            "45 days, net 30 (60) Training: 12,500; none {'net_days': 45}",
        ),
    ],
)
def test_a_template_shows_the_deal_thresholds_and_standard(template: str, text: str) -> None:
    facts = {"payment": {"net_days": 45}}
    item = {"what": "Training", "value_annual": 12500}
    assert render(template, facts, item, default_playbook()) == text
