"""Rule conditions: ZEN expressions (the GoRules engine, evaluated in Rust, no Python `eval`).

A playbook's conditions are written against the deal's fields (`pricing.discount_pct > 10`).
Before compiling, `thresholds.NAME` and `standard.PATH` are replaced by their literal values, and
`item.` (in rules that run once per entry of a list) by the engine's closure variable `#.`, so the
deal is converted into the engine's values once and every condition of the playbook runs in a
single call per deal.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

# Bounds on what a (possibly hostile) rule pack's expression may cost. The engine's own parser
# recurses, so nesting is bounded well below its stack; a closure (map, filter...) inside another
# one costs the product of the lists' lengths, so closures nest at most twice (a per-item rule
# counts as one); and ranges such as [1..1000000000] are refused, since their size is unbounded.
MAX_EXPRESSION = 2_000
MAX_NESTING = 32
MAX_CLOSURE_NESTING = 2
CLOSURES = frozenset({"filter", "map", "some", "all", "none", "one", "count", "flatMap"})
_OPEN, _CLOSE = "([{", ")]}"

_TOKEN = re.compile(
    r"""(?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
      |(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
      |(?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)

KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "null"})
# Functions of the ZEN language that a playbook may call.
FUNCTIONS = frozenset(
    {
        "len",
        "sum",
        "avg",
        "min",
        "max",
        "abs",
        "round",
        "floor",
        "ceil",
        "contains",
        "filter",
        "map",
        "some",
        "all",
        "none",
        "one",
        "count",
        "flatMap",
        "keys",
        "values",
        "upper",
        "lower",
        "startsWith",
        "endsWith",
        "matches",
        "string",
        "number",
        "bool",
        "isNumeric",
        "type",
    }
)


class ExpressionError(ValueError):
    pass


def names(source: str) -> Iterator[str]:
    """The dotted names an expression reads (keywords, functions and string contents left out)."""
    for match in _TOKEN.finditer(source):
        name = match.group("name")
        if name is None or name in KEYWORDS:
            continue
        end = match.end()
        following = source[end : end + 1]
        if following == "(" and name in FUNCTIONS:
            continue
        yield name


def literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    raise ExpressionError(f"cannot use {type(value).__name__} as a literal")


def rewrite(
    source: str,
    thresholds: Mapping[str, Decimal],
    standard: Callable[[str], Any],
    item: bool = False,
) -> str:
    """The expression with thresholds and standard positions inlined and `item.` bound."""
    if len(source) > MAX_EXPRESSION:
        raise ExpressionError(f"expression longer than {MAX_EXPRESSION} characters")
    out: list[str] = []
    # One entry per open bracket: whether it opened a closure function's arguments.
    open_brackets: list[bool] = []
    closures = 1 if item else 0
    previous = ""
    for match in _TOKEN.finditer(source):
        name = match.group("name")
        token = match.group()
        if name is None:
            if token in _OPEN:
                opens_closure = token == "(" and previous in CLOSURES
                open_brackets.append(opens_closure)
                closures += opens_closure
                if len(open_brackets) > MAX_NESTING:
                    raise ExpressionError(f"brackets nested deeper than {MAX_NESTING} levels")
                if closures > MAX_CLOSURE_NESTING:
                    raise ExpressionError(
                        f"closures (map, filter, some...) nested more than {MAX_CLOSURE_NESTING} deep"
                        + (" (a rule with `each:` is one)" if item else "")
                    )
            elif token in _CLOSE and open_brackets:
                closures -= open_brackets.pop()
            elif token == "." and previous == ".":
                raise ExpressionError("ranges such as [1..10] are not allowed")
            if not token.isspace():
                previous = token
            if token == "#" and item:
                raise ExpressionError("'#' cannot be used in per-item rules; use item.FIELD")
            out.append(token)
        elif name.startswith("thresholds."):
            key = name[len("thresholds.") :]
            if key not in thresholds:
                known = ", ".join(sorted(thresholds))
                raise ExpressionError(f"unknown threshold '{key}' (known: {known})")
            out.append(literal(thresholds[key]))
        elif name.startswith("standard."):
            out.append(literal(standard(name[len("standard.") :])))
        elif name == "item" or name.startswith("item."):
            if not item:
                raise ExpressionError("'item' is only defined in rules with `each:`")
            out.append("#" + name[len("item") :])
        else:
            out.append(token)
        if name is not None:
            previous = name
    return "".join(out)


def _zen() -> Any:
    import zen

    return zen


def check(source: str) -> None:
    """Raise `ExpressionError` when the (rewritten) expression does not parse."""
    try:
        _zen().compile_expression(source)
    except RuntimeError as exc:
        raise ExpressionError(_engine_message(exc)) from None


def _engine_message(exc: BaseException) -> str:
    text = str(exc).split("\n", 1)[0]
    try:
        payload = json.loads(text)
    except ValueError:
        return text
    if isinstance(payload, dict):
        return str(payload.get("source") or payload.get("message") or text)
    return text


class Program:
    """Many expressions compiled into one engine program that returns their values as a list."""

    def __init__(self, sources: Sequence[str]) -> None:
        self.sources = list(sources)
        self._compiled = _zen().compile_expression("[" + ", ".join(self.sources) + "]") if sources else None

    def run(self, context: Mapping[str, Any]) -> list[Any]:
        if self._compiled is None:
            return []
        try:
            result = self._compiled.evaluate(context)
        except RuntimeError:
            # Find the expression that failed, to name it.
            for source in self.sources:
                try:
                    _zen().evaluate_expression(source, context)
                except RuntimeError as exc:
                    raise ExpressionError(f"{source}: {_engine_message(exc)}") from None
            raise  # pragma: no cover - the batch failed but no part did
        if not isinstance(result, list) or len(result) != len(self.sources):  # pragma: no cover
            raise ExpressionError("the engine returned an unexpected value")
        return result
