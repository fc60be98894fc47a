"""The playbook: standard positions, thresholds, roles and rules, loaded from YAML and compiled.

A playbook is a YAML file, or a directory holding `playbook.yaml` and further `*.yaml` rule
files (sub-directories such as `tests/` and `versions/` are not part of it). A playbook may
`extends:` another one (`default`, `default@1`, or a path relative to the extending file) and
then change its thresholds, standard positions and roles, override fields of its rules
(`overrides:`, or a `rules:` entry reusing an id), `disable:` rules and add rules of its own.
Everything is validated on load; every problem names the file, line and column, the rule and
the field.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from . import expr
from .errors import FatalError, LoadError
from .load import Document, PathT, decode, load
from .models import Deal
from .scalars import Bool, Ident, Number, Text, _not_null, identifier
from .validate import _message, format_path

if TYPE_CHECKING:
    from .catalog import TermSpec


def expr_text(value: object) -> str:
    if isinstance(value, str):
        return str(value)
    raise ValueError("expected an expression (text)")


Severity = Literal["info", "warning", "error"]
SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")
_E = BeforeValidator(_not_null(identifier))
Slug = Annotated[str, BeforeValidator(_not_null(identifier)), Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
RuleId = Annotated[str, BeforeValidator(_not_null(identifier)), Field(pattern=r"^[A-Z]{1,8}[0-9]{1,6}$")]
Expression = Annotated[str, BeforeValidator(_not_null(expr_text)), Field(max_length=expr.MAX_EXPRESSION)]

BUILTIN = "default"
PIN = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)@([A-Za-z0-9][A-Za-z0-9._-]*)")
VERSIONS_DIR = "versions"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class Get(_Strict):
    """Something the other side gives that makes the concession fair."""

    title: Text
    when: Expression


class Escalation(_Strict):
    severity: Annotated[Severity, _E]
    when: Expression


def _band(value: object) -> object:
    return {"role": value} if isinstance(value, str) else value


class Band(_Strict):
    """A role whose approval is required; with `above`, only when the rule's value exceeds it."""

    role: Ident
    above: Annotated[str | None, BeforeValidator(lambda v: None if v is None else str(v))] = None


class RuleExamples(_Strict):
    """Deal patches (sections over the standard) that show a rule: one passing, one failing."""

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True, populate_by_name=True)

    passing: Annotated[dict[str, Any], Field(alias="pass")]
    failing: Annotated[dict[str, Any], Field(alias="fail")]


class Rule(_Strict):
    id: RuleId
    slug: Slug
    title: Text
    description: Text
    rationale: Text
    advice: Text
    message: Text
    gives: Annotated[Literal["vendor", "counterparty", "either", "declared"], _E]
    vendor_gives: Expression | None = None
    term: Text
    each: Annotated[
        Literal["concessions"] | None, BeforeValidator(lambda v: None if v is None else identifier(v))
    ] = None
    after: list[RuleId] = []
    when: Expression | None = None
    gets: list[Get] = []
    severity: Annotated[Severity, _E]
    escalate: list[Escalation] = []
    approval_by: Expression | None = None
    approvers: list[Annotated[Band, BeforeValidator(_band)]] = []
    value: Expression | None = None
    enabled: Bool = True
    examples: RuleExamples | None = None

    @property
    def unreciprocated(self) -> str:
        """The class of a finding that no get reciprocates."""
        return {
            "vendor": "win-lose",
            "counterparty": "lose-win",
            "either": "by side",
            "declared": "by giver",
        }[self.gives]

    def expressions(self) -> Iterator[tuple[PathT, str]]:
        """Every expression of the rule with the field it stands in."""
        for name in ("when", "vendor_gives", "approval_by", "value"):
            source = getattr(self, name)
            if source is not None:
                yield (name,), source
        for n, get in enumerate(self.gets):
            yield ("gets", n, "when"), get.when
        for n, escalation in enumerate(self.escalate):
            yield ("escalate", n, "when"), escalation.when


class PlaybookFile(_Strict):
    """One YAML file of a playbook; rule entries are validated one by one, after merging."""

    playbook: Ident | None = None
    version: Ident | None = None
    description: Text | None = None
    extends: Ident | None = None
    roles: dict[str, list[Ident]] = {}
    standard: dict[str, Any] = {}
    thresholds: dict[str, Number] = {}
    rules: list[dict[str, Any]] = []
    overrides: dict[str, dict[str, Any]] = {}
    disable: list[RuleId] = []
    # The term catalog `winwin diff` judges renegotiations by (catalog.py); merged per term.
    terms: dict[str, Any] = {}


# ---------------------------------------------------------------------------------------------
# Where things were written


Location = tuple[str, int, int]  # file, line, column


class Origin(NamedTuple):
    """A mapping in a playbook file: a rule entry, an override, a threshold."""

    file: str
    document: Document
    path: PathT

    def written(self, sub: PathT) -> bool:
        return self.path + sub[:1] in self.document.values

    def at(self, sub: PathT = (), key: bool = False) -> Location:
        full = self.path + sub
        line, column = self.document.key_mark(full) if key else self.document.mark(full)
        return (self.file, line, column)


class Diagnostic(NamedTuple):
    """A problem in a playbook (or its tests), located in the file that causes it."""

    file: str
    line: int
    column: int
    message: str
    severity: Literal["error", "warning"] = "error"
    code: str = "invalid"

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.column}" if self.line else self.file

    def render(self) -> str:
        return f"{self.location}: {self.message}"


class PlaybookError(FatalError):
    """A playbook that cannot be used; carries every located problem found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        lines = [d.render() for d in diagnostics]
        super().__init__(lines[0] if len(lines) == 1 else "invalid playbook:\n" + "\n".join(lines))


# ---------------------------------------------------------------------------------------------
# The playbook and its compiled program


class Slot(NamedTuple):
    """Where one rule's values sit in its entry of the program's result.

    Each rule compiles to `when ? [values...] : null`, so that a rule's gets, escalations and
    values are evaluated only on deals where its condition holds (they may assume it).
    """

    rule: Rule
    entry: int  # the rule's entry in the program's result (or in each item's result list)
    gets: tuple[int, ...]
    escalate: tuple[int, ...]
    vendor_gives: int | None
    approval_by: int | None
    value: int | None
    band_limits: tuple[Decimal | None, ...]


@dataclass
class Playbook:
    name: str
    version: str
    description: str
    source: str
    roles: dict[str, tuple[str, ...]]
    standard: dict[str, Any]
    thresholds: dict[str, Decimal]
    rules: list[Rule]
    standard_deal: Deal | None = None
    path: Path | None = None  # the file or directory it was loaded from
    base: Playbook | None = None  # the playbook it extends
    origins: dict[str, tuple[Origin, ...]] = field(default_factory=dict)  # rule id → entry, overrides
    threshold_origins: dict[str, Origin] = field(default_factory=dict)
    standard_origins: dict[PathT, Origin] = field(default_factory=dict)  # (section[, key]) → file
    files: tuple[str, ...] = ()
    terms: dict[str, TermSpec] = field(default_factory=dict)
    # (expression, per item) → rewritten and checked: loading checks each one, then compiles them all.
    rewritten: dict[tuple[str, bool], str] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"

    def rule(self, rule_id: str) -> Rule | None:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        return None

    def lineage(self) -> Iterator[Playbook]:
        """This playbook, then the one it extends, and so on."""
        current: Playbook | None = self
        while current is not None:
            yield current
            current = current.base

    def satisfied_by(self, role: str) -> frozenset[str]:
        """The roles whose approval `role` gives: itself and every role below it."""
        seen = {role}
        todo = [role]
        while todo:
            for lower in self.roles.get(todo.pop(), ()):
                if lower not in seen:
                    seen.add(lower)
                    todo.append(lower)
        return frozenset(seen)

    def standard_value(self, dotted: str) -> Any:
        """A standard position, typed as the deal model types it."""
        from .facts import plain

        current: Any = self.standard_deal
        for part in dotted.split("."):
            if not isinstance(current, BaseModel) or part not in type(current).model_fields:
                raise expr.ExpressionError(f"unknown standard position '{dotted}'")
            current = getattr(current, part)
        return plain(current)

    def locate(self, rule_id: str, sub: PathT = (), key: bool = False) -> Location:
        """Where a rule's field was written: the latest override that sets it, else the rule entry."""
        origins = self.origins.get(rule_id, ())
        for origin in reversed(origins):
            if not sub or origin.written(sub):
                return origin.at(sub, key)
        if origins:
            return origins[-1].at()
        return (self.source, 0, 0)

    def locate_threshold(self, name: str) -> Location:
        origin = self.threshold_origins.get(name)
        return origin.at((name,), key=True) if origin is not None else (self.source, 0, 0)

    def locate_standard(self, loc: PathT) -> Location:
        for n in range(min(len(loc), 2), 0, -1):
            origin = self.standard_origins.get(loc[:n])
            if origin is not None:
                return origin.at(loc)
        return (self.source, 0, 0)

    @cached_property
    def program(self) -> Program:
        return Program.compile(self)

    @cached_property
    def _pins(self) -> PinResolver:
        return PinResolver(self)

    def resolve_pin(self, pin: str) -> Playbook | None:
        """The playbook a deal pinning `pin` is judged by (see `PinResolver`), or None."""
        return self._pins(pin)


class Program:
    """Every expression of a playbook compiled into one engine call per deal."""

    def __init__(
        self, engine: expr.Program, slots: list[Slot], each_slots: list[Slot], each_index: int | None
    ) -> None:
        self.engine = engine
        self.slots = slots
        self.each_slots = each_slots
        self.each_index = each_index

    @classmethod
    def compile(cls, playbook: Playbook) -> Program:
        sources: list[str] = []
        each_sources: list[str] = []
        slots: list[Slot] = []
        each_slots: list[Slot] = []
        for rule in playbook.rules:
            if not rule.enabled:
                continue
            parts: list[str] = []

            def add(
                source: str | None, sub: PathT, rule: Rule = rule, parts: list[str] = parts
            ) -> int | None:
                if source is None:
                    return None
                try:
                    rewritten = compile_expression(playbook, rule, source)
                except expr.ExpressionError as exc:
                    raise PlaybookError(
                        [_at(playbook.locate(rule.id, sub), f"rule {rule.id}: {format_path(sub)}: {exc}")]
                    ) from None
                parts.append(f"({rewritten})")
                return len(parts) - 1

            when = add(rule.when, ("when",)) if rule.when is not None else None
            condition = parts.pop() if when is not None else "true"
            gets = tuple(add(g.when, ("gets", n, "when")) for n, g in enumerate(rule.gets))
            escalate = tuple(add(e.when, ("escalate", n, "when")) for n, e in enumerate(rule.escalate))
            target, target_slots = (each_sources, each_slots) if rule.each else (sources, slots)
            slot = Slot(
                rule=rule,
                entry=len(target),
                gets=tuple(i for i in gets if i is not None),
                escalate=tuple(i for i in escalate if i is not None),
                vendor_gives=add(rule.vendor_gives, ("vendor_gives",)),
                approval_by=add(rule.approval_by, ("approval_by",)),
                value=add(rule.value, ("value",)),
                band_limits=tuple(_band_limit(playbook, rule, n, b) for n, b in enumerate(rule.approvers)),
            )
            target.append(f"{condition} ? [{', '.join(parts)}] : null")
            target_slots.append(slot)
        each_index = None
        if each_sources:
            sources.append("map(concessions, [" + ", ".join(each_sources) + "])")
            each_index = len(sources) - 1
        try:
            engine = expr.Program(sources)
        except RuntimeError as exc:
            raise FatalError(f"{playbook.source}: the playbook's conditions do not compile: {exc}") from None
        return cls(engine, slots, each_slots, each_index)


def compile_expression(playbook: Playbook, rule: Rule, source: str) -> str:
    """A rule's expression with thresholds and standard positions inlined, checked to parse."""
    key = (source, bool(rule.each))
    rewritten = playbook.rewritten.get(key)
    if rewritten is None:
        rewritten = expr.rewrite(source, playbook.thresholds, playbook.standard_value, item=key[1])
        expr.check(rewritten)
        playbook.rewritten[key] = rewritten
    return rewritten


def _at(location: Location, message: str, code: str = "invalid") -> Diagnostic:
    return Diagnostic(location[0], location[1], location[2], message, code=code)


def _band_limit(playbook: Playbook, rule: Rule, n: int, band: Band) -> Decimal | None:
    limit, problem = band_limit(playbook, rule, band)
    if problem is not None:
        where = playbook.locate(rule.id, ("approvers", n, "above"))
        raise PlaybookError([_at(where, f"rule {rule.id}: approvers[{n}].above: {problem}")])
    return limit


def band_limit(playbook: Playbook, rule: Rule, band: Band) -> tuple[Decimal | None, str | None]:
    """A band's limit, or what is wrong with it."""
    if band.above is None:
        return None, None
    if rule.approval_by is None:
        return None, "a band with 'above' needs the rule's approval_by expression"
    above = band.above
    if above.startswith("thresholds."):
        key = above[len("thresholds.") :]
        if key not in playbook.thresholds:
            return None, f"unknown threshold '{key}'"
        return playbook.thresholds[key], None
    try:
        return Decimal(above), None
    except ArithmeticError:
        return None, f"expected a number or thresholds.NAME, got '{above}'"


# ---------------------------------------------------------------------------------------------
# Loading


def default_path() -> Path:
    """The default playbook: inside the installed package, or `rules/` of a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "rules"
    if (packaged / "playbook.yaml").is_file():
        return packaged
    return here.parent.parent / "rules"


def playbook_files(path: Path) -> list[Path]:
    """The files of a playbook: `playbook.yaml` first, then the directory's other `*.yaml`."""
    if path.is_dir():
        main = path / "playbook.yaml"
        if not main.is_file():
            raise FatalError(f"{path}: a playbook directory needs a playbook.yaml")
        others = sorted(p for p in path.glob("*.yaml") if p.name != "playbook.yaml" and p.is_file())
        return [main, *others]
    if not path.exists():
        raise FatalError(f"{path}: no such playbook file or directory")
    return [path]


def _merge_standard(into: dict[str, Any], values: Mapping[str, Any]) -> None:
    for section, value in values.items():
        if isinstance(value, dict) and isinstance(into.get(section), dict):
            into[section] = {**into[section], **value}
        else:
            into[section] = value


@dataclass
class _Parsed:
    file: str
    document: Document
    content: PlaybookFile


class Loader:
    """Loads playbooks, following `extends:`; collects every problem instead of stopping at one."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        self._cache: dict[Path, Playbook] = {}

    def error(self, location: Location, message: str, code: str = "invalid") -> None:
        self.diagnostics.append(_at(location, message, code))

    def load(self, root: Path, chain: tuple[Path, ...] = ()) -> Playbook | None:
        resolved = root.resolve()
        if resolved in self._cache:
            return self._cache[resolved]
        try:
            files = playbook_files(root)
        except FatalError as exc:
            self.error((str(root), 0, 0), str(exc).removeprefix(f"{root}: "), "not-found")
            return None
        parsed = [p for p in (self._parse(f) for f in files) if p is not None]
        if len(parsed) != len(files):
            return None
        head = parsed[0]
        base: Playbook | None = None
        if head.content.extends is not None:
            base = self._extends(head, resolved, chain)
            if base is None:
                return None
        for other in parsed[1:]:
            if other.content.extends is not None:
                self.error(
                    (other.file, *other.document.key_mark(("extends",))),
                    "extends: only the playbook's head file (playbook.yaml) may extend another playbook",
                )
        playbook = self._build(root, parsed, base)
        if playbook is None:
            return None
        errors_before = len(self.diagnostics)
        self.diagnostics.extend(diagnose(playbook))
        if len(self.diagnostics) > errors_before:
            return None
        self._cache[resolved] = playbook
        return playbook

    def _parse(self, path: Path) -> _Parsed | None:
        shown = str(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            self.error((shown, 0, 0), f"cannot read the playbook: {exc.strerror or exc}", "not-found")
            return None
        try:
            document = load(decode(raw))
        except LoadError as exc:
            self.error((shown, exc.line, exc.column), exc.message, "yaml")
            return None
        try:
            return _Parsed(shown, document, PlaybookFile.model_validate(document.data))
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                shown_path, path_at, message, at_key = _message(error, PlaybookFile)
                mark = document.key_mark(path_at) if at_key else document.mark(path_at)
                where = format_path(shown_path)
                self.error((shown, *mark), f"{where}: {message}" if where else message, _code(error))
            return None

    def _extends(self, head: _Parsed, resolved: Path, chain: tuple[Path, ...]) -> Playbook | None:
        name = head.content.extends
        assert name is not None
        where = (head.file, *head.document.mark(("extends",)))
        try:
            target, ref = resolve_reference(name, Path(head.file).parent)
        except FatalError as exc:
            self.error(where, f"extends: {exc}", "extends")
            return None
        target_resolved = target.resolve()
        cycle = (*chain, resolved)
        if target_resolved in cycle:
            names = " -> ".join(str(p) for p in (*cycle[cycle.index(target_resolved) :], target_resolved))
            self.error(where, f"extends: cycle: {names}", "extends")
            return None
        base = self.load(target, cycle)
        if base is None:
            self.error(where, f"extends: the playbook '{name}' has errors (above)", "extends")
            return None
        if ref is not None and base.ref != ref:
            self.error(where, f"extends: {target} is {base.ref}, not {ref}", "extends")
            return None
        return base

    def _build(self, root: Path, parsed: list[_Parsed], base: Playbook | None) -> Playbook | None:
        head = parsed[0].content
        roles: dict[str, tuple[str, ...]] = dict(base.roles) if base else {}
        standard: dict[str, Any] = {
            k: (dict(v) if isinstance(v, dict) else v) for k, v in (base.standard if base else {}).items()
        }
        thresholds: dict[str, Decimal] = dict(base.thresholds) if base else {}
        rules: dict[str, Rule] = {r.id: r for r in base.rules} if base else {}
        origins: dict[str, tuple[Origin, ...]] = dict(base.origins) if base else {}
        threshold_origins = dict(base.threshold_origins) if base else {}
        standard_origins = dict(base.standard_origins) if base else {}
        terms: dict[str, TermSpec] = dict(base.terms) if base else {}
        own: dict[str, str] = {}
        ok = True
        for item in parsed:
            content, document = item.content, item.document
            for role, lower in content.roles.items():
                roles[role] = tuple(lower)
            _merge_standard(standard, content.standard)
            for section, value in content.standard.items():
                standard_origins[(section,)] = Origin(item.file, document, ("standard",))
                if isinstance(value, dict):
                    for key in value:
                        standard_origins[(section, key)] = Origin(item.file, document, ("standard",))
            ok = self._terms(item, terms) and ok
            for name, value in content.thresholds.items():
                thresholds[name] = value
                threshold_origins[name] = Origin(item.file, document, ("thresholds",))
            for n, raw in enumerate(content.rules):
                origin = Origin(item.file, document, ("rules", n))
                rule_id = raw.get("id")
                if isinstance(rule_id, str) and rule_id in own:
                    self.error(
                        origin.at(("id",)),
                        f"rule {rule_id}: id already used in {own[rule_id]}",
                        "duplicate-id",
                    )
                    ok = False
                    continue
                previous = rules.get(rule_id) if isinstance(rule_id, str) else None
                rule = self._rule(raw, origin, previous, origins.get(str(rule_id), ()))
                if rule is None:
                    ok = False
                    continue
                own[rule.id] = item.file
                rules[rule.id] = rule
                origins[rule.id] = (*(origins.get(rule.id, ()) if previous else ()), origin)
        for item in parsed:
            for rule_id, raw in item.content.overrides.items():
                origin = Origin(item.file, item.document, ("overrides", rule_id))
                if rule_id not in rules:
                    self.error(
                        origin.at(key=True),
                        f"overrides: unknown rule '{rule_id}'{_suggest(rule_id, rules)}",
                        "unknown-rule",
                    )
                    ok = False
                    continue
                if "id" in raw:
                    self.error(
                        origin.at(("id",), key=True), f"overrides: {rule_id}: the id is the key; remove 'id'"
                    )
                    ok = False
                    continue
                rule = self._rule(raw, origin, rules[rule_id], origins.get(rule_id, ()), rule_id)
                if rule is None:
                    ok = False
                    continue
                rules[rule_id] = rule
                origins[rule_id] = (*origins.get(rule_id, ()), origin)
            for n, rule_id in enumerate(item.content.disable):
                origin = Origin(item.file, item.document, ("disable", n))
                if rule_id not in rules:
                    self.error(
                        origin.at(),
                        f"disable: unknown rule '{rule_id}'{_suggest(rule_id, rules)}",
                        "unknown-rule",
                    )
                    ok = False
                    continue
                rules[rule_id] = rules[rule_id].model_copy(update={"enabled": False})
                origins[rule_id] = (*origins.get(rule_id, ()), origin)
        if not ok:
            return None
        return Playbook(
            name=head.playbook or root.stem,
            version=head.version or "0",
            description=head.description
            if head.description is not None
            else (base.description if base else ""),
            source=str(root),
            roles=roles,
            standard=standard,
            thresholds=thresholds,
            rules=list(rules.values()),
            path=root,
            base=base,
            origins=origins,
            threshold_origins=threshold_origins,
            standard_origins=standard_origins,
            files=tuple(p.file for p in parsed),
            terms=terms,
        )

    def _terms(self, item: _Parsed, terms: dict[str, TermSpec]) -> bool:
        from .catalog import TermSpec

        ok = True
        for path, raw in item.content.terms.items():
            try:
                terms[path] = TermSpec.model_validate(raw)
            except ValidationError as exc:
                for error in exc.errors(include_url=False):
                    shown, path_at, message, at_key = _message(error, TermSpec)
                    sub = ("terms", path, *path_at)
                    mark = item.document.key_mark(sub) if at_key else item.document.mark(sub)
                    where = format_path(("terms", path, *shown))
                    self.error((item.file, *mark), f"{where}: {message}", _code(error))
                ok = False
        return ok

    def _rule(
        self,
        raw: Mapping[str, Any],
        origin: Origin,
        previous: Rule | None,
        previous_origins: tuple[Origin, ...],
        rule_id: str | None = None,
    ) -> Rule | None:
        """A rule entry validated on its own, or merged field by field over the rule it overrides."""
        data: dict[str, Any] = {}
        if previous is not None:
            data = previous.model_dump()
            data["approvers"] = [band.model_dump() for band in previous.approvers]
        data.update(raw)
        try:
            return Rule.model_validate(data)
        except ValidationError as exc:
            name = rule_id or (raw.get("id") if isinstance(raw.get("id"), str) else None)
            prefix = f"rule {name}: " if name else ""
            errors = exc.errors(include_url=False)
            missing = [str(e["loc"][0]) for e in errors if e["type"] == "missing" and len(e["loc"]) == 1]
            if missing:
                keys = ", ".join(missing)
                self.error(
                    origin.at(), f"{prefix}required key{'s' if len(missing) > 1 else ''} missing: {keys}"
                )
            for error in errors:
                if error["type"] == "missing" and len(error["loc"]) == 1:
                    continue
                shown, path_at, message, at_key = _message(error, Rule)
                written_here = bool(path_at) and path_at[0] in raw
                source = origin
                if not written_here and previous_origins:
                    source = next(
                        (o for o in reversed(previous_origins) if o.written(path_at)), previous_origins[-1]
                    )
                if error["type"] == "missing":
                    source = origin
                where = format_path(shown)
                self.error(
                    source.at(path_at, key=at_key),
                    f"{prefix}{where}: {message}" if where else f"{prefix}{message}",
                    _code(error),
                )
            return None


def _code(error: Any) -> str:
    return "unknown-field" if error["type"] == "extra_forbidden" else "invalid"


def _suggest(name: str, known: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def resolve_reference(name: str, relative_to: Path) -> tuple[Path, str | None]:
    """Where `extends: NAME` points: the built-in playbook (`default`, `default@1`) or a path.

    Returns the path and, for `NAME@VERSION`, the ref the playbook found there must carry.
    """
    if name == BUILTIN:
        return default_path(), None
    pin = PIN.fullmatch(name)
    if pin is not None and pin.group(1) == BUILTIN:
        found = find_version(default_path(), name)
        if found is None:
            raise FatalError(f"no built-in playbook {name}")
        return found, name
    target = Path(os.path.normpath(relative_to / name))
    if not target.exists():
        raise FatalError(f"no such playbook file or directory '{name}' (relative to {relative_to})")
    return target, None


def find_version(root: Path, ref: str) -> Path | None:
    """A version of a playbook: `root` itself when it is that version, else `root/versions/REF`."""
    directory = root if root.is_dir() else root.parent
    if (directory / "playbook.yaml").is_file() or root.is_file():
        head = playbook_files(root)[0]
        if _declared_ref(head, root) == ref:
            return root
    for candidate in (directory / VERSIONS_DIR / ref, directory / VERSIONS_DIR / f"{ref}.yaml"):
        if candidate.exists():
            return candidate
    return None


def _declared_ref(head: Path, root: Path) -> str | None:
    """The `NAME@VERSION` a playbook's head file declares, read without loading the playbook."""
    try:
        data = load(decode(head.read_bytes())).data
    except (OSError, LoadError, UnicodeError):
        return None
    name, version = data.get("playbook"), data.get("version")
    return f"{name if isinstance(name, str) else root.stem}@{version if isinstance(version, str) else '0'}"


def load_playbook(path: Path | None = None) -> Playbook:
    """Load and check a playbook; every problem is a `PlaybookError` naming file, rule and field."""
    loader = Loader()
    playbook = loader.load(path if path is not None else default_path())
    if playbook is None or loader.diagnostics:
        raise PlaybookError(loader.diagnostics)
    return playbook


# ---------------------------------------------------------------------------------------------
# Checks across the whole playbook


def diagnose(playbook: Playbook) -> list[Diagnostic]:
    """What the models cannot see: the standard is a valid deal, references resolve, expressions parse."""
    from .fastvalidate import read as read_fast
    from .validate import merge_standard

    found: list[Diagnostic] = []
    sample: dict[str, Any] = {"winwin": "1", "deal": {"id": "STANDARD", "counterparty": "standard"}}
    # The common case without pydantic's validator, whose schema a run then never builds.
    fast = read_fast(sample, playbook.standard)
    try:
        playbook.standard_deal = (
            fast[0] if fast is not None else Deal.model_validate(merge_standard(sample, playbook.standard))
        )
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            shown, path_at, message, _ = _message(error, Deal)
            found.append(
                _at(playbook.locate_standard(path_at), f"standard.{format_path(shown or loc)}: {message}")
            )
        return found
    ids = {rule.id for rule in playbook.rules}

    def problem(rule: Rule, sub: PathT, message: str, code: str = "invalid") -> None:
        where = format_path(sub)
        found.append(
            _at(
                playbook.locate(rule.id, sub),
                f"rule {rule.id}: {where + ': ' if where else ''}{message}",
                code,
            )
        )

    for rule in playbook.rules:
        if rule.when is None and not rule.after:
            problem(rule, (), "needs a 'when' condition or 'after' rules")
        if rule.gives == "either" and rule.vendor_gives is None:
            problem(rule, ("gives",), "gives 'either' needs a vendor_gives expression")
        if rule.gives != "either" and rule.vendor_gives is not None:
            problem(rule, ("vendor_gives",), "vendor_gives is only for gives 'either'")
        if rule.gives == "declared" and rule.each is None:
            problem(rule, ("gives",), "gives 'declared' needs each: concessions")
        for n, other in enumerate(rule.after):
            target = playbook.rule(other)
            if target is None:
                problem(rule, ("after", n), f"unknown rule {other}{_suggest(other, ids)}", "unknown-rule")
            elif target.after or target.each:
                problem(rule, ("after", n), f"{other} must be a plain rule (no after, no each)")
            elif target.id == rule.id:
                problem(rule, ("after", n), "a rule cannot come after itself")
        for n, band in enumerate(rule.approvers):
            if band.role not in playbook.roles and not any(band.role in v for v in playbook.roles.values()):
                problem(
                    rule, ("approvers", n), f"unknown role '{band.role}' (add it to roles:)", "unknown-role"
                )
            _, trouble = band_limit(playbook, rule, band)
            if trouble is not None:
                problem(rule, ("approvers", n, "above"), trouble)
        if not rule.enabled:
            continue
        for sub, source in rule.expressions():
            try:
                compile_expression(playbook, rule, source)
            except expr.ExpressionError as exc:
                problem(rule, sub, str(exc), "expression")
    if not found and playbook.terms:
        from .catalog import compile_catalog

        try:
            compile_catalog(playbook)
        except FatalError as exc:
            found.append(Diagnostic(playbook.source, 0, 0, str(exc).removeprefix(f"{playbook.source}: ")))
    if not found:
        try:
            _ = playbook.program  # compile now, so that engine errors surface on load
        except FatalError as exc:
            found.extend(
                exc.diagnostics
                if isinstance(exc, PlaybookError)
                else [Diagnostic(playbook.source, 0, 0, str(exc))]
            )
    return found


def check_playbook(playbook: Playbook) -> None:
    """Raise `PlaybookError` when the playbook (as built or changed) cannot be used."""
    problems = diagnose(playbook)
    if problems:
        raise PlaybookError(problems)


def with_overrides(
    playbook: Playbook,
    *,
    thresholds: Mapping[str, Decimal] | None = None,
    disable: Iterable[str] = (),
    severity: Mapping[str, Severity] | None = None,
) -> Playbook:
    """A copy of the playbook with thresholds changed, rules disabled or severities changed.

    Rule ids in `disable` may be prefixes (`WW4` disables WW401–WW405). Unknown threshold
    names and rule ids are errors, so that a typo in a config never silently does nothing.
    """
    new_thresholds = dict(playbook.thresholds)
    for name, value in (thresholds or {}).items():
        if name not in new_thresholds:
            known = ", ".join(sorted(new_thresholds))
            raise FatalError(f"unknown threshold '{name}' (the playbook has: {known})")
        new_thresholds[name] = value
    prefixes = tuple(disable)
    for prefix in prefixes:
        if not any(rule.id.startswith(prefix) for rule in playbook.rules):
            raise FatalError(f"no rule id starts with '{prefix}'")
    for rule_id in severity or {}:
        if playbook.rule(rule_id) is None:
            raise FatalError(f"unknown rule '{rule_id}'")
    rules = []
    for rule in playbook.rules:
        update: dict[str, Any] = {}
        if prefixes and rule.id.startswith(prefixes):
            update["enabled"] = False
        if severity and rule.id in severity:
            update["severity"] = severity[rule.id]
        rules.append(rule.model_copy(update=update) if update else rule)
    copy = replace(playbook, thresholds=new_thresholds, rules=rules)
    copy.__dict__.pop("program", None)  # compiled for the old values
    check_playbook(copy)
    return copy


# ---------------------------------------------------------------------------------------------
# Versions: the playbook a deal pins


class PinResolver:
    """Finds the playbook a deal pins (`playbook: NAME@VERSION`); loaded playbooks are cached.

    It looks at the run's playbook and the playbooks it extends, at the `versions/` directory
    of each (`versions/NAME@VERSION/` or `versions/NAME@VERSION.yaml`), at the built-in default
    playbook and its versions, and at any further playbooks given (each with its versions).
    """

    def __init__(self, playbook: Playbook, extra: Iterable[Path] = ()) -> None:
        self._cache: dict[str, Playbook] = {}
        roots: list[Path] = []
        for known in playbook.lineage():
            self._cache.setdefault(known.ref, known)
            if known.path is not None:
                roots.append(known.path)
        roots.append(default_path())
        roots.extend(extra)
        self._roots: list[Path] = []
        for root in roots:
            if root.resolve() not in (r.resolve() for r in self._roots):
                self._roots.append(root)

    def __call__(self, pin: str) -> Playbook | None:
        found = self._cache.get(pin)
        if found is not None:
            return found
        for root in self._roots:
            path = find_version(root, pin)
            if path is None:
                continue
            loaded = load_playbook(path)
            if loaded.ref != pin:
                raise FatalError(f"{path}: declares playbook {loaded.ref}, but its place says {pin}")
            for known in loaded.lineage():
                self._cache.setdefault(known.ref, known)
            return loaded
        return None

    def known(self) -> list[str]:
        """The refs available without loading anything new: for messages."""
        return sorted(self._cache)
