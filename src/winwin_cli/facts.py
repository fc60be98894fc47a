"""The facts a playbook's conditions see: the deal's fields as plain values, and derived values.

Derived values: `net_annual` (list × (1 − discount)), `tcv` (net annual over the term, uplift
compounding yearly), `approved` (every role some recorded approval satisfies, through the
playbook's role hierarchy), and per declared concession `traded_count` / `traded_value` (the
other side's concessions linked to it by `in_exchange_for`, in either direction).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Context, Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel

if TYPE_CHECKING:
    from .models import Concession, Deal
    from .playbook import Playbook

CENT = Decimal("0.01")
# Wide enough for the largest amount the format admits (30 digits) compounded over the longest
# term; the default 28 digits would make quantize fail on such deals.
WIDE = Context(prec=120)
ENGINE_MAX = Decimal(10) ** 27


def plain(value: Any) -> Any:
    """A model value as the rule engine's value: numbers, text, booleans, lists and mappings."""
    kind = type(value)
    if kind is str or kind is bool or kind is int or value is None:
        return value
    if kind is Decimal:
        # The rule engine's numbers stop near 7.9e28: larger amounts (absurd, but valid) are
        # clamped, which keeps every comparison with a sane threshold as it would be.
        if value > ENGINE_MAX:
            value = ENGINE_MAX
        elif value < -ENGINE_MAX:
            value = -ENGINE_MAX
        whole = int(value)
        return whole if whole == value and -(2**53) < whole < 2**53 else float(value)
    if kind is list:
        return [plain(v) for v in value]
    if isinstance(value, BaseModel):
        # A validated model's __dict__ holds its fields, in their order (extra keys are forbidden).
        return {name: plain(v) for name, v in value.__dict__.items()}
    if isinstance(value, Decimal):  # a subclass
        return plain(Decimal(value))
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class Money(NamedTuple):
    """The deal's money figures; `None` where `pricing.list_annual` is missing."""

    net_annual: Decimal | None
    tcv: Decimal | None


# A year's share of its price by the months of it the term covers, as `Decimal(months) / 12` is.
_SHARES = tuple(WIDE.divide(Decimal(months), 12) for months in range(13))
_ONE = Decimal(1)


def money(deal: Deal) -> Money:
    pricing = deal.pricing
    list_annual = pricing.list_annual
    if list_annual is None:
        return Money(None, None)
    # WIDE's methods rather than its operators under `localcontext`: the same arithmetic without
    # switching contexts; a percentage scaled by -2 is the quotient of dividing it by 100.
    multiply, add = WIDE.multiply, WIDE.add
    net = multiply(list_annual, WIDE.subtract(_ONE, WIDE.scaleb(pricing.discount_pct, -2)))
    growth = add(_ONE, WIDE.scaleb(pricing.uplift_pct, -2))
    # Each year adds net × growth^year × its share. Products by exactly one (the first year's
    # growth, a whole year's share, no uplift) are left out: they leave a value as it is.
    steady = growth == _ONE
    months = deal.commitment.term_months
    total = net if months >= 12 else multiply(net, _SHARES[months])
    months -= 12
    year = 1
    while months > 0:
        price = net if steady else multiply(net, WIDE.power(growth, year))
        total = add(total, price if months >= 12 else multiply(price, _SHARES[months]))
        months -= 12
        year += 1
    return Money(net.quantize(CENT, ROUND_HALF_EVEN, WIDE), total.quantize(CENT, ROUND_HALF_EVEN, WIDE))


# Roles by the approvals a deal records, under one playbook's role hierarchy (which never changes
# once it is loaded): deals record the same few approvals again and again.
_APPROVED: dict[int, tuple[dict[str, tuple[str, ...]], dict[tuple[str, ...], frozenset[str]]]] = {}


def approved_roles(deal: Deal, playbook: Playbook) -> frozenset[str]:
    recorded = tuple([approval.role for approval in deal.approvals])
    hierarchy = playbook.roles
    cached = _APPROVED.get(id(hierarchy))
    if cached is None or cached[0] is not hierarchy:
        if len(_APPROVED) >= 64:
            _APPROVED.clear()
        cached = _APPROVED[id(hierarchy)] = (hierarchy, {})
    roles = cached[1].get(recorded)
    if roles is None:
        found: set[str] = set()
        for role in recorded:
            found |= playbook.satisfied_by(role)
        roles = frozenset(found)
        if len(cached[1]) < 4096:
            cached[1][recorded] = roles
    return roles


def traded(deal: Deal) -> dict[str, list[Concession]]:
    """For each declared concession, the other side's concessions it is traded against."""
    by_id = {c.id: c for c in deal.concessions}
    links: dict[str, list[Concession]] = {c.id: [] for c in deal.concessions}
    for item in deal.concessions:
        for ref in item.in_exchange_for:
            other = by_id.get(ref)
            if other is None or other.given_by == item.given_by:
                continue
            if other not in links[item.id]:
                links[item.id].append(other)
            if item not in links[other.id]:
                links[other.id].append(item)
    return links


def context(
    deal: Deal,
    playbook: Playbook,
    figures: Money,
    approved: frozenset[str],
    prebuilt: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The facts of `deal`; `prebuilt`, when given, is `plain(deal)` already built (and is completed)."""
    facts: dict[str, Any] = plain(deal) if prebuilt is None else prebuilt
    facts["net_annual"] = plain(figures.net_annual)
    facts["tcv"] = plain(figures.tcv)
    facts["approved"] = sorted(approved)
    concessions = facts["concessions"]
    if concessions:  # most deals declare none
        links = traded(deal)
        for entry in concessions:
            others = links[entry["id"]]
            entry["traded_count"] = len(others)
            entry["traded_value"] = plain(sum((o.value_annual or Decimal(0) for o in others), Decimal(0)))
    return facts
