"""Derived money values (SPEC §2), and valid deals of any size never crash the engine."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from conftest import check_deal
from winwin_cli.facts import CENT, WIDE, money

HEADER = "winwin: 1\ndeal:\n  id: X-1\n  counterparty: Acme\n"


def figures(body: str) -> tuple[Decimal | None, Decimal | None]:
    result = check_deal(HEADER + body)
    assert result.deal is not None, [e.render() for e in result.errors]
    return result.deal.net_annual, result.deal.tcv


@pytest.mark.parametrize(
    ("pricing", "term", "net", "tcv"),
    [
        ("list_annual: 100000", 12, "100000.00", "100000.00"),
        ("list_annual: 100000\n  discount_pct: 20", 24, "80000.00", "160000.00"),
        # Uplift compounds yearly: 100000, 103000, 106090.
        ("list_annual: 100000\n  uplift_pct: 3", 36, "100000.00", "309090.00"),
        # A part year counts pro rata at that year's price: 100000 + 6/12 × 110000.
        ("list_annual: 100000\n  uplift_pct: 10", 18, "100000.00", "155000.00"),
        ("list_annual: 333.33\n  discount_pct: 33.3", 12, "222.33", "222.33"),
    ],
)
def test_net_annual_and_total_contract_value(pricing: str, term: int, net: str, tcv: str) -> None:
    body = f"pricing:\n  {pricing}\ncommitment:\n  term_months: {term}\n"
    assert figures(body) == (Decimal(net), Decimal(tcv))


def _formula(
    list_annual: Decimal, discount: Decimal, uplift: Decimal, months: int
) -> tuple[Decimal, Decimal]:
    """SPEC §2 written out step by step, every year's price times its share, at 120 digits."""
    with localcontext(WIDE):
        net = list_annual * (1 - discount / 100)
        growth = 1 + uplift / 100
        total = Decimal(0)
        year = 0
        while months > 0:
            total += net * growth**year * (Decimal(min(months, 12)) / 12)
            months -= 12
            year += 1
        return net.quantize(CENT, ROUND_HALF_EVEN), total.quantize(CENT, ROUND_HALF_EVEN)


def _pricing(list_annual: Decimal, discount: Decimal, uplift: Decimal, months: int) -> Any:
    return SimpleNamespace(
        pricing=SimpleNamespace(list_annual=list_annual, discount_pct=discount, uplift_pct=uplift),
        commitment=SimpleNamespace(term_months=months),
    )


_PCTS = st.sampled_from([Decimal(0), Decimal(100), Decimal("3.75"), Decimal("33.33")]) | st.decimals(
    0, 100, places=4
)


# money() leaves out the steps that multiply by exactly one; to the cent it is the formula.
@seed(20261123)
@settings(max_examples=400, deadline=None)
@given(
    st.decimals(0, Decimal("1e30") - 1, places=2) | st.sampled_from([Decimal(0), Decimal("0.01")]),
    _PCTS,
    _PCTS,
    st.integers(1, 40) | st.integers(1, 1200),
)
def test_money_is_the_formula_to_the_cent(
    list_annual: Decimal, discount: Decimal, uplift: Decimal, months: int
) -> None:
    figures = money(_pricing(list_annual, discount, uplift, months))
    assert (figures.net_annual, figures.tcv) == _formula(list_annual, discount, uplift, months)


def test_without_a_list_price_money_is_not_computed() -> None:
    assert figures("pricing:\n  discount_pct: 20\n") == (None, None)


def test_a_discount_is_valued_list_times_discount() -> None:
    result = check_deal(HEADER + "pricing:\n  list_annual: 200000\n  discount_pct: 25\n")
    assert result.deal is not None
    [value] = [f.value for f in result.deal.findings if f.rule == "WW101"]
    assert value == Decimal("50000.00")


@pytest.mark.parametrize(
    "body",
    [
        "pricing:\n  list_annual: 99999999999999999999999999.99\n  discount_pct: 15\n  uplift_pct: 100\n"
        "commitment:\n  term_months: 1200\n",
        "commitment:\n  minimum_annual: 99999999999999999999999999\n"
        "rights:\n  exclusivity: to_counterparty\n",
        "concessions:\n  - {id: a, what: x, given_by: vendor, value_annual: 99999999999999999999999999.99,"
        " in_exchange_for: [b]}\n  - {id: b, what: y, given_by: counterparty, value_annual: 0.01}\n",
    ],
    ids=["compounded-list-price", "minimum", "declared-value"],
)
def test_huge_amounts_are_judged_not_crashed_on(body: str) -> None:
    result = check_deal(HEADER + body)
    assert result.errors == (), [e.render() for e in result.errors]
    assert result.exit_code == 1


def _number(low: int, high: int, places: int = 2) -> st.SearchStrategy[str]:
    return st.decimals(low, high, places=places, allow_nan=False, allow_infinity=False).map(
        lambda d: format(d.normalize(), "f") if d == d.to_integral_value() else format(d, "f")
    )


def _fix_decimal(text: str) -> str:
    """Plain decimal notation: no trailing '.', no '-0.' quirks hypothesis may produce."""
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


DEALS = st.fixed_dictionaries(
    {
        "list": st.one_of(st.just("null"), _number(0, 10**28).map(_fix_decimal)),
        "discount": _number(0, 100).map(_fix_decimal),
        "uplift": _number(0, 100).map(_fix_decimal),
        "term": st.integers(1, 1200),
        "net": st.integers(0, 100_000),
        "cap": st.one_of(st.just("null"), st.integers(0, 100_000).map(str)),
        "minimum": st.one_of(st.just("null"), _number(0, 10**28).map(_fix_decimal)),
        "prepay": st.sampled_from(["none", "quarterly", "annual", "full"]),
        "exclusivity": st.sampled_from(["none", "to_counterparty", "to_vendor", "mutual"]),
        "value": _number(0, 10**27).map(_fix_decimal),
    }
)


@seed(20261123)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DEALS)
def test_any_valid_deal_is_judged(deal: dict[str, object]) -> None:
    body = (
        f"pricing:\n  list_annual: {deal['list']}\n  discount_pct: {deal['discount']}\n"
        f"  uplift_pct: {deal['uplift']}\n"
        f"commitment:\n  term_months: {deal['term']}\n  minimum_annual: {deal['minimum']}\n"
        f"  prepay: {deal['prepay']}\n"
        f"payment:\n  net_days: {deal['net']}\n"
        f"liability:\n  vendor_cap_months: {deal['cap']}\n"
        f"rights:\n  exclusivity: {deal['exclusivity']}\n"
        f"concessions:\n  - {{id: a, what: x, given_by: vendor, value_annual: {deal['value']}}}\n"
    )
    result = check_deal(HEADER + body)
    assert result.errors == (), [e.render() for e in result.errors]
    assert result.exit_code in (0, 1)
