"""Stage 3, evaluate: a typed deal under a playbook to the rules that fired and what they saw."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from .facts import CENT, WIDE, Money, approved_roles, context, money

if TYPE_CHECKING:
    from .models import Deal
    from .playbook import Playbook, Rule, Slot


class Hit(NamedTuple):
    """A rule whose condition held: the raw material of a finding."""

    rule: Rule
    giver: str  # vendor | counterparty
    term: str  # the dotted path the finding points at
    item: str | None  # the declared concession's id, for per-item rules
    reciprocated_by: str | None
    severity: str
    approval_value: Decimal | None
    required: tuple[str, ...]  # roles whose approval the finding needs
    value: Decimal | None
    facts_ref: dict[str, Any]


class Evaluation(NamedTuple):
    deal: Deal
    hits: list[Hit]
    figures: Money
    approved: frozenset[str]
    facts: dict[str, Any]


def _number(value: Any) -> Decimal | None:
    kind = type(value)
    if kind is int:
        return Decimal(value).quantize(CENT, context=WIDE)
    if kind is not float or not math.isfinite(value):
        return None
    return Decimal(repr(value)).quantize(CENT, context=WIDE)


def _hit(
    slot: Slot,
    results: list[Any],
    facts: dict[str, Any],
    item: dict[str, Any] | None,
    index: int | None,
    term: str | None = None,
) -> Hit:
    """A fired rule's hit; `results` are the values its program entry computed."""
    rule = slot.rule
    reciprocated_by = None
    for get, at in zip(rule.gets, slot.gets, strict=True):
        if results[at] is True:
            reciprocated_by = get.title
            break
    severity = rule.severity
    for escalation, at in zip(rule.escalate, slot.escalate, strict=True):
        if results[at] is True:
            severity = escalation.severity
    gives: str = rule.gives
    if gives == "either":
        vendor = slot.vendor_gives is not None and results[slot.vendor_gives] is True
        gives = "vendor" if vendor else "counterparty"
    elif gives == "declared":
        gives = str(item["given_by"]) if item is not None else "vendor"
    if term is None:
        term = rule.term if index is None else f"{rule.term}[{index}]"
    approval_value = None if slot.approval_by is None else _number(results[slot.approval_by])
    required: list[str] = []
    for band, limit in zip(rule.approvers, slot.band_limits, strict=True):
        above = limit is None or (approval_value is not None and approval_value > limit)
        if above and band.role not in required:
            required.append(band.role)
    return Hit(
        rule,
        gives,
        term,
        None if item is None else str(item["id"]),
        reciprocated_by,
        severity,
        approval_value,
        tuple(required),
        None if slot.value is None else _number(results[slot.value]),
        facts if item is None else item,
    )


def evaluate(deal: Deal, playbook: Playbook, prebuilt: dict[str, Any] | None = None) -> Evaluation:
    """What fired; `prebuilt` is `facts.plain(deal)` when validation built it on the way."""
    program = playbook.program
    figures = money(deal)
    approved = approved_roles(deal, playbook)
    facts = context(deal, playbook, figures, approved, prebuilt)
    results = program.engine.run(facts)
    hits: list[Hit] = []
    deferred: list[tuple[Slot, list[Any]]] = []
    for slot in program.slots:
        values = results[slot.entry]
        if values is None:
            continue
        if slot.rule.after:
            deferred.append((slot, values))
        else:
            hits.append(_hit(slot, values, facts, None, None))
    direct = hits[:]  # `after` names rules that fire of themselves
    for slot, values in deferred:
        # Point at the commitment that triggered it, which the file writes, not at the rule's area.
        trigger = next((h for h in direct if h.rule.id in slot.rule.after), None)
        if trigger is not None:
            hits.append(_hit(slot, values, facts, None, None, trigger.term))
    if program.each_index is not None:
        per_item = zip(facts["concessions"], results[program.each_index], strict=True)
        for index, (item, per_rule) in enumerate(per_item):
            for slot in program.each_slots:
                values = per_rule[slot.entry]
                if values is not None:
                    hits.append(_hit(slot, values, facts, item, index))
    hits.sort(key=lambda h: h.rule.id)  # stable: per-item hits keep the file's order
    return Evaluation(deal, hits, figures, approved, facts)
