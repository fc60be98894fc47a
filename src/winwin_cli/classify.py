"""Stage 4, classify: what fired to findings with a class, approvals, waivers, a ledger and a verdict."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Collection, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from .evaluate import Evaluation
    from .load import Document, PathT
    from .playbook import Playbook, Rule
    from .waivers import WaiverPolicy

WIN_WIN, WIN_LOSE, LOSE_WIN = "win-win", "win-lose", "lose-win"
CLASSES = (WIN_WIN, WIN_LOSE, LOSE_WIN)
LOPSIDED = frozenset({WIN_LOSE, LOSE_WIN})


# Results are named tuples rather than frozen dataclasses: as immutable, and a frozen dataclass
# of twenty fields takes ten times as long to build, which a run pays for every finding.
class Finding(NamedTuple):
    rule: str
    slug: str
    title: str
    klass: str
    severity: str
    gives: str
    term: str
    item: str | None
    line: int
    column: int
    message: str
    advice: str
    reciprocated_by: str | None
    approvals_required: tuple[str, ...]
    approvals_missing: tuple[str, ...]
    waived: bool
    fails: bool
    value: Decimal | None


class WaiverStatus(NamedTuple):
    rule: str
    reason: str
    approved_by: str
    expires: dt.date
    status: str  # applied | not-needed | expired | unused | beyond-horizon | ignored
    line: int
    column: int
    source: str | None = None  # the central waivers file it comes from; None: the deal file


class LedgerEntry(NamedTuple):
    term: str
    title: str
    rules: tuple[str, ...]
    value: Decimal | None
    reciprocated: bool


class Ledger(NamedTuple):
    gave: Mapping[str, tuple[LedgerEntry, ...]]  # by side: vendor, counterparty

    def total(self, side: str) -> Decimal:
        return sum((e.value for e in self.gave.get(side, ()) if e.value is not None), Decimal(0))


class DealResult(NamedTuple):
    file: str
    id: str
    title: str | None
    counterparty: str
    relationship: str
    kind: str
    stage: str
    owner: str | None
    currency: str | None
    net_annual: Decimal | None
    term_months: int
    tcv: Decimal | None
    playbook: str
    findings: tuple[Finding, ...]
    waivers: tuple[WaiverStatus, ...]
    ledger: Ledger
    approvals: tuple[str, ...] = ()

    @property
    def verdict(self) -> str:
        for finding in self.findings:  # a loop, not any() over a generator: every report asks
            if finding.fails:
                return "fail"
        return "pass"

    @property
    def failing(self) -> int:
        return len([f for f in self.findings if f.fails])


# Records built per finding and per deal are made as the tuples they are: a named tuple's
# __new__ is a call in Python, which a run would pay for every one.
_new = tuple.__new__

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)\}")
_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]")


def parse_path(term: str) -> PathT:
    path = _PATHS.get(term)
    if path is None:
        path = tuple(int(index) if index else name for name, index in _PART.findall(term))
        if len(_PATHS) < 10_000:  # terms repeat from deal to deal; per-item ones are bounded too
            _PATHS[term] = path
    return path


_PATHS: dict[str, PathT] = {}


def show(value: Any) -> str:
    """A fact as the reader wants it in a sentence."""
    if type(value) is str:
        return value
    if type(value) is int:  # an int, not a bool, first: the common case
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) >= 1000 else f"{value:g}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    if isinstance(value, Decimal):
        return show(int(value) if value == value.to_integral_value() else float(value))
    if isinstance(value, list):
        return ", ".join(show(v) for v in value) if value else "none"
    return str(value)


def render(
    template: str, facts: Mapping[str, Any], item: Mapping[str, Any] | None, playbook: Playbook
) -> str:
    bound = _bound(template, playbook)
    return bound if isinstance(bound, str) else _fill(bound, facts, item)


def _fill(bound: Pattern, facts: Mapping[str, Any], item: Mapping[str, Any] | None) -> str:
    """A bound template's text with the deal's values in its holes."""
    text, holes = bound
    for head, parts, after in holes:
        current: Any = item if head == "item" else facts.get(head)
        for part in parts:
            mapping = type(current) is dict or isinstance(current, Mapping)
            current = current.get(part) if mapping else None
        text += (current if type(current) is str else show(current)) + after
    return text


# A template split once: the texts around its placeholders, and each placeholder's head and parts.
Template = tuple[list[str], list[tuple[str, tuple[str, ...]]]]
_TEMPLATES: dict[str, Template] = {}
# A template under one playbook's thresholds and standard, which never change once it is loaded:
# the text itself when it names nothing of the deal (most advice), else its opening text and
# each of the deal's holes (head, parts) with the text after it.
Pattern = tuple[str, tuple[tuple[str, tuple[str, ...], str], ...]]
Bound = str | Pattern
_BOUND: dict[tuple[str, int, int], tuple[Mapping[str, Any], Mapping[str, Any], Bound]] = {}


def _bound(template: str, playbook: Playbook) -> Bound:
    thresholds, standard = playbook.thresholds, playbook.standard
    key = (template, id(thresholds), id(standard))
    entry = _BOUND.get(key)
    if entry is not None and entry[0] is thresholds and entry[1] is standard:
        return entry[2]
    compiled = _TEMPLATES.get(template)
    if compiled is None:
        compiled = _compile_template(template)
    texts, holes = compiled
    opening = texts[0]
    deal_holes: list[tuple[str, tuple[str, ...], str]] = []
    for (head, parts), text in zip(holes, texts[1:], strict=True):
        current: Any
        if head == "thresholds":
            current = thresholds.get(parts[0])
        elif head == "standard":
            current = standard
            for part in parts:
                mapping = type(current) is dict or isinstance(current, Mapping)
                current = current.get(part) if mapping else None
        else:
            deal_holes.append((head, parts, text))
            continue
        if deal_holes:
            last = deal_holes[-1]
            deal_holes[-1] = (last[0], last[1], last[2] + show(current) + text)
        else:
            opening += show(current) + text
    bound: Bound = (opening, tuple(deal_holes)) if deal_holes else opening
    if len(_BOUND) < 10_000:
        _BOUND[key] = (thresholds, standard, bound)
    return bound


def _compile_template(template: str) -> Template:
    split = _PLACEHOLDER.split(template)
    holes: list[tuple[str, tuple[str, ...]]] = []
    for dotted in split[1::2]:
        head, _, rest = dotted.partition(".")
        # `thresholds.a.b` names the threshold "a.b": it is looked up whole, never walked.
        parts = (rest,) if head == "thresholds" else tuple(rest.split(".")) if rest else ()
        holes.append((head, parts))
    compiled = (split[0::2], holes)
    if len(_TEMPLATES) < 10_000:
        _TEMPLATES[template] = compiled
    return compiled


# A rule as its findings show it: id, slug, title, and its message and advice bound to the
# playbook (a text, or the pieces `_fill` completes). By the rule's id(), under one playbook's
# thresholds and standard; each entry keeps its rule, so that an id() is never taken for another's.
Card = tuple["Rule", str, str, str, Bound, Bound]
_CARDS: dict[tuple[int, int], tuple[Mapping[str, Any], Mapping[str, Any], dict[int, Card]]] = {}


def _cards(playbook: Playbook) -> dict[int, Card]:
    thresholds, standard = playbook.thresholds, playbook.standard
    key = (id(thresholds), id(standard))
    entry = _CARDS.get(key)
    if entry is None or entry[0] is not thresholds or entry[1] is not standard:
        if len(_CARDS) >= 64:
            _CARDS.clear()
        entry = _CARDS[key] = (thresholds, standard, {})
    return entry[2]


def _card(cards: dict[int, Card], rule: Rule, playbook: Playbook) -> Card:
    card = cards.get(id(rule))
    if card is None or card[0] is not rule:
        message, advice = _bound(rule.message, playbook), _bound(rule.advice, playbook)
        card = (rule, rule.id, rule.slug, rule.title, message, advice)
        if len(cards) >= 4096:
            cards.clear()
        cards[id(rule)] = card
    return card


def classify(
    evaluation: Evaluation,
    document: Document,
    playbook: Playbook,
    file: str,
    today: dt.date,
    fail_on: Collection[str] = LOPSIDED,
    waivers: WaiverPolicy | None = None,
) -> DealResult:
    deal = evaluation.deal
    policy = waivers or _default_policy()
    central = policy.for_deal(deal.deal.id, file) if policy.central else []
    waivers_by_rule: dict[str, list[int]] = {}
    pool: list[tuple[str, dt.date]] = []
    if deal.waivers or central:
        # Inline waivers first, then the central ones that name this deal: one pool of candidates.
        pool = [(w.rule, w.expires) for w in deal.waivers] + [(w.rule, w.expires) for w in central]
        for n, (rule_id, _) in enumerate(pool):
            if policy.inline or n >= len(deal.waivers):
                waivers_by_rule.setdefault(rule_id, []).append(n)
    waiver_status: dict[int, str] = {}
    findings: list[Finding] = []
    # The ledger as it is built, by side and term: [title, rules, value, reciprocated].
    entries: dict[tuple[str, str], list[Any]] = {}
    approved, facts, marks, mark = evaluation.approved, evaluation.facts, document.values, document.mark
    cards = _cards(playbook)
    lacking: dict[tuple[str, ...], tuple[str, ...]] = {(): ()}  # approvals missing, by those required
    for hit in evaluation.hits:
        rule, gives, term, item_id, reciprocated_by, severity, _, required, value, facts_ref = hit
        card = cards.get(id(rule))
        if card is None or card[0] is not rule:
            card = _card(cards, rule, playbook)
        _, rule_id, slug, title, message, advice = card
        klass = WIN_WIN if reciprocated_by else (WIN_LOSE if gives == "vendor" else LOSE_WIN)
        missing = lacking.get(required)
        if missing is None:
            missing = lacking[required] = tuple([role for role in required if role not in approved])
        waived = False
        for n in waivers_by_rule.get(rule_id, ()) if waivers_by_rule else ():
            expires = pool[n][1]
            if expires < today:
                waiver_status[n] = "expired"
            elif policy.beyond_horizon(expires, today):
                waiver_status[n] = "beyond-horizon"
            elif klass in LOPSIDED or klass in fail_on:
                waiver_status[n] = "applied"
                waived = True
            else:
                waiver_status.setdefault(n, "not-needed")
        path = _PATHS.get(term)
        if path is None:
            path = parse_path(term)
        where = marks.get(path)
        line, column = where if where is not None and path else mark(path)
        if not isinstance(message, str):
            message = _fill(message, facts, facts_ref if item_id is not None else None)
        if not isinstance(advice, str):
            advice = _fill(advice, facts, facts_ref if item_id is not None else None)
        findings.append(
            _new(
                Finding,
                (
                    rule_id,
                    slug,
                    title,
                    klass,
                    severity,
                    gives,
                    term,
                    item_id,
                    line,
                    column,
                    message,
                    advice,
                    reciprocated_by,
                    required,
                    missing,
                    waived,
                    bool(missing) or (klass in fail_on and not waived),  # fails
                    value,
                ),
            )
        )
        # A term is one concession in the ledger, whatever fires on it.
        row = entries.get((gives, term))
        if row is None:
            row = entries[gives, term] = [title, [], None, True]
        row[1].append(rule_id)
        if item_id is not None:
            row[0] = _what(evaluation, item_id)
        if value is not None and (row[2] is None or value > row[2]):
            row[2] = value
        if klass != WIN_WIN:
            row[3] = False
    statuses = []
    for n, waiver in enumerate(deal.waivers):
        status = waiver_status.get(n) or _idle(waiver.expires, today, policy)
        if not policy.inline:
            status = "ignored"
        line, column = document.mark(("waivers", n))
        statuses.append(
            WaiverStatus(waiver.rule, waiver.reason, waiver.approved_by, waiver.expires, status, line, column)
        )
    for n, entry in enumerate(central, start=len(deal.waivers)):
        status = waiver_status.get(n) or _idle(entry.expires, today, policy)
        if status != "unused" or deal.deal.id in entry.deals:
            statuses.append(
                WaiverStatus(
                    entry.rule,
                    entry.reason,
                    entry.approved_by,
                    entry.expires,
                    status,
                    entry.line,
                    entry.column,
                    policy.file,
                )
            )
    info = deal.deal
    figures = evaluation.figures
    return _new(
        DealResult,
        (
            file,
            info.id,
            info.title,
            info.counterparty,
            info.relationship,
            info.kind,
            info.stage,
            info.owner,
            info.currency,
            figures.net_annual,
            deal.commitment.term_months,
            figures.tcv,
            playbook.ref,
            tuple(findings),
            tuple(statuses),
            _ledger(entries),
            tuple([approval.role for approval in deal.approvals]),
        ),
    )


@functools.cache
def _default_policy() -> WaiverPolicy:
    """Waivers as a run without options about them treats them (imported at first use)."""
    from .waivers import DEFAULT_POLICY

    return DEFAULT_POLICY


def _idle(expires: dt.date, today: dt.date, policy: WaiverPolicy) -> str:
    """The status of a waiver that matched no finding."""
    if expires < today:
        return "expired"
    return "beyond-horizon" if policy.beyond_horizon(expires, today) else "unused"


def _ledger(entries: dict[tuple[str, str], list[Any]]) -> Ledger:
    """What each side gave, one entry per term (a discount is one concession, whatever fires on it)."""
    gave: dict[str, list[LedgerEntry]] = {"vendor": [], "counterparty": []}
    for (side, term), (title, rules, value, reciprocated) in entries.items():
        gave[side].append(_new(LedgerEntry, (term, title, tuple(rules), value, reciprocated)))
    return Ledger({"vendor": tuple(gave["vendor"]), "counterparty": tuple(gave["counterparty"])})


def _what(evaluation: Evaluation, item_id: str) -> str:
    for concession in evaluation.deal.concessions:
        if concession.id == item_id:
            return concession.what
    return item_id
