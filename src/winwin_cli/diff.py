"""Renegotiation: what changed between two versions of a deal, and toward whom the value moved.

Each changed term is judged with the playbook's term catalog (catalog.py): the side an increase
favours, and the money a change moves per year where it can be valued. The change set's class
(SPEC §5, §7): value moved only toward the counterparty is `win-lose`, only toward the vendor
`lose-win`; both ways it is `win-win` when the two sides' money is within the playbook's
tolerance (`renegotiation_balance_pct` of the larger), else the class of the heavier side. A
change that cannot be valued has no money value; it balances the change on the other side it
pays for when the new version's rule for that concession is reciprocated. The playbook also runs
on both versions, to list the findings the change introduced, resolved and kept.
"""

from __future__ import annotations

import traceback
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .catalog import Compiled, compile_catalog, leaves
from .classify import LOPSIDED, LOSE_WIN, WIN_LOSE, WIN_WIN, DealResult, Finding, parse_path
from .errors import LoadError
from .evaluate import evaluate
from .expr import ExpressionError
from .facts import CENT, plain
from .load import DEFAULT_LIMITS, decode, load, read_bytes
from .run import EXIT_FAIL, EXIT_OK, FileError, FileResult, Options, _pinned, check_text
from .validate import validate

if TYPE_CHECKING:
    from .load import Document
    from .models import Concession, Deal
    from .playbook import Playbook

TOLERANCE = "renegotiation_balance_pct"
DEFAULT_TOLERANCE = Decimal(20)
CLASS_OF_SIDE = {"counterparty": WIN_LOSE, "vendor": LOSE_WIN}
_MISSING = object()
_INFINITY = Decimal("Infinity")


def other(side: str) -> str:
    return "vendor" if side == "counterparty" else "counterparty"


@dataclass(frozen=True)
class Version:
    """One side of a comparison: the name it is shown under and its bytes (None: no such file)."""

    name: str
    raw: bytes | None
    problem: str | None = None  # why it could not be read


def read_version(shown: str, path: Path) -> Version:
    """A file on disk as one side: read as `check` reads it (regular files only, bounded, no FIFOs)."""
    try:
        return Version(shown, read_bytes(path, DEFAULT_LIMITS.max_bytes))
    except OSError as exc:
        return Version(shown, None, problem=f"cannot read the file: {exc.strerror or exc}")
    except LoadError as exc:
        return Version(shown, None, problem=exc.message)


@dataclass(frozen=True)
class Change:
    term: str
    title: str
    before: Any  # plain values, as JSON shows them
    after: Any
    toward: str | None  # vendor | counterparty; None: the change favours neither side
    value: Decimal | None  # money per year, where the catalog can value it
    line: int
    column: int
    note: str | None = None
    balanced_by: tuple[str, ...] = ()  # the other side's changes it is traded against
    null_text: str = "none"  # how this term's null reads: none, or uncapped

    @property
    def valued(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Balance:
    """How the change set weighs: money each side receives, and what could not be valued."""

    klass: str | None  # None: nothing moved
    reason: str
    counterparty: Decimal  # money toward the counterparty, not counting traded pairs
    vendor: Decimal
    tolerance_pct: Decimal
    unvalued: dict[str, tuple[str, ...]] = field(default_factory=dict)  # unbalanced, by side
    traded: tuple[str, ...] = ()  # terms left out of the money: traded against each other


@dataclass(frozen=True)
class Kept:
    old: Finding
    new: Finding


@dataclass(frozen=True)
class FileDiff:
    file: str
    old: str
    new: str
    status: str  # changed | unchanged | added | deleted | error
    id: str | None = None
    currency: str | None = None
    changes: tuple[Change, ...] = ()
    balance: Balance | None = None
    introduced: tuple[Finding, ...] = ()
    resolved: tuple[Finding, ...] = ()
    kept: tuple[Kept, ...] = ()
    errors: tuple[FileError, ...] = ()
    fail_on: Collection[str] = LOPSIDED
    old_deal: DealResult | None = None
    new_deal: DealResult | None = None

    @property
    def klass(self) -> str | None:
        return self.balance.klass if self.balance is not None else None

    @property
    def newly_failing(self) -> tuple[Finding, ...]:
        was = {_key(k.old) for k in self.kept if k.old.fails}
        return tuple(
            f for f in (*self.introduced, *(k.new for k in self.kept)) if f.fails and _key(f) not in was
        )

    @property
    def exit_code(self) -> int:
        if self.errors:
            return FileResult(self.file, errors=self.errors).exit_code
        if self.klass in self.fail_on or self.newly_failing:
            return EXIT_FAIL
        return EXIT_OK


@dataclass
class DiffSummary:
    files: int = 0
    changed: int = 0
    errors: int = 0
    by_class: dict[str, int] = field(default_factory=lambda: {WIN_WIN: 0, WIN_LOSE: 0, LOSE_WIN: 0})
    introduced: int = 0
    resolved: int = 0
    newly_failing: int = 0
    exit_code: int = EXIT_OK

    def add(self, diff: FileDiff) -> None:
        self.files += 1
        self.errors += len(diff.errors)
        if diff.status in ("changed", "added", "deleted"):
            self.changed += 1
        if diff.klass is not None:
            self.by_class[diff.klass] += 1
        self.introduced += len(diff.introduced)
        self.resolved += len(diff.resolved)
        self.newly_failing += len(diff.newly_failing)
        self.exit_code = max(self.exit_code, diff.exit_code)


# ---------------------------------------------------------------------------------------------
# One version through the pipeline


@dataclass(frozen=True)
class Judged:
    result: DealResult
    deal: Deal
    document: Document
    facts: dict[str, Any]
    playbook: Playbook


def judge(version: Version, options: Options) -> Judged | FileResult:
    """A version checked by its playbook; a `FileResult` with errors when it cannot be."""
    name = version.name
    if version.raw is None:
        message = version.problem or "no such file"
        return FileResult(name, errors=(FileError(name, 1, 1, message),))
    result = check_text(name, version.raw, options)
    if result.errors or result.deal is None:
        return result
    try:
        document = load(decode(version.raw), options.limits)
        playbook = _pinned(document, options, name)  # the playbook check_text judged it by
        deal = validate(document, playbook.standard)
        evaluation = evaluate(deal, playbook)
    except Exception as exc:  # the check above passed: this is a bug, kept as a value
        message = f"internal error: {type(exc).__name__}: {exc} (this is a bug in winwin; please report it)"
        error = FileError(name, 1, 1, message, internal=True, detail=traceback.format_exc())
        return FileResult(name, errors=(error,))
    return Judged(result.deal, deal, document, evaluation.facts, playbook)


# ---------------------------------------------------------------------------------------------
# The changed terms


_CATALOGS: dict[int, tuple[Playbook, dict[str, Compiled]]] = {}


def catalog_of(playbook: Playbook) -> dict[str, Compiled]:
    cached = _CATALOGS.get(id(playbook))
    if cached is None or cached[0] is not playbook:
        cached = (playbook, compile_catalog(playbook))
        _CATALOGS[id(playbook)] = cached
    return cached[1]


def _value_at(deal: Deal, path: str) -> Any:
    current: Any = deal
    for part in path.split("."):
        if current is None:
            return _MISSING
        current = getattr(current, part)
    return current


def _rank(term: Compiled, value: Any) -> Decimal | None:
    if value is None:
        return {"highest": _INFINITY, "lowest": -_INFINITY}.get(term.spec.null_rank)
    if isinstance(value, bool):
        return Decimal(int(value))
    if term.kind == "enum":
        return (term.spec.scale or {}).get(str(value))
    return Decimal(value)


def _money(value: Any, where: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ExpressionError(f"terms: {where}: value: expected a number or null, got {value!r}")
    return abs(Decimal(repr(value))).quantize(CENT)


class _Differ:
    def __init__(self, old: Judged, new: Judged) -> None:
        self.old = old
        self.new = new
        self.catalog = catalog_of(new.playbook)

    def mark(self, path: str, removed: bool = False) -> tuple[int, int]:
        document = self.old.document if removed else self.new.document
        return document.mark(parse_path(path))

    def changes(self) -> list[Change]:
        out: list[Change] = []
        for path in leaves():
            out.extend(self._term(path))
        out.extend(self._concessions())
        return out

    def _term(self, path: str) -> list[Change]:
        term = self.catalog.get(path)
        a = _value_at(self.old.deal, path)
        b = _value_at(self.new.deal, path)
        absent = term.absent if term is not None else None
        a = absent if a is _MISSING else a
        b = absent if b is _MISSING else b
        if a == b or (term is not None and term.spec.follows is not None):
            return []
        line, column = self.mark(path, removed=b is None and a is not None)
        change = Change(path, path, plain(a), plain(b), None, None, line, column)
        if term is None:
            return [replace(change, note="not in the playbook's term catalog")]
        change = replace(change, title=term.spec.title)
        if term.spec.null_rank == "highest":
            change = replace(change, null_text="uncapped")
        context = {"old": plain(a), "new": plain(b), "before": self.old.facts, "after": self.new.facts}
        up = term.spec.side or term.evaluate(term.up, context)
        if up is not None and up not in ("vendor", "counterparty"):
            raise ExpressionError(f"terms: {path}: up: expected 'vendor', 'counterparty' or null, got {up!r}")
        if term.kind == "list":
            return self._list(change, a or [], b or [], up)
        ra, rb = _rank(term, a), _rank(term, b)
        if up is None:
            return [replace(change, note="favours neither side in this deal")]
        if ra is None or rb is None:
            return [replace(change, note="null has no rank for this term")]
        if ra == rb:
            return [replace(change, note="an equivalent position")]
        change = replace(change, toward=up if rb > ra else other(up))
        if term.value is not None:
            value = _money(term.evaluate(term.value, context), path)
            note = "not valued: the deal has no list price" if value is None else None
            change = replace(change, value=value, note=note)
        return [change]

    @staticmethod
    def _list(change: Change, a: list[Any], b: list[Any], up: str | None) -> list[Change]:
        added = [str(plain(x)) for x in b if x not in a]
        removed = [str(plain(x)) for x in a if x not in b]
        out = []
        if added:
            out.append(replace(change, toward=up, note="added: " + "; ".join(added)))
        if removed:
            out.append(
                replace(change, toward=other(up) if up else None, note="removed: " + "; ".join(removed))
            )
        return out

    def _concessions(self) -> list[Change]:
        before = {c.id: c for c in self.old.deal.concessions}
        after = {c.id: c for c in self.new.deal.concessions}
        out: list[Change] = []
        for cid, old in before.items():
            new = after.get(cid)
            if new is None or new.given_by != old.given_by:
                out.append(self._declared(old, None))
            if new is not None and new.given_by != old.given_by:
                out.append(self._declared(None, new))
            elif new is not None and new != old:
                out.extend(self._declared_change(old, new))
        for cid, new in after.items():
            if cid not in before:
                out.append(self._declared(None, new))
        return out

    def _declared(self, old: Concession | None, new: Concession | None) -> Change:
        item = new or old
        assert item is not None
        path = f"concessions.{item.id}"
        if new is not None:
            index = self.new.deal.concessions.index(new)
            line, column = self.new.document.mark(("concessions", index))
            toward = other(new.given_by)
            note = f"added, given by the {new.given_by}"
        else:
            assert old is not None
            index = self.old.deal.concessions.index(old)
            line, column = self.old.document.mark(("concessions", index))
            toward = old.given_by
            note = f"withdrawn by the {old.given_by}"
        value = item.value_annual.quantize(CENT) if item.value_annual is not None else None
        return Change(
            path,
            item.what,
            plain(old.value_annual) if old else None,
            plain(new.value_annual) if new else None,
            toward,
            value,
            line,
            column,
            note=note,
        )

    def _declared_change(self, old: Concession, new: Concession) -> list[Change]:
        index = self.new.deal.concessions.index(new)
        line, column = self.new.document.mark(("concessions", index))
        a, b = old.value_annual, new.value_annual
        change = Change(f"concessions.{new.id}", new.what, plain(a), plain(b), None, None, line, column)
        if a == b:
            if old.what == new.what:
                return []  # only its links changed: the findings show what that did
            return [replace(change, before=old.what, after=new.what, note="reworded")]
        if a is None or b is None:
            return [replace(change, note="valued now" if a is None else "no longer valued")]
        toward = other(new.given_by) if b > a else new.given_by
        return [replace(change, toward=toward, value=abs(b - a).quantize(CENT))]


# ---------------------------------------------------------------------------------------------
# The change set's class


def _pairs(changes: list[Change], new: Judged, catalog: dict[str, Compiled]) -> dict[int, set[int]]:
    """Unvalued changes and the other side's changes they pay for, per the new version's rules."""
    reciprocated = [f for f in new.result.findings if f.klass == WIN_WIN]
    links: dict[str, set[str]] = {}
    for item in new.deal.concessions:
        for ref in item.in_exchange_for:
            links.setdefault(item.id, set()).add(ref)
            links.setdefault(ref, set()).add(item.id)
    pairs: dict[int, set[int]] = {}
    for gi, get in enumerate(changes):
        if get.toward is None:
            continue
        spec = catalog.get(get.term)
        pays_for = set(spec.spec.pays_for) if spec is not None else set()
        for ci, given in enumerate(changes):
            if given.toward != other(get.toward) or (get.valued and given.valued):
                continue
            by_rule = any(
                f.rule in pays_for and f.term == given.term and f.gives == get.toward for f in reciprocated
            )
            by_link = (
                given.term.startswith("concessions.")
                and get.term.startswith("concessions.")
                and get.term.split(".", 1)[1] in links.get(given.term.split(".", 1)[1], set())
                and any(f.item == given.term.split(".", 1)[1] for f in reciprocated)
            )
            if by_rule or by_link:
                pairs.setdefault(gi, set()).add(ci)
                pairs.setdefault(ci, set()).add(gi)
    return pairs


def _fmt(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def weigh(changes: list[Change], new: Judged, tolerance: Decimal) -> tuple[list[Change], Balance]:
    """The changes with the trades found between them, and the change set's class."""
    catalog = catalog_of(new.playbook)
    pairs = _pairs(changes, new, catalog)
    changes = [
        replace(c, balanced_by=tuple(sorted({changes[j].term for j in pairs[i]}))) if i in pairs else c
        for i, c in enumerate(changes)
    ]
    sides = {c.toward for c in changes if c.toward is not None}
    money = {"counterparty": Decimal(0), "vendor": Decimal(0)}
    unvalued: dict[str, list[str]] = {"counterparty": [], "vendor": []}
    for c in changes:
        if c.toward is None or c.balanced_by:
            continue
        if c.value is not None:
            money[c.toward] += c.value
        else:
            unvalued[c.toward].append(c.term)
    unbalanced = {side: tuple(terms) for side, terms in unvalued.items() if terms}
    cp, vd = money["counterparty"], money["vendor"]

    def balance(klass: str | None, reason: str) -> Balance:
        traded = tuple(c.term for c in changes if c.balanced_by)
        return Balance(klass, reason, cp, vd, tolerance, unbalanced, traded)

    if not sides:
        return changes, balance(None, "no term moved value toward either side")
    if sides == {"counterparty"}:
        return changes, balance(
            WIN_LOSE, "value moved only toward the counterparty: the vendor gave without a get"
        )
    if sides == {"vendor"}:
        return changes, balance(
            LOSE_WIN, "value moved only toward the vendor: the counterparty gave without a get"
        )
    if cp == vd == 0:
        # Nothing left to weigh in money: each unvalued give must be paid for by a reciprocated rule.
        heavy = [side for side in ("counterparty", "vendor") if _unpaid(unvalued[side], new, side)]
        if len(heavy) == 1:
            side = heavy[0]
            terms = ", ".join(unvalued[side])
            return changes, balance(
                CLASS_OF_SIDE[side],
                f"{terms} moved value toward the {side}, and no reciprocated rule of the new version "
                "pays for it",
            )
        return changes, balance(WIN_WIN, "both sides received value, and every give is paid for by a get")
    larger = max(cp, vd)
    gap = abs(cp - vd)
    shown = f"counterparty {_fmt(cp)} vs vendor {_fmt(vd)} a year"
    if gap <= larger * tolerance / 100:
        return changes, balance(
            WIN_WIN, f"both ways and balanced: {shown}, within {tolerance.normalize():f}%"
        )
    side = "counterparty" if cp > vd else "vendor"
    share = (gap / larger * 100).quantize(Decimal("0.1"))
    return changes, balance(
        CLASS_OF_SIDE[side],
        f"both ways but not balanced: {shown}; the {side} received {share.normalize():f}% more than "
        f"the other side (tolerance {tolerance.normalize():f}%)",
    )


def _unpaid(terms: list[str], new: Judged, side: str) -> bool:
    """Whether some unvalued change toward `side` is a concession the new version leaves lopsided."""
    lopsided = {f.term for f in new.result.findings if f.klass != WIN_WIN and f.gives == other(side)}
    return any(term in lopsided for term in terms)


# ---------------------------------------------------------------------------------------------
# Findings before and after


def _key(finding: Finding) -> tuple[str, str]:
    return (finding.rule, finding.item if finding.item is not None else finding.term)


def compare_findings(
    old: DealResult | None, new: DealResult | None
) -> tuple[tuple[Finding, ...], tuple[Finding, ...], tuple[Kept, ...]]:
    before = {_key(f): f for f in old.findings} if old is not None else {}
    after = {_key(f): f for f in new.findings} if new is not None else {}
    introduced = tuple(f for k, f in after.items() if k not in before)
    resolved = tuple(f for k, f in before.items() if k not in after)
    kept = tuple(Kept(before[k], f) for k, f in after.items() if k in before)
    return introduced, resolved, kept


def tolerance_of(playbook: Playbook) -> Decimal:
    return playbook.thresholds.get(TOLERANCE, DEFAULT_TOLERANCE)


def diff_versions(file: str, old: Version, new: Version, options: Options) -> FileDiff:
    """Compare two versions of one deal file. Never raises: errors are values in the result."""
    base = FileDiff(file=file, old=old.name, new=new.name, status="error", fail_on=options.fail_on)
    if old.raw is None and new.raw is None and old.problem is None and new.problem is None:
        return replace(base, errors=(FileError(file, 1, 1, "the file exists in neither version"),))
    added = old.raw is None and old.problem is None
    deleted = new.raw is None and new.problem is None
    before = None if added else judge(old, options)
    after = None if deleted else judge(new, options)
    if isinstance(before, FileResult) or isinstance(after, FileResult):
        errors = tuple(e for j in (before, after) if isinstance(j, FileResult) for e in j.errors)
        return replace(base, errors=errors)
    old_deal = before.result if before is not None else None
    new_deal = after.result if after is not None else None
    present = new_deal or old_deal
    assert present is not None  # one of the two exists, checked above
    introduced, resolved, kept = compare_findings(old_deal, new_deal)
    result = replace(
        base,
        id=present.id,
        currency=present.currency,
        introduced=introduced,
        resolved=resolved,
        kept=kept,
        old_deal=old_deal,
        new_deal=new_deal,
    )
    if before is None or after is None:
        return replace(result, status="added" if added else "deleted")
    try:
        changes, balance = weigh(_Differ(before, after).changes(), after, tolerance_of(after.playbook))
    except ExpressionError as exc:
        message = f"the playbook's term catalog failed on this deal: {exc}"
        return replace(base, errors=(FileError(new.name, 1, 1, message),))
    status = "changed" if changes else "unchanged"
    return replace(result, status=status, changes=tuple(changes), balance=balance)


@dataclass(frozen=True)
class Pair:
    """A deal file to compare: its name as shown, and its two versions."""

    file: str
    old: Version
    new: Version


def diff_pairs(pairs: Iterable[Pair], options: Options) -> Iterator[FileDiff]:
    for pair in pairs:
        yield diff_versions(pair.file, pair.old, pair.new, options)
