"""Stage 3, evaluate: a typed deal under a playbook to the rules that fired and what they saw."""

from __future__ import annotations

import math
from decimal import Decimal
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from .facts import CENT, WIDE, Money, approved_roles, context, money

if TYPE_CHECKING:
    from .models import Deal
    from .playbook import Playbook, Program, Rule, Slot


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


# Hits are made as the tuples they are: a named tuple's __new__ is a call in Python, per hit.
_new = tuple.__new__


class Evaluation(NamedTuple):
    deal: Deal
    hits: list[Hit]
    figures: Money
    approved: frozenset[str]
    facts: dict[str, Any]


# Rule engine numbers as money figures; the engine gives floats, and the same few (a discount,
# a count of days) come back deal after deal. Bounded, as the values of hostile deals are not.
_FLOATS: dict[float, Decimal] = {}


def _number(value: Any) -> Decimal | None:
    kind = type(value)
    if kind is float:
        number = _FLOATS.get(value)
        if number is not None:
            return number
        if not math.isfinite(value):
            return None
        number = Decimal(repr(value)).quantize(CENT, context=WIDE)
        if value and len(_FLOATS) < 4096:  # 0.0 and -0.0 are one key, not one figure
            _FLOATS[value] = number
        return number
    if kind is int:
        return Decimal(value).quantize(CENT, context=WIDE)
    return None


class _Step(NamedTuple):
    """A slot with what its rule says read once: what `_hit` needs, in the order it needs it."""

    rule: Rule
    entry: int
    after: frozenset[str]
    gets: tuple[tuple[int, str], ...]  # (result index, title)
    severity: str
    escalate: tuple[tuple[int, str], ...]  # (result index, severity)
    gives: str
    vendor_gives: int | None
    term: str
    approval_by: int | None
    bands: tuple[tuple[str, Decimal | None], ...]  # (role, limit), only when some band has a limit
    fixed: tuple[str, ...]  # the roles required whatever the value: bands without a limit
    value: int | None
    # The approval value and the roles it requires, by the engine's (float) value: few recur.
    known: dict[float, tuple[Decimal, tuple[str, ...]]]


def _step(slot: Slot) -> _Step:
    rule = slot.rule
    roles = list(zip([band.role for band in rule.approvers], slot.band_limits, strict=True))
    fixed: list[str] = []
    for role, limit in roles:
        if limit is None and role not in fixed:
            fixed.append(role)
    return _Step(
        rule,
        slot.entry,
        frozenset(rule.after),
        tuple(zip(slot.gets, [get.title for get in rule.gets], strict=True)),
        rule.severity,
        tuple(zip(slot.escalate, [escalation.severity for escalation in rule.escalate], strict=True)),
        rule.gives,
        slot.vendor_gives,
        rule.term,
        slot.approval_by,
        tuple(roles) if any(limit is not None for _, limit in roles) else (),
        tuple(fixed),
        slot.value,
        {},
    )


# Each compiled program's steps, by its id (kept with the program, so that the id stays its own),
# at their entries' places: a result list and its steps are walked side by side.
Steps = list["_Step | None"]
_PLANS: dict[int, tuple[Program, Steps, Steps]] = {}


def _plan(program: Program) -> tuple[Steps, Steps]:
    plan = _PLANS.get(id(program))
    if plan is None or plan[0] is not program:
        if len(_PLANS) >= 64:
            _PLANS.clear()
        plan = _PLANS[id(program)] = (program, _placed(program.slots), _placed(program.each_slots))
    return plan[1], plan[2]


def _placed(slots: list[Slot]) -> Steps:
    steps: Steps = [None] * (max((slot.entry for slot in slots), default=-1) + 1)
    for slot in slots:
        steps[slot.entry] = _step(slot)
    return steps


def _hit(
    step: _Step,
    results: list[Any],
    facts: dict[str, Any],
    item: dict[str, Any] | None,
    index: int | None,
    term: str | None = None,
) -> Hit:
    """A fired rule's hit; `results` are the values its program entry computed."""
    (
        rule,
        _,
        _,
        gets,
        severity,
        escalate,
        gives,
        vendor_gives,
        rule_term,
        approval_by,
        bands,
        fixed,
        worth,
        known,
    ) = step
    reciprocated_by = None
    for at, title in gets:
        if results[at] is True:
            reciprocated_by = title
            break
    for at, escalated in escalate:
        if results[at] is True:
            severity = escalated
    if gives == "either":
        gives = "vendor" if vendor_gives is not None and results[vendor_gives] is True else "counterparty"
    elif gives == "declared":
        gives = str(item["given_by"]) if item is not None else "vendor"
    if term is None:
        term = rule_term if index is None else f"{rule_term}[{index}]"
    approval_value: Decimal | None = None
    required = fixed
    if approval_by is not None:
        raw = results[approval_by]
        seen = known.get(raw) if type(raw) is float else None
        if seen is not None:
            approval_value, required = seen
        else:
            approval_value = _number(raw)
            if approval_value is not None:
                if bands:
                    above: list[str] = []
                    for role, limit in bands:
                        if (limit is None or approval_value > limit) and role not in above:
                            above.append(role)
                    required = tuple(above)
                if type(raw) is float and raw and len(known) < 256:  # 0.0 and -0.0: one key
                    known[raw] = (approval_value, required)
    return _new(
        Hit,
        (
            rule,
            gives,
            term,
            None if item is None else str(item["id"]),
            reciprocated_by,
            severity,
            approval_value,
            required,
            None if worth is None else _number(results[worth]),
            facts if item is None else item,
        ),
    )


_RULE_ID = attrgetter("rule.id")


def evaluate(deal: Deal, playbook: Playbook, prebuilt: dict[str, Any] | None = None) -> Evaluation:
    """What fired; `prebuilt` is `facts.plain(deal)` when validation built it on the way."""
    program = playbook.program
    steps, each_steps = _plan(program)
    figures = money(deal)
    approved = approved_roles(deal, playbook)
    facts = context(deal, playbook, figures, approved, prebuilt)
    results = program.engine.run(facts)
    hits: list[Hit] = []
    deferred: list[tuple[_Step, list[Any]]] = []
    for step, values in zip(steps, results, strict=False):  # the per-item entry comes last
        if values is None or step is None:
            continue
        if step.after:
            deferred.append((step, values))
        else:
            hits.append(_hit(step, values, facts, None, None))
    if deferred:
        direct = hits[:]  # `after` names rules that fire of themselves
        for step, values in deferred:
            # Point at the commitment that triggered it, which the file writes, not at the rule's area.
            trigger = next((h for h in direct if h.rule.id in step.after), None)
            if trigger is not None:
                hits.append(_hit(step, values, facts, None, None, trigger.term))
    if program.each_index is not None:
        per_item = zip(facts["concessions"], results[program.each_index], strict=True)
        for index, (item, per_rule) in enumerate(per_item):
            for step, values in zip(each_steps, per_rule, strict=True):
                if values is not None and step is not None:
                    hits.append(_hit(step, values, facts, item, index))
    hits.sort(key=_RULE_ID)  # stable: per-item hits keep the file's order
    return Evaluation(deal, hits, figures, approved, facts)
