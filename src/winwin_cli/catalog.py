"""The playbook's term catalog: which side each term favours and how a change in it is valued.

`winwin diff` reads it to judge a renegotiation (SPEC §5). It is data in the playbook (a
`terms:` mapping, rules/terms-catalog.yaml by default), checked when the playbook loads: every
term names a field of the deal format, every enumeration ranks all its values, every
expression parses and reads only `old`, `new`, `before` and `after`.
"""

from __future__ import annotations

import types
import typing
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from . import expr
from .errors import FatalError
from .models import Deal
from .scalars import Number, Text, _not_null, identifier

if TYPE_CHECKING:
    from .playbook import Playbook

SIDES = ("vendor", "counterparty")
NAMES = frozenset({"old", "new", "before", "after"})
# Sections that are not negotiated terms: the deal's identity and the record of sign-off.
NOT_TERMS = frozenset({"deal", "concessions", "approvals", "waivers"})


def _text(value: object) -> str:
    if isinstance(value, str):
        return str(value)
    raise ValueError("expected text")


def _scale(value: object) -> object:
    # YAML keys such as `none` or `true` arrive as text already; only numbers need typing.
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items()}
    return value


class TermSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    title: Text
    up: Annotated[str, BeforeValidator(_not_null(_text)), Field(max_length=expr.MAX_EXPRESSION)]
    scale: Annotated[dict[str, Number] | None, BeforeValidator(_scale)] = None
    null_rank: Annotated[Literal["highest", "lowest", "unknown"], BeforeValidator(_not_null(identifier))] = (
        "unknown"
    )
    absent: Annotated[str | None, BeforeValidator(lambda v: None if v is None else _text(v))] = None
    value: Annotated[str | None, BeforeValidator(lambda v: None if v is None else _text(v))] = None
    pays_for: list[Annotated[str, BeforeValidator(_not_null(identifier))]] = []
    follows: Annotated[str | None, BeforeValidator(lambda v: None if v is None else identifier(v))] = None

    @property
    def side(self) -> str | None:
        """The side an increase favours, when it is written as a side rather than an expression."""
        return self.up if self.up in SIDES else None


class Compiled(NamedTuple):
    """A catalog term with its expressions compiled for the engine."""

    path: str
    spec: TermSpec
    kind: str  # number | bool | enum | list
    nullable: bool
    up: Any | None  # compiled expression; None when `up` is a side
    value: Any | None
    absent: Any

    def evaluate(self, compiled: Any, context: dict[str, Any]) -> Any:
        try:
            return compiled.evaluate(context)
        except RuntimeError as exc:
            raise expr.ExpressionError(f"terms: {self.path}: {exc}") from None


def leaf(path: str) -> Any:
    """The type annotation of a deal field named by a dotted path; KeyError when there is none."""
    model: Any = Deal
    annotation: Any = None
    for part in path.split("."):
        model = _model_of(annotation) if annotation is not None else model
        if model is None or part not in model.model_fields:
            raise KeyError(path)
        annotation = model.model_fields[part].annotation
    return annotation


def _model_of(annotation: Any) -> type[BaseModel] | None:
    for candidate in _members(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _members(annotation: Any) -> tuple[Any, ...]:
    if typing.get_origin(annotation) in (Union, types.UnionType):
        return typing.get_args(annotation)
    return (annotation,)


def leaves(model: type[BaseModel] = Deal, prefix: str = "") -> list[str]:
    """Every term path of the deal format (the sections that are negotiated)."""
    out: list[str] = []
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        if not prefix and (name in NOT_TERMS or name not in _sections()):
            continue
        sub = _model_of(info.annotation)
        if sub is not None:
            out.extend(leaves(sub, path + "."))
        else:
            out.append(path)
    return out


def _sections() -> tuple[str, ...]:
    from .models import SECTIONS

    return SECTIONS


def _kind(annotation: Any) -> tuple[str, bool, tuple[str, ...]]:
    members = _members(annotation)
    nullable = type(None) in members
    base = next(m for m in members if m is not type(None))
    if base is bool:
        return "bool", nullable, ()
    if typing.get_origin(base) is Literal:
        return "enum", nullable, tuple(str(v) for v in typing.get_args(base))
    if typing.get_origin(base) is list:
        return "list", nullable, ()
    return "number", nullable, ()


def compile_catalog(playbook: Playbook) -> dict[str, Compiled]:
    """Check the playbook's term catalog and compile its expressions; `FatalError` names the term."""
    import zen

    out: dict[str, Compiled] = {}
    rule_ids = {rule.id for rule in playbook.rules}
    for path, spec in playbook.terms.items():
        where = f"{playbook.source}: terms: {path}"
        try:
            annotation = leaf(path)
        except KeyError:
            raise FatalError(f"{where}: not a term of the deal format") from None
        kind, nullable, values = _kind(annotation)
        if kind == "enum":
            missing = [v for v in values if v not in (spec.scale or {})]
            if missing:
                raise FatalError(f"{where}: scale: no rank for {', '.join(missing)}")
        elif spec.scale is not None:
            raise FatalError(f"{where}: scale is only for terms that take one of a list of values")
        for rule in spec.pays_for:
            if rule not in rule_ids:
                raise FatalError(f"{where}: pays_for: unknown rule {rule}")
        if spec.follows is not None and spec.follows not in playbook.terms:
            raise FatalError(f"{where}: follows: {spec.follows} is not in the catalog")
        absent: Any = None
        if spec.absent is not None:
            if kind != "number":
                raise FatalError(f"{where}: absent: only for numeric terms")
            try:
                absent = Decimal(spec.absent)
            except ArithmeticError:
                raise FatalError(f"{where}: absent: expected a number, got '{spec.absent}'") from None

        def build(source: str | None, field: str, where: str = where) -> Any:
            if source is None:
                return None
            try:
                rewritten = expr.rewrite(source, playbook.thresholds, playbook.standard_value)
                for name in expr.names(rewritten):
                    if name.split(".", 1)[0] not in NAMES:
                        raise expr.ExpressionError(
                            f"unknown name '{name}' (an expression here reads old, new, before.* and after.*)"
                        )
                return zen.compile_expression(rewritten)
            except RuntimeError as exc:
                raise FatalError(f"{where}: {field}: {expr._engine_message(exc)}") from None
            except expr.ExpressionError as exc:
                raise FatalError(f"{where}: {field}: {exc}") from None

        out[path] = Compiled(
            path=path,
            spec=spec,
            kind=kind,
            nullable=nullable,
            up=None if spec.side is not None else build(spec.up, "up"),
            value=build(spec.value, "value"),
            absent=absent,
        )
    return out
