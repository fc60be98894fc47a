"""Validating deals against format v1: every problem located as `file:line:col: field.path: message`."""

from __future__ import annotations

import re

import pytest

from conftest import check_deal, default_playbook
from winwin_cli.load import load
from winwin_cli.validate import DealInvalid, format_path, merge_standard, validate

HEADER = "winwin: 1\ndeal:\n  id: X-1\n  counterparty: Acme\n"  # lines 1-4
LOCATED = re.compile(r"^deal\.yaml:[1-9][0-9]*:[1-9][0-9]*: (?:[a-z_]+(?:\.[a-z_]+|\[[0-9]+\])*: )?\S")


def problems(text: str) -> list[str]:
    result = check_deal(text)
    assert result.deal is None, "expected the deal to be invalid"
    assert result.exit_code == 2
    rendered = [e.render() for e in result.errors]
    for line in rendered:
        assert LOCATED.match(line), line
    return rendered


def concession(cid: str, given_by: str = "vendor", extra: str = "") -> str:
    return f"  - id: {cid}\n    what: {cid} thing\n    given_by: {given_by}\n{extra}"


# --- unknown keys ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "pricng:\n  discount_pct: 5\n",
            "deal.yaml:5:1: unknown key 'pricng' (did you mean 'pricing'?)",
            id="top-level",
        ),
        pytest.param(
            "pricing:\n  discount_pc: 5\n",
            "deal.yaml:6:3: pricing: unknown key 'discount_pc' (did you mean 'discount_pct'?)",
            id="section",
        ),
        pytest.param(
            "renewal:\n  uplift_cap: 5\n",
            "deal.yaml:6:3: renewal: unknown key 'uplift_cap' (did you mean 'uplift_cap_pct'?)",
            id="missing-unit",
        ),
        pytest.param(
            "concessions:\n" + concession("a", extra="    value_anual: 10\n"),
            "deal.yaml:9:5: concessions[0]: unknown key 'value_anual' (did you mean 'value_annual'?)",
            id="list-item",
        ),
        pytest.param(
            "sharing:\n  gain_share_pct: {counterparty: 20, vendr: 80}\n"
            "  risk_share_pct: {counterparty: 20, vendor: 80}\n",
            "deal.yaml:6:38: sharing.gain_share_pct: unknown key 'vendr' (did you mean 'vendor'?)",
            id="flow-mapping",
        ),
    ],
)
def test_unknown_key_with_a_suggestion(body: str, expected: str) -> None:
    assert expected in problems(HEADER + body)


def test_unknown_key_in_the_deal_section() -> None:
    text = "winwin: 1\ndeal:\n  id: X-1\n  countreparty: Acme\n"
    found = problems(text)
    assert "deal.yaml:4:3: deal: unknown key 'countreparty' (did you mean 'counterparty'?)" in found
    assert "deal.yaml:3:3: deal: required key 'counterparty' is missing" in found


def test_unknown_key_without_a_close_match_lists_the_keys() -> None:
    assert problems(HEADER + "payment:\n  zzz: 1\n") == [
        "deal.yaml:6:3: payment: unknown key 'zzz'; payment takes net_days"
    ]


def test_unknown_key_is_an_error_even_when_its_value_is_valid() -> None:
    assert problems(HEADER + "discount_pct: 5\n")[0].startswith("deal.yaml:5:1: unknown key 'discount_pct'")


# --- required keys ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("winwin: 1\n", ["deal.yaml:1:1: required key 'deal' is missing"], id="deal"),
        pytest.param(
            "winwin: 1\ndeal:\n  title: x\n",
            [
                "deal.yaml:3:3: deal: required key 'id' is missing",
                "deal.yaml:3:3: deal: required key 'counterparty' is missing",
            ],
            id="deal-id-and-counterparty",
        ),
        pytest.param(
            HEADER + "waivers:\n  - rule: WW101\n    reason: r\n    approved_by: cfo\n",
            ["deal.yaml:6:5: waivers[0]: required key 'expires' is missing"],
            id="waiver-expires",
        ),
        pytest.param(
            HEADER + "concessions:\n  - id: a\n    what: x\n",
            ["deal.yaml:6:5: concessions[0]: required key 'given_by' is missing"],
            id="concession-giver",
        ),
        pytest.param(
            HEADER + "sharing:\n  gain_share_pct: {counterparty: 20, vendor: 80}\n",
            ["deal.yaml:6:3: sharing: required key 'risk_share_pct' is missing"],
            id="sharing-both-maps",
        ),
        pytest.param(
            HEADER
            + "sharing:\n  gain_share_pct: {counterparty: 20}\n"
            + "  risk_share_pct: {counterparty: 20, vendor: 80}\n",
            ["deal.yaml:6:19: sharing.gain_share_pct: required key 'vendor' is missing"],
            id="sharing-both-sides",
        ),
        pytest.param(
            HEADER + "approvals:\n  - name: Sam\n",
            ["deal.yaml:6:5: approvals[0]: required key 'role' is missing"],
            id="approval-role",
        ),
    ],
)
def test_missing_required_keys(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


def test_only_the_deal_section_is_required() -> None:
    result = check_deal(HEADER)
    assert result.deal is not None
    assert result.errors == ()


def test_every_problem_is_reported_in_file_order() -> None:
    text = HEADER + "pricing:\n  discount_pct: 101\npayment:\n  net_days: yes\nsla:\n  tier: gold\n"
    assert problems(text) == [
        "deal.yaml:6:17: pricing.discount_pct: must be less than or equal to 100",
        "deal.yaml:8:13: payment.net_days: expected a plain decimal number like 12 or 12.5, got 'yes'",
        "deal.yaml:10:9: sla.tier: expected one of 'none', 'standard' or 'premium', got 'gold'",
    ]


def test_missing_keys_take_the_standard_position() -> None:
    standard = default_playbook().standard
    deal = validate(load(HEADER + "pricing:\n  discount_pct: 5\n"), standard)
    assert deal.pricing.discount_pct == 5
    assert deal.pricing.price_lock_months == 12
    assert deal.commitment.term_months == 12
    assert deal.renewal.uplift_cap_pct == 7
    assert deal.liability.uncapped == ["confidentiality", "ip_indemnity"]
    assert deal.deal.stage == "production"
    assert deal.sharing is None
    assert deal.pricing.list_annual is None


def test_merge_standard_leaves_a_non_mapping_section_to_validation() -> None:
    merged = merge_standard({"pricing": "cheap"}, {"pricing": {"discount_pct": 0}})
    assert merged["pricing"] == "cheap"
    assert problems(HEADER + "pricing: cheap\n") == [
        "deal.yaml:5:10: pricing: expected a mapping of keys to values, got 'cheap'"
    ]


def test_validate_raises_deal_invalid_with_problems() -> None:
    with pytest.raises(DealInvalid) as caught:
        validate(load("winwin: 1\ndeal: []\n"), default_playbook().standard)
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.path) == (2, 7, "deal")


def test_format_path() -> None:
    assert format_path(()) == ""
    assert format_path(("pricing", "discount_pct")) == "pricing.discount_pct"
    assert format_path(("concessions", 2, "in_exchange_for", 0)) == "concessions[2].in_exchange_for[0]"


# --- values -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "pricing:\n  discount_pct: 100.5\n",
            "deal.yaml:6:17: pricing.discount_pct: must be less than or equal to 100",
        ),
        (
            "pricing:\n  uplift_pct: -1\n",
            "deal.yaml:6:15: pricing.uplift_pct: must be greater than or equal to 0",
        ),
        (
            "pricing:\n  list_annual: -5\n",
            "deal.yaml:6:16: pricing.list_annual: must be greater than or equal to 0",
        ),
        (
            "commitment:\n  term_months: 0\n",
            "deal.yaml:6:16: commitment.term_months: must be greater than or equal to 1",
        ),
        (
            "payment:\n  net_days: 30.5\n",
            "deal.yaml:6:13: payment.net_days: expected a whole number, got '30.5'",
        ),
        (
            "deal:\n  stage: prod\n",
            "deal.yaml:3:10: deal.stage: expected one of 'poc', 'pilot' or 'production', got 'prod'",
        ),
        (
            "concessions:\n" + concession("a", given_by="both"),
            "deal.yaml:8:15: concessions[0].given_by: expected one of 'vendor' or 'counterparty', got 'both'",
        ),
        (
            "winwin: 2\n",
            "deal.yaml:4:9: winwin: unsupported format version '2'; this winwin reads format 1 (winwin: 1)",
        ),
        (
            "playbook: default\n",
            "deal.yaml:5:11: playbook: expected NAME@VERSION, like default@1, got 'default'",
        ),
    ],
)
def test_bad_values_are_located(body: str, expected: str) -> None:
    if body.startswith("deal:"):
        text = HEADER.replace("deal:\n", body)
    elif body.startswith("winwin:"):
        text = HEADER.replace("winwin: 1\n", "") + body
    else:
        text = HEADER + body
    assert problems(text) == [expected]


def test_quoted_format_version_is_refused() -> None:
    assert problems(HEADER.replace("winwin: 1", "winwin: '1'")) == [
        "deal.yaml:1:9: winwin: unsupported format version '1'; this winwin reads format 1 (winwin: 1)"
    ]


def test_pin_to_another_playbook_version_is_an_error() -> None:
    assert problems(HEADER + "playbook: default@9\n") == [
        "deal.yaml:5:11: the deal pins playbook default@9, "
        "but default@1 is loaded and no other version is available"
    ]


def test_pin_to_the_loaded_playbook_is_accepted() -> None:
    assert check_deal(HEADER + "playbook: default@1\n").exit_code == 0


def test_invisible_characters_are_refused_in_ids_but_kept_in_free_text() -> None:
    assert problems("winwin: 1\ndeal:\n  id: X\u200b1\n  counterparty: Acme\n") == [
        "deal.yaml:3:7: deal.id: invisible character U+200B is not allowed here"
    ]
    result = check_deal(HEADER + "  title: \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645\n")
    assert result.deal is not None
    assert "\u200c" in (result.deal.title or "")


# --- sharing ----------------------------------------------------------------------------------------


def sharing(gain: tuple[str, str], risk: tuple[str, str]) -> str:
    return (
        HEADER
        + "deal:\n".replace("deal:\n", "")
        + "sharing:\n"
        + f"  gain_share_pct: {{counterparty: {gain[0]}, vendor: {gain[1]}}}\n"
        + f"  risk_share_pct: {{counterparty: {risk[0]}, vendor: {risk[1]}}}\n"
    )


def test_sharing_maps_must_each_sum_to_100() -> None:
    assert problems(sharing(("20", "70"), ("50", "50"))) == [
        "deal.yaml:6:19: sharing.gain_share_pct: the shares must sum to 100, not 90"
    ]
    assert problems(sharing(("20", "80"), ("60", "60.5"))) == [
        "deal.yaml:7:19: sharing.risk_share_pct: the shares must sum to 100, not 120.5"
    ]


def test_sharing_with_decimals_that_sum_to_100_is_valid() -> None:
    result = check_deal(sharing(("33.5", "66.5"), ("30", "70")))
    assert result.deal is not None, [e.render() for e in result.errors]
    assert result.deal.findings == ()


def test_a_share_above_100_is_out_of_range() -> None:
    assert (
        "deal.yaml:6:34: sharing.gain_share_pct.counterparty: must be less than or equal to 100"
        in problems(sharing(("120", "-20"), ("50", "50")))
    )


# --- dates and currency -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-02-30", "'2026-02-30' is not a real date"),
        ("2026-13-01", "'2026-13-01' is not a real date"),
        ("2026-2-3", "expected a date as YYYY-MM-DD, got '2026-2-3'"),
        ("20261215", "expected a date as YYYY-MM-DD, got '20261215'"),
        ("15/12/2026", "expected a date as YYYY-MM-DD, got '15/12/2026'"),
        ("2026-12-15T10:00:00", "expected a date as YYYY-MM-DD, got '2026-12-15T10:00:00'"),
    ],
)
def test_dates(value: str, message: str) -> None:
    assert problems(HEADER + f"  close_date: {value}\n") == [f"deal.yaml:5:15: deal.close_date: {message}"]
    waiver = f"waivers:\n  - rule: WW101\n    reason: r\n    approved_by: cfo\n    expires: {value}\n"
    assert problems(HEADER + waiver) == [f"deal.yaml:9:14: waivers[0].expires: {message}"]


def test_a_leap_day_is_a_real_date() -> None:
    result = check_deal(HEADER + "  close_date: 2028-02-29\n")
    assert result.deal is not None


@pytest.mark.parametrize("value", ["eur", "EURO", "E1R", "12", "'€'"])
def test_currency_is_an_iso_4217_code(value: str) -> None:
    shown = value.strip("'")
    assert problems(HEADER + f"  currency: {value}\n") == [
        f"deal.yaml:5:13: deal.currency: expected an ISO 4217 code like EUR or USD, got '{shown}'"
    ]


@pytest.mark.parametrize("value", ["EUR", "USD", "JPY", "CHF"])
def test_valid_currencies(value: str) -> None:
    result = check_deal(HEADER + f"  currency: {value}\n")
    assert result.deal is not None
    assert result.deal.currency == value


# --- declared concessions -------------------------------------------------------------------------------


def test_concession_link_to_an_unknown_id_points_at_the_link() -> None:
    text = (
        HEADER
        + "concessions:\n"
        + concession("onsite", extra="    in_exchange_for: [keynote, keynot]\n")
        + concession("keynote", given_by="counterparty")
    )
    assert problems(text) == [
        "deal.yaml:9:32: concessions[0].in_exchange_for[1]: "
        "'keynot' is not the id of a concession in this deal (did you mean 'keynote'?)"
    ]


def test_concession_link_to_itself() -> None:
    text = HEADER + "concessions:\n" + concession("onsite", extra="    in_exchange_for:\n      - onsite\n")
    assert problems(text) == [
        "deal.yaml:10:9: concessions[0].in_exchange_for[0]: "
        "concession 'onsite' cannot be in exchange for itself"
    ]


def test_concession_ids_are_unique() -> None:
    text = HEADER + "concessions:\n" + concession("a") + concession("a", given_by="counterparty")
    assert problems(text) == [
        "deal.yaml:9:9: concessions[1].id: concession id 'a' is used twice (first at line 6, column 9)"
    ]


def test_concession_links_resolve() -> None:
    text = (
        HEADER
        + "concessions:\n"
        + concession("onsite", extra="    value_annual: 100\n    in_exchange_for: [keynote]\n")
        + concession("keynote", given_by="counterparty", extra="    value_annual: 80\n")
    )
    result = check_deal(text)
    assert result.deal is not None
    assert [(f.item, f.klass) for f in result.deal.findings] == [
        ("onsite", "win-win"),
        ("keynote", "win-win"),
    ]
