"""`diff.py`: each changed term's direction and value, the change set's class, the findings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import yaml

from conftest import TODAY, default_playbook
from winwin_cli.diff import Change, FileDiff, Version, diff_versions
from winwin_cli.playbook import with_overrides
from winwin_cli.run import Options

BASE: dict[str, Any] = {
    "winwin": 1,
    "deal": {
        "id": "ACME-1",
        "counterparty": "Acme",
        "currency": "EUR",
        "initiatives": [{"id": "cloud", "goal": "Move to the cloud"}],
    },
    "pricing": {"list_annual": 200000},
}


def text(**sections: Any) -> str:
    """A deal: BASE with each section replaced by a keyword (`pricing={...}`), `None` drops one."""
    data = {**BASE}
    for name, value in sections.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return yaml.safe_dump(data, sort_keys=False)


def options(**overrides: Any) -> Options:
    playbook = default_playbook()
    if overrides:
        playbook = with_overrides(playbook, thresholds={k: Decimal(v) for k, v in overrides.items()})
    return Options(playbook=playbook, today=dt.date.fromisoformat(TODAY))


def compare(old: str | None, new: str | None, opts: Options | None = None) -> FileDiff:
    return diff_versions(
        "deal.yaml",
        Version("old.yaml", old.encode() if old is not None else None),
        Version("new.yaml", new.encode() if new is not None else None),
        opts or options(),
    )


def changed(diff: FileDiff, term: str) -> Change:
    found = [c for c in diff.changes if c.term == term]
    assert len(found) == 1, diff.changes
    return found[0]


# ---------------------------------------------------------------------------------------------
# Direction of each term


@pytest.mark.parametrize(
    ("section", "old", "new", "term", "toward"),
    [
        ("pricing", {"discount_pct": 10}, {"discount_pct": 20}, "pricing.discount_pct", "counterparty"),
        ("pricing", {"discount_pct": 20}, {"discount_pct": 10}, "pricing.discount_pct", "vendor"),
        ("pricing", {"list_annual": 200000}, {"list_annual": 220000}, "pricing.list_annual", "vendor"),
        ("pricing", {"uplift_pct": 0}, {"uplift_pct": 3}, "pricing.uplift_pct", "vendor"),
        (
            "pricing",
            {"price_lock_months": 12},
            {"price_lock_months": 24},
            "pricing.price_lock_months",
            "counterparty",
        ),
        ("commitment", {"term_months": 12}, {"term_months": 24}, "commitment.term_months", "vendor"),
        ("commitment", {"prepay": "annual"}, {"prepay": "full"}, "commitment.prepay", "vendor"),
        ("commitment", {"prepay": "annual"}, {"prepay": "none"}, "commitment.prepay", "counterparty"),
        (
            "commitment",
            {"minimum_annual": None},
            {"minimum_annual": 1000},
            "commitment.minimum_annual",
            "vendor",
        ),
        ("payment", {"net_days": 30}, {"net_days": 45}, "payment.net_days", "counterparty"),
        ("renewal", {"auto_renew": True}, {"auto_renew": False}, "renewal.auto_renew", "counterparty"),
        ("renewal", {"notice_days": 30}, {"notice_days": 90}, "renewal.notice_days", "vendor"),
        ("renewal", {"uplift_cap_pct": 7}, {"uplift_cap_pct": 5}, "renewal.uplift_cap_pct", "counterparty"),
        ("renewal", {"uplift_cap_pct": 7}, {"uplift_cap_pct": None}, "renewal.uplift_cap_pct", "vendor"),
        ("sla", {"tier": "standard"}, {"tier": "premium"}, "sla.tier", "counterparty"),
        ("sla", {"uptime_pct": 99.9}, {"uptime_pct": 99.5}, "sla.uptime_pct", "vendor"),
        ("sla", {"credit_cap_pct": 10}, {"credit_cap_pct": None}, "sla.credit_cap_pct", "counterparty"),
        (
            "liability",
            {"vendor_cap_months": 12},
            {"vendor_cap_months": 24},
            "liability.vendor_cap_months",
            "counterparty",
        ),
        (
            "liability",
            {"vendor_cap_months": 12},
            {"vendor_cap_months": None},
            "liability.vendor_cap_months",
            "counterparty",
        ),
        (
            "liability",
            {"vendor_cap_months": None},
            {"vendor_cap_months": 24},
            "liability.vendor_cap_months",
            "vendor",
        ),
        (
            "liability",
            {"counterparty_cap_months": 12},
            {"counterparty_cap_months": 24},
            "liability.counterparty_cap_months",
            "vendor",
        ),
        (
            "termination",
            {"for_convenience": "none"},
            {"for_convenience": "counterparty"},
            "termination.for_convenience",
            "counterparty",
        ),
        (
            "termination",
            {"for_convenience": "none"},
            {"for_convenience": "vendor"},
            "termination.for_convenience",
            "vendor",
        ),
        (
            "termination",
            {"for_convenience": "counterparty", "fee_pct": 0},
            {"for_convenience": "counterparty", "fee_pct": 50},
            "termination.fee_pct",
            "vendor",
        ),
        (
            "termination",
            {"for_convenience": "counterparty", "notice_days": 30},
            {"for_convenience": "counterparty", "notice_days": 90},
            "termination.notice_days",
            "vendor",
        ),
        (
            "termination",
            {"for_convenience": "vendor", "notice_days": 30},
            {"for_convenience": "vendor", "notice_days": 90},
            "termination.notice_days",
            "counterparty",
        ),
        (
            "scope",
            {"custom_work_days": 0, "custom_work_billed": False},
            {"custom_work_days": 10, "custom_work_billed": False},
            "scope.custom_work_days",
            "counterparty",
        ),
        (
            "scope",
            {"custom_work_days": 10, "custom_work_billed": False},
            {"custom_work_days": 10, "custom_work_billed": True},
            "scope.custom_work_billed",
            "vendor",
        ),
        (
            "scope",
            {"acceptance": "objective"},
            {"acceptance": "subjective"},
            "scope.acceptance",
            "counterparty",
        ),
        ("scope", {"acceptance": "objective"}, {"acceptance": "deemed"}, "scope.acceptance", "vendor"),
        ("rights", {"ip_owner": "vendor"}, {"ip_owner": "joint"}, "rights.ip_owner", "counterparty"),
        (
            "rights",
            {"exclusivity": "none"},
            {"exclusivity": "to_counterparty"},
            "rights.exclusivity",
            "counterparty",
        ),
        ("rights", {"exclusivity": "none"}, {"exclusivity": "to_vendor"}, "rights.exclusivity", "vendor"),
        (
            "rights",
            {"most_favored_nation": False},
            {"most_favored_nation": True},
            "rights.most_favored_nation",
            "counterparty",
        ),
        (
            "rights",
            {"reference_customer": False},
            {"reference_customer": True},
            "rights.reference_customer",
            "vendor",
        ),
        ("rights", {"case_study": True}, {"case_study": False}, "rights.case_study", "counterparty"),
        ("poc", {"duration_days": 30}, {"duration_days": 90}, "poc.duration_days", "counterparty"),
        ("poc", {"fee": 0}, {"fee": 5000}, "poc.fee", "vendor"),
        ("poc", {"converts_to": None}, {"converts_to": "pilot"}, "poc.converts_to", "vendor"),
        ("poc", {"converts_to": "production"}, {"converts_to": "pilot"}, "poc.converts_to", "counterparty"),
    ],
)
def test_each_term_moves_value_toward_the_side_the_catalog_names(
    section: str, old: dict[str, Any], new: dict[str, Any], term: str, toward: str
) -> None:
    old_section = {**BASE.get(section, {}), **old}
    new_section = {**BASE.get(section, {}), **new}
    diff = compare(text(**{section: old_section}), text(**{section: new_section}))
    assert changed(diff, term).toward == toward
    assert diff.klass == ("win-lose" if toward == "counterparty" else "lose-win")


@pytest.mark.parametrize(
    ("section", "old", "new", "term"),
    [
        ("rights", {"exclusivity": "none"}, {"exclusivity": "mutual"}, "rights.exclusivity"),
        ("termination", {"notice_days": 30}, {"notice_days": 90}, "termination.notice_days"),
        ("scope", {"custom_work_days": 5}, {"custom_work_days": 15}, "scope.custom_work_days"),
        ("pricing", {"list_annual": None}, {"list_annual": 1000}, "pricing.list_annual"),
    ],
    ids=["mutual-exclusivity", "notice-without-termination", "billed-custom-work", "list-price-now-known"],
)
def test_a_change_that_favours_neither_side_is_listed_but_not_weighed(
    section: str, old: dict[str, Any], new: dict[str, Any], term: str
) -> None:
    diff = compare(text(**{section: old}), text(**{section: new}))
    change = changed(diff, term)
    assert change.toward is None
    assert change.note
    assert diff.klass is None
    assert diff.exit_code == 0


def test_list_items_added_and_removed_move_value_opposite_ways() -> None:
    old = text(liability={"uncapped": ["confidentiality", "ip_indemnity"]})
    new = text(liability={"uncapped": ["confidentiality", "data_breach"]})
    diff = compare(old, new)
    moves = sorted((c.toward, c.note) for c in diff.changes)
    assert moves == [("counterparty", "added: data_breach"), ("vendor", "removed: ip_indemnity")]


def test_unchanged_terms_and_reworded_titles_are_no_change() -> None:
    same = text(pricing={"list_annual": 200000, "discount_pct": 5})
    renamed = same.replace("Acme", "Acme Corp")
    diff = compare(same, renamed)
    assert diff.status == "unchanged"
    assert diff.changes == ()
    assert diff.klass is None
    assert diff.exit_code == 0


def test_a_section_written_at_the_standard_is_no_change() -> None:
    diff = compare(text(), text(sla={"tier": "standard", "uptime_pct": 99.9}))
    assert diff.changes == ()


def test_a_sharing_section_added_and_removed() -> None:
    sharing = {
        "gain_share_pct": {"counterparty": 20, "vendor": 80},
        "risk_share_pct": {"counterparty": 20, "vendor": 80},
    }
    added = compare(text(), text(sharing=sharing))
    # The vendor's shares move with the counterparty's and are not counted twice.
    assert [(c.term, c.toward) for c in added.changes] == [
        ("sharing.gain_share_pct.counterparty", "counterparty"),
        ("sharing.risk_share_pct.counterparty", "vendor"),
    ]
    assert added.klass == "win-win"  # both unvalued, neither an unreciprocated concession
    removed = compare(text(sharing=sharing), text())
    assert [(c.term, c.toward, c.before, c.after) for c in removed.changes] == [
        ("sharing.gain_share_pct.counterparty", "vendor", 20, 0),
        ("sharing.risk_share_pct.counterparty", "counterparty", 20, 0),
    ]


# ---------------------------------------------------------------------------------------------
# Money


def test_discount_is_valued_at_list_price_per_point() -> None:
    diff = compare(text(), text(pricing={"list_annual": 200000, "discount_pct": 15}))
    assert changed(diff, "pricing.discount_pct").value == Decimal("30000.00")


def test_list_and_discount_changes_add_up_to_the_change_in_net_annual() -> None:
    old = text(pricing={"list_annual": 200000, "discount_pct": 10})  # net 180,000
    new = text(pricing={"list_annual": 240000, "discount_pct": 25})  # net 180,000
    diff = compare(old, new)
    list_change = changed(diff, "pricing.list_annual")
    discount = changed(diff, "pricing.discount_pct")
    assert (list_change.toward, list_change.value) == ("vendor", Decimal("36000.00"))
    assert (discount.toward, discount.value) == ("counterparty", Decimal("36000.00"))
    assert diff.klass == "win-win"


def test_without_a_list_price_a_discount_is_not_valued() -> None:
    diff = compare(text(pricing=None), text(pricing={"discount_pct": 5}))
    change = changed(diff, "pricing.discount_pct")
    assert change.value is None
    assert change.note == "not valued: the deal has no list price"


@pytest.mark.parametrize(
    ("section", "old", "new", "term", "value"),
    [
        # net annual 200,000 × 8% cost of capital × 30 days / 365
        ("payment", {"net_days": 30}, {"net_days": 60}, "payment.net_days", "1315.07"),
        # net annual 200,000 × 3 points
        (
            "pricing",
            {"list_annual": 200000, "uplift_pct": 0},
            {"list_annual": 200000, "uplift_pct": 3},
            "pricing.uplift_pct",
            "6000.00",
        ),
        (
            "commitment",
            {"minimum_annual": None},
            {"minimum_annual": 150000},
            "commitment.minimum_annual",
            "150000.00",
        ),
        ("poc", {"fee": 0}, {"fee": 2500}, "poc.fee", "2500.00"),
    ],
)
def test_money_values_per_year(
    section: str, old: dict[str, Any], new: dict[str, Any], term: str, value: str
) -> None:
    diff = compare(text(**{section: old}), text(**{section: new}))
    assert changed(diff, term).value == Decimal(value)


def test_free_custom_work_is_valued_at_the_day_rate_over_the_term() -> None:
    old = text(commitment={"term_months": 24}, scope={"custom_work_days": 0, "custom_work_billed": False})
    new = text(commitment={"term_months": 24}, scope={"custom_work_days": 10, "custom_work_billed": False})
    assert changed(compare(old, new), "scope.custom_work_days").value == Decimal("6000.00")


# ---------------------------------------------------------------------------------------------
# The change set's class


def test_value_only_toward_the_counterparty_is_win_lose() -> None:
    diff = compare(text(), text(pricing={"list_annual": 200000, "discount_pct": 5}, payment={"net_days": 45}))
    assert diff.klass == "win-lose"
    assert "only toward the counterparty" in (diff.balance.reason if diff.balance else "")
    assert diff.exit_code == 1


def test_value_only_toward_the_vendor_is_lose_win() -> None:
    diff = compare(text(), text(renewal={"notice_days": 45}))
    assert diff.klass == "lose-win"
    assert diff.exit_code == 1


def _money_both_ways(uplift: str) -> FileDiff:
    # Discount 15 → 20 on 200,000: 10,000 toward the counterparty. Uplift on net 160,000 toward
    # the vendor. The 24-month term reciprocates the discount in both versions.
    common = {"deal": {**BASE["deal"]}, "commitment": {"term_months": 24}}
    approvals = [{"role": "sales-manager"}]
    old = text(**common, pricing={"list_annual": 200000, "discount_pct": 15}, approvals=approvals)
    new = text(
        **common,
        pricing={"list_annual": 200000, "discount_pct": 20, "uplift_pct": uplift},
        approvals=approvals,
    )
    return compare(old, new.replace(f"'{uplift}'", uplift))


def test_exactly_the_tolerance_apart_is_balanced() -> None:
    diff = _money_both_ways("5")  # 8,000: the gap of 2,000 is exactly 20% of 10,000
    assert diff.balance is not None
    assert (diff.balance.counterparty, diff.balance.vendor) == (Decimal("10000.00"), Decimal("8000.00"))
    assert diff.klass == "win-win"
    assert diff.exit_code == 0


def test_just_beyond_the_tolerance_the_heavier_side_wins() -> None:
    diff = _money_both_ways("4.99")  # 7,984: the gap is 20.16%
    assert diff.klass == "win-lose"
    assert diff.exit_code == 1
    vendor_heavy = _money_both_ways("7.6")  # 12,160 against 10,000: the gap is 17.8% of 12,160
    assert vendor_heavy.klass == "win-win"
    vendor_heavier = _money_both_ways("7.7")  # 12,320: the gap is 18.8%
    assert vendor_heavier.klass == "win-win"
    lopsided = _money_both_ways("8")  # 12,800: the gap of 2,800 is 21.9%
    assert lopsided.klass == "lose-win"


def test_the_tolerance_is_a_playbook_threshold() -> None:
    common = {"commitment": {"term_months": 24}, "approvals": [{"role": "sales-manager"}]}
    old = text(**common, pricing={"list_annual": 200000, "discount_pct": 15})
    new = text(
        **common, pricing={"list_annual": 200000, "discount_pct": 20, "uplift_pct": 4}
    )  # 10,000 / 6,400
    assert compare(old, new).klass == "win-lose"
    assert compare(old, new, options(renegotiation_balance_pct=40)).klass == "win-win"


def test_a_longer_term_balances_the_discount_its_rule_reciprocates() -> None:
    approvals = [{"role": "vp-sales"}]
    old = text(approvals=approvals)
    new = text(
        pricing={"list_annual": 200000, "discount_pct": 25},
        commitment={"term_months": 36},
        approvals=approvals,
    )
    diff = compare(old, new)
    assert changed(diff, "pricing.discount_pct").balanced_by == ("commitment.term_months",)
    assert changed(diff, "commitment.term_months").balanced_by == ("pricing.discount_pct",)
    assert diff.klass == "win-win"
    assert diff.exit_code == 0


def test_a_longer_term_that_does_not_reciprocate_the_discount_balances_nothing() -> None:
    approvals = [{"role": "cro"}]
    new = text(
        pricing={"list_annual": 200000, "discount_pct": 35},
        commitment={"term_months": 24},
        approvals=approvals,
    )
    diff = compare(text(approvals=approvals), new)
    assert changed(diff, "commitment.term_months").balanced_by == ()
    assert diff.klass == "win-lose"
    assert diff.balance is not None
    assert diff.balance.unvalued == {"vendor": ("commitment.term_months",)}


def test_a_longer_term_alone_is_lose_win() -> None:
    assert compare(text(), text(commitment={"term_months": 24})).klass == "lose-win"


def test_unvalued_changes_both_ways_fall_to_the_side_of_the_unreciprocated_concession() -> None:
    # Exclusivity to the counterparty needs minimum 250,000 and 36 months (WW502); 24 months is
    # not enough, so the term pays for nothing and the exclusivity is the heavier change.
    new = text(
        commitment={"term_months": 24}, rights={"exclusivity": "to_counterparty"}, approvals=[{"role": "cro"}]
    )
    diff = compare(text(approvals=[{"role": "cro"}]), new)
    assert diff.klass == "win-lose"
    assert "rights.exclusivity" in (diff.balance.reason if diff.balance else "")
    fair = text(
        commitment={"term_months": 36, "minimum_annual": 250000},
        rights={"exclusivity": "to_counterparty"},
        approvals=[{"role": "cro"}],
    )
    paid = compare(text(approvals=[{"role": "cro"}]), fair)
    assert changed(paid, "rights.exclusivity").balanced_by == (
        "commitment.minimum_annual",
        "commitment.term_months",
    )
    assert paid.klass == "win-win"


# ---------------------------------------------------------------------------------------------
# Declared concessions


ONSITE = {"id": "onsite", "what": "On-site support", "given_by": "vendor", "value_annual": 18000}
KEYNOTE = {"id": "keynote", "what": "Keynote", "given_by": "counterparty", "value_annual": 20000}


def test_a_declared_concession_added_moves_its_value_to_the_side_that_receives_it() -> None:
    diff = compare(text(), text(concessions=[ONSITE]))
    change = changed(diff, "concessions.onsite")
    assert (change.toward, change.value, change.before, change.after) == (
        "counterparty",
        Decimal("18000.00"),
        None,
        18000,
    )
    assert diff.klass == "win-lose"


def test_a_declared_concession_withdrawn_moves_its_value_back_to_the_giver() -> None:
    diff = compare(text(concessions=[ONSITE]), text())
    change = changed(diff, "concessions.onsite")
    assert (change.toward, change.value) == ("vendor", Decimal("18000.00"))
    assert diff.klass == "lose-win"
    assert [f.rule for f in diff.resolved] == ["WW801"]


def test_declared_concessions_traded_both_ways_balance_in_money() -> None:
    onsite = {**ONSITE, "in_exchange_for": ["keynote"]}
    diff = compare(text(), text(concessions=[onsite, KEYNOTE]))
    assert diff.klass == "win-win"  # 18,000 against 20,000: within 20%
    assert diff.exit_code == 0


def test_a_declared_concession_revalued_moves_the_difference() -> None:
    diff = compare(text(concessions=[ONSITE]), text(concessions=[{**ONSITE, "value_annual": 30000}]))
    change = changed(diff, "concessions.onsite")
    assert (change.toward, change.value) == ("counterparty", Decimal("12000.00"))


def test_a_declared_concession_that_changes_giver_is_withdrawn_and_added() -> None:
    flipped = {**ONSITE, "given_by": "counterparty"}
    diff = compare(text(concessions=[ONSITE]), text(concessions=[flipped]))
    assert sorted((c.toward, c.note) for c in diff.changes) == [
        ("vendor", "added, given by the counterparty"),
        ("vendor", "withdrawn by the vendor"),
    ]


# ---------------------------------------------------------------------------------------------
# Findings, files added and deleted, errors


def test_findings_introduced_resolved_and_kept() -> None:
    old = text(payment={"net_days": 45}, rights={"most_favored_nation": True}, approvals=[{"role": "cfo"}])
    new = text(
        pricing={"list_annual": 200000, "discount_pct": 15},
        rights={"most_favored_nation": True},
        approvals=[{"role": "cfo"}],
    )
    diff = compare(old, new)
    assert sorted(f.rule for f in diff.introduced) == ["WW101"]
    assert [f.rule for f in diff.resolved] == ["WW201"]
    assert [k.new.rule for k in diff.kept] == ["WW104"]
    # MFN failed before and still fails: not newly failing; the discount is.
    assert [f.rule for f in diff.newly_failing] == ["WW101"]


def test_a_newly_failing_finding_fails_a_win_win_change_set() -> None:
    new = text(pricing={"list_annual": 200000, "discount_pct": 25}, commitment={"term_months": 36})
    diff = compare(text(), new)
    assert diff.klass == "win-win"
    assert [f.rule for f in diff.newly_failing] == ["WW101"]  # vp-sales has not approved
    assert diff.exit_code == 1


def test_a_file_added_lists_its_findings_as_introduced() -> None:
    diff = compare(None, text(payment={"net_days": 45}))
    assert diff.status == "added"
    assert diff.klass is None
    assert [f.rule for f in diff.introduced] == ["WW201"]
    assert diff.exit_code == 1  # WW201 fails and is new
    assert compare(None, text()).exit_code == 0


def test_a_file_deleted_resolves_its_findings() -> None:
    diff = compare(text(payment={"net_days": 45}), None)
    assert diff.status == "deleted"
    assert [f.rule for f in diff.resolved] == ["WW201"]
    assert diff.exit_code == 0


def test_a_broken_version_is_a_located_error() -> None:
    diff = compare(text(), "winwin: 1\ndeal:\n  id: X\n  id: Y\n")
    assert diff.status == "error"
    assert diff.exit_code == 2
    assert [(e.file, e.line) for e in diff.errors] == [("new.yaml", 4)]


def test_a_file_in_neither_version_is_an_error() -> None:
    diff = compare(None, None)
    assert diff.exit_code == 2
    assert diff.errors[0].message == "the file exists in neither version"


def test_an_unreadable_version_is_an_error_not_an_added_file() -> None:
    diff = diff_versions(
        "deal.yaml",
        Version("old.yaml", None, problem="cannot read the file: Permission denied"),
        Version("new.yaml", text().encode()),
        options(),
    )
    assert diff.status == "error"
    assert diff.errors[0].message == "cannot read the file: Permission denied"
