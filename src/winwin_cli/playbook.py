"""The playbook: standard positions, thresholds, roles and rules, loaded from YAML and compiled.

A playbook is a YAML file, or a directory holding `playbook.yaml` and further `*.yaml` rule
files. Everything in it is validated on load; errors name the file, the rule and the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from . import expr
from .errors import FatalError, LoadError
from .load import Document, Node, decode, load
from .models import Deal
from .scalars import Ident, Number, Text, _not_null, identifier
from .validate import format_path, problems_from


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
    enabled: Annotated[bool, BeforeValidator(lambda v: v if isinstance(v, bool) else v == "true")] = True

    @property
    def unreciprocated(self) -> str:
        """The class of a finding that no get reciprocates."""
        return {
            "vendor": "win-lose",
            "counterparty": "lose-win",
            "either": "by side",
            "declared": "by giver",
        }[self.gives]


class PlaybookFile(_Strict):
    playbook: Ident | None = None
    version: Ident | None = None
    description: Text | None = None
    roles: dict[str, list[Ident]] = {}
    standard: dict[str, Any] = {}
    thresholds: dict[str, Number] = {}
    rules: list[Rule] = []


@dataclass(frozen=True)
class Slot:
    """Where one rule's values sit in its entry of the program's result.

    Each rule compiles to `when ? [values...] : null`, so that a rule's gets, escalations and
    values are evaluated only on deals where its condition holds (they may assume it).
    """

    rule: Rule
    index: int  # the rule's entry in the program's result (or in each item's result list)
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

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"

    def rule(self, rule_id: str) -> Rule | None:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        return None

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

    @cached_property
    def program(self) -> Program:
        return Program.compile(self)


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
                source: str | None, field: str, rule: Rule = rule, parts: list[str] = parts
            ) -> int | None:
                if source is None:
                    return None
                try:
                    rewritten = expr.rewrite(
                        source, playbook.thresholds, playbook.standard_value, item=bool(rule.each)
                    )
                    expr.check(rewritten)
                except expr.ExpressionError as exc:
                    raise FatalError(f"{playbook.source}: rule {rule.id}: {field}: {exc}") from None
                parts.append(f"({rewritten})")
                return len(parts) - 1

            when = add(rule.when, "when") if rule.when is not None else None
            condition = parts.pop() if when is not None else "true"
            gets = tuple(add(g.when, f"gets[{n}].when") for n, g in enumerate(rule.gets))
            escalate = tuple(add(e.when, f"escalate[{n}].when") for n, e in enumerate(rule.escalate))
            target, target_slots = (each_sources, each_slots) if rule.each else (sources, slots)
            slot = Slot(
                rule=rule,
                index=len(target),
                gets=tuple(i for i in gets if i is not None),
                escalate=tuple(i for i in escalate if i is not None),
                vendor_gives=add(rule.vendor_gives, "vendor_gives"),
                approval_by=add(rule.approval_by, "approval_by"),
                value=add(rule.value, "value"),
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


def _band_limit(playbook: Playbook, rule: Rule, n: int, band: Band) -> Decimal | None:
    where = f"{playbook.source}: rule {rule.id}: approvers[{n}].above"
    if band.above is None:
        return None
    if rule.approval_by is None:
        raise FatalError(f"{where}: a band with 'above' needs the rule's approval_by expression")
    above = band.above
    if above.startswith("thresholds."):
        key = above[len("thresholds.") :]
        if key not in playbook.thresholds:
            raise FatalError(f"{where}: unknown threshold '{key}'")
        return playbook.thresholds[key]
    try:
        return Decimal(above)
    except ArithmeticError:
        raise FatalError(f"{where}: expected a number or thresholds.NAME, got '{above}'") from None


# ---------------------------------------------------------------------------------------------
# Loading


def default_path() -> Path:
    """The default playbook: inside the installed package, or `rules/` of a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "rules"
    if (packaged / "playbook.yaml").is_file():
        return packaged
    return here.parent.parent / "rules"


def _read(path: Path) -> Document:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FatalError(f"{path}: cannot read the playbook: {exc.strerror or exc}") from None
    try:
        return load(decode(raw))
    except LoadError as exc:
        raise FatalError(f"{path}:{exc.line}:{exc.column}: {exc.message}") from None


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        main = path / "playbook.yaml"
        if not main.is_file():
            raise FatalError(f"{path}: a playbook directory needs a playbook.yaml")
        others = sorted(p for p in path.glob("*.yaml") if p.name != "playbook.yaml" and p.is_file())
        return [main, *others]
    if not path.exists():
        raise FatalError(f"{path}: no such playbook file or directory")
    return [path]


def _parse(path: Path) -> tuple[PlaybookFile, Document]:
    document = _read(path)
    try:
        return PlaybookFile.model_validate(document.data), document
    except ValidationError as exc:
        problems = problems_from(exc, document, PlaybookFile)
        lines = []
        for p in problems:
            rule = _rule_of(document, p.path)
            lines.append(f"{path}:{p.line}:{p.column}: {rule}{p.render()}")
        raise FatalError("invalid playbook:\n" + "\n".join(lines)) from None


def _rule_of(document: Document, dotted: str) -> str:
    if not dotted.startswith("rules["):
        return ""
    index = int(dotted[len("rules[") : dotted.index("]")])
    rules = document.data.get("rules")
    entry = rules[index] if isinstance(rules, list) and index < len(rules) else None
    if isinstance(entry, dict):
        rule_id = entry.get("id")
        if isinstance(rule_id, str):
            return f"rule {rule_id}: "
    return ""


def load_playbook(path: Path | None = None) -> Playbook:
    """Load and check a playbook; every problem is a `FatalError` naming file, rule and field."""
    root = path if path is not None else default_path()
    files = _files(root)
    parsed = [_parse(p) for p in files]
    head = parsed[0][0]
    name = head.playbook or root.stem
    version = head.version or "0"
    roles: dict[str, tuple[str, ...]] = {}
    standard: dict[str, Any] = {}
    thresholds: dict[str, Decimal] = {}
    rules: list[Rule] = []
    seen: dict[str, Path] = {}
    for file_path, (content, _) in zip(files, parsed, strict=True):
        for role, lower in content.roles.items():
            roles[role] = tuple(lower)
        for section, values in content.standard.items():
            if isinstance(values, dict) and isinstance(standard.get(section), dict):
                standard[section] = {**standard[section], **values}
            else:
                standard[section] = values
        thresholds.update(content.thresholds)
        for rule in content.rules:
            if rule.id in seen:
                raise FatalError(f"{file_path}: rule {rule.id}: id already used in {seen[rule.id]}")
            seen[rule.id] = file_path
            rules.append(rule)
    playbook = Playbook(
        name=name,
        version=version,
        description=head.description or "",
        source=str(root),
        roles=roles,
        standard=standard,
        thresholds=thresholds,
        rules=rules,
    )
    check_playbook(playbook)
    return playbook


def check_playbook(playbook: Playbook) -> None:
    """What the models cannot see: the standard is a valid deal, rule references resolve."""
    from .validate import merge_standard

    sample: dict[str, Node] = {"winwin": "1", "deal": {"id": "STANDARD", "counterparty": "standard"}}
    try:
        playbook.standard_deal = Deal.model_validate(merge_standard(sample, playbook.standard))
    except ValidationError as exc:
        lines = []
        for error in exc.errors(include_url=False):
            loc = format_path(tuple(error["loc"]))
            lines.append(f"{playbook.source}: standard.{loc}: {error['msg']}")
        raise FatalError("invalid playbook standard positions:\n" + "\n".join(lines)) from None
    ids = {rule.id for rule in playbook.rules}
    for rule in playbook.rules:
        where = f"{playbook.source}: rule {rule.id}"
        if rule.when is None and not rule.after:
            raise FatalError(f"{where}: needs a 'when' condition or 'after' rules")
        if rule.gives == "either" and rule.vendor_gives is None:
            raise FatalError(f"{where}: gives 'either' needs a vendor_gives expression")
        if rule.gives != "either" and rule.vendor_gives is not None:
            raise FatalError(f"{where}: vendor_gives is only for gives 'either'")
        if rule.gives == "declared" and rule.each is None:
            raise FatalError(f"{where}: gives 'declared' needs each: concessions")
        for other in rule.after:
            if other not in ids:
                raise FatalError(f"{where}: after: unknown rule {other}")
            target = playbook.rule(other)
            if target is not None and (target.after or target.each):
                raise FatalError(f"{where}: after: {other} must be a plain rule (no after, no each)")
        for band in rule.approvers:
            if band.role not in playbook.roles and not any(band.role in v for v in playbook.roles.values()):
                raise FatalError(f"{where}: approvers: unknown role '{band.role}' (add it to roles:)")
    _ = playbook.program  # compile now, so that expression errors surface on load


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
