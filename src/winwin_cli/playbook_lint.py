"""`winwin playbook check`: lint a playbook beyond what loading it requires.

Loading already refuses unknown fields, duplicate ids, expressions that do not parse, unknown
`after:` rules, roles and thresholds. The lint adds what loading lets through but is almost
surely a mistake: names in conditions and messages that are not fields of the deal (the engine
would read them as null, silently), thresholds out of range or never used, duplicate slugs,
conditions that are constant, rules that fire on the standard deal, and rules that no variation
of the standard deal makes fire.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from . import expr
from .models import Concession, Deal
from .playbook import Diagnostic, Loader, Location, Playbook, Rule, compile_expression, default_path

DERIVED = frozenset({"net_annual", "tcv", "approved"})
ITEM_DERIVED = frozenset({"traded_count", "traded_value"})
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)\}")
_SECTIONS_SKIPPED = ("deal", "approvals", "waivers", "concessions")  # not varied: identity and records


def _diag(
    location: Location, message: str, code: str, severity: Literal["error", "warning"] = "error"
) -> Diagnostic:
    return Diagnostic(location[0], location[1], location[2], message, severity, code)


def lint(path: Path | None) -> list[Diagnostic]:
    """Every problem found in the playbook at `path` (the built-in one when None)."""
    loader = Loader()
    playbook = loader.load(path if path is not None else default_path())
    found = list(loader.diagnostics)
    if playbook is None:
        return found
    found += check_names(playbook)
    found += check_thresholds(playbook)
    found += check_slugs(playbook)
    found += check_constants(playbook)
    found += check_standard_deal(playbook)
    found += check_never_fires(playbook)
    return found


# ---------------------------------------------------------------------------------------------
# Names


def _model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model(arg)
        if found is not None:
            return found
    return None


def _field_known(model: type[BaseModel], parts: list[str]) -> bool:
    current: type[BaseModel] | None = model
    for n, part in enumerate(parts):
        if current is None or part not in current.model_fields:
            return False
        annotation = current.model_fields[part].annotation
        if get_origin(annotation) is list:
            return n == len(parts) - 1
        current = _model(annotation)
        if current is None:
            return n == len(parts) - 1  # a scalar has no fields under it
    return True


def unknown_name(playbook: Playbook, name: str, item: bool) -> str | None:
    """Why `name` names nothing a condition can read, or None when it is known."""
    head, _, rest = name.partition(".")
    if head == "thresholds":
        return None if rest in playbook.thresholds else f"unknown threshold '{rest}'"
    if head == "standard":
        try:
            playbook.standard_value(rest)
        except expr.ExpressionError as exc:
            return str(exc)
        return None
    if head == "item":
        if not item:
            return "'item' is only defined in rules with each:"
        if not rest or "." in rest:
            return f"'{name}' is not a field of a declared concession"
        if rest in Concession.model_fields or rest in ITEM_DERIVED:
            return None
        return f"'{name}' is not a field of a declared concession"
    if name in DERIVED:
        return None
    if _field_known(Deal, name.split(".")):
        return None
    return f"'{name}' is not a field of the deal"


def _names(source: str) -> Iterator[str]:
    """Dotted names an expression reads, leaving out closure members (`#.x`, `(...).x`)."""
    for name in expr.names(source):
        if re.search(r"(?<![.#\w])" + re.escape(name) + r"(?![\w(])", _strip_strings(source)):
            yield name


def _strip_strings(source: str) -> str:
    return re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", "''", source)


def check_names(playbook: Playbook) -> list[Diagnostic]:
    found = []
    for rule in playbook.rules:
        for sub, source in rule.expressions():
            for name in dict.fromkeys(_names(source)):
                why = unknown_name(playbook, name, bool(rule.each))
                if why is not None:
                    found.append(
                        _diag(
                            playbook.locate(rule.id, sub),
                            f"rule {rule.id}: {_path(sub)}: {why}",
                            "unknown-name",
                        )
                    )
        for field in ("message", "advice"):
            for name in dict.fromkeys(_PLACEHOLDER.findall(getattr(rule, field))):
                why = unknown_name(playbook, name, bool(rule.each))
                if why is not None:
                    found.append(
                        _diag(
                            playbook.locate(rule.id, (field,)),
                            f"rule {rule.id}: {field}: {{{name}}}: {why}",
                            "unknown-name",
                        )
                    )
    return found


def _path(sub: tuple[str | int, ...]) -> str:
    from .validate import format_path

    return format_path(sub)


# ---------------------------------------------------------------------------------------------
# Thresholds and slugs


def _threshold_uses(playbook: Playbook) -> set[str]:
    used: set[str] = set()
    for rule in playbook.rules:
        texts = [source for _, source in rule.expressions()]
        texts += [rule.message, rule.advice, rule.description]
        texts += [band.above for band in rule.approvers if band.above is not None]
        for text in texts:
            used.update(re.findall(r"thresholds\.([A-Za-z_][A-Za-z0-9_]*)", text))
    for spec in playbook.terms.values():  # the term catalog of `winwin diff`
        for text in (spec.up, spec.value or "", spec.absent or ""):
            used.update(re.findall(r"thresholds\.([A-Za-z_][A-Za-z0-9_]*)", text))
    return used


# Thresholds winwin itself reads (diff.TOLERANCE), not only the playbook's expressions.
READ_BY_WINWIN = frozenset({"renegotiation_balance_pct"})


def check_thresholds(playbook: Playbook) -> list[Diagnostic]:
    found = []
    used = _threshold_uses(playbook) | READ_BY_WINWIN
    for name, value in playbook.thresholds.items():
        where = playbook.locate_threshold(name)
        if value < 0:
            found.append(_diag(where, f"thresholds.{name}: {value} is negative", "threshold-range"))
        elif name.endswith("_pct") and value > 100:
            found.append(
                _diag(where, f"thresholds.{name}: {value} is not a percentage (0-100)", "threshold-range")
            )
        elif name.endswith(("_days", "_months")) and value != value.to_integral_value():
            found.append(_diag(where, f"thresholds.{name}: {value} is not a whole number", "threshold-range"))
        if name not in used:
            found.append(
                _diag(where, f"thresholds.{name}: defined but no rule uses it", "unused-threshold", "warning")
            )
    return found


def check_slugs(playbook: Playbook) -> list[Diagnostic]:
    found = []
    seen: dict[str, str] = {}
    for rule in playbook.rules:
        if rule.slug in seen:
            found.append(
                _diag(
                    playbook.locate(rule.id, ("slug",)),
                    f"rule {rule.id}: slug '{rule.slug}' is also the slug of {seen[rule.slug]}",
                    "duplicate-slug",
                )
            )
        seen.setdefault(rule.slug, rule.id)
    return found


# ---------------------------------------------------------------------------------------------
# Rules that cannot tell deals apart


def check_constants(playbook: Playbook) -> list[Diagnostic]:
    """Conditions that read nothing of the deal: the same answer for every deal."""
    import zen

    found = []
    for rule in playbook.rules:
        if not rule.enabled:
            continue
        for sub, source in rule.expressions():
            if sub[-1] not in ("when",) or (sub == ("when",) and rule.each):
                continue  # a per-item rule's `when: true` fires for each entry: that is its design
            try:
                rewritten = compile_expression(playbook, rule, source)
            except expr.ExpressionError:
                continue  # reported by loading
            if list(_names(rewritten)) or "#" in rewritten:
                continue
            try:
                value = zen.evaluate_expression(rewritten, {})
            except RuntimeError:
                continue
            if value is True or value is False:
                what = "condition" if sub == ("when",) else "get"
                effect = {
                    ("condition", True): "the rule fires on every deal",
                    ("condition", False): "the rule can never fire",
                    ("get", True): "the get reciprocates every finding",
                    ("get", False): "the get can never reciprocate",
                }[(what, value)]
                found.append(
                    _diag(
                        playbook.locate(rule.id, sub),
                        f"rule {rule.id}: {_path(sub)}: always {str(value).lower()}: {effect}",
                        "constant-condition",
                    )
                )
    return found


def _fired(playbook: Playbook, data: dict[str, Any]) -> set[str] | None:
    from pydantic import ValidationError

    from .evaluate import evaluate
    from .validate import merge_standard

    try:
        deal = Deal.model_validate(merge_standard(data, playbook.standard))
    except ValidationError:
        return None
    return {hit.rule.id for hit in evaluate(deal, playbook).hits}


_SAMPLE: dict[str, Any] = {"winwin": "1", "deal": {"id": "LINT", "counterparty": "Lint"}}


def check_standard_deal(playbook: Playbook) -> list[Diagnostic]:
    """A rule that fires on the standard deal treats the playbook's own norm as a concession."""
    try:
        fired = _fired(playbook, dict(_SAMPLE)) or set()
    except expr.ExpressionError as exc:
        return [
            _diag((playbook.source, 0, 0), f"the playbook fails on the standard deal: {exc}", "engine-error")
        ]
    return [
        _diag(
            playbook.locate(rule_id, ("when",)),
            f"rule {rule_id}: fires on the standard deal: the standard positions themselves are a concession",
            "fires-on-standard",
            "warning",
        )
        for rule_id in sorted(fired)
    ]


def _scalar(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, float):
        return str(Decimal(repr(value)))
    return value


def variations(playbook: Playbook) -> Iterator[dict[str, Any]]:
    """Deals one term away from the standard: every enum value, booleans flipped, nulls, numbers
    around every threshold and standard value, plus a partner with a lopsided share and declared
    concessions."""
    numbers = {Decimal(0), Decimal(1), Decimal(100), Decimal(1_000_000)}
    for value in playbook.thresholds.values():
        numbers |= {value, value + 1, max(value - 1, Decimal(0)), value * 2}
    numbers |= {Decimal(n) for n in (5, 10, 15, 24, 36, 45, 60, 61, 90, 99)}
    for section, model_field in Deal.model_fields.items():
        model = _model(model_field.annotation)
        if model is None or section in _SECTIONS_SKIPPED:
            continue
        for key, info in model.model_fields.items():
            for value in _values(info.annotation, numbers):
                yield {**_SAMPLE, section: {key: value}}
    for stage in ("poc", "pilot"):
        yield {**_SAMPLE, "deal": {**_SAMPLE["deal"], "stage": stage}}
    for gain in (10, 30, 50, 70, 90):
        yield {
            **_SAMPLE,
            "sharing": {
                "gain_share_pct": {"counterparty": str(gain), "vendor": str(100 - gain)},
                "risk_share_pct": {"counterparty": "0", "vendor": "100"}
                if gain > 50
                else {"counterparty": "100", "vendor": "0"},
            },
        }
    for side in ("vendor", "counterparty"):
        yield {**_SAMPLE, "concessions": [{"id": "x", "what": "x", "given_by": side, "value_annual": "1000"}]}


def _values(annotation: Any, numbers: set[Decimal]) -> Iterator[Any]:
    args = get_args(annotation)
    origin = get_origin(annotation)
    if origin is Literal:
        yield from args
        return
    if annotation is bool or bool in args:
        yield from ("true", "false")
        return
    if type(None) in args:
        yield None
    if origin is list:
        yield []
        yield ["confidentiality", "ip_indemnity", "other"]
        return
    flat = [a for a in args if a is not type(None)] or [annotation]
    for arg in flat:
        inner = get_origin(arg)
        if inner is Literal:
            yield from get_args(arg)
            return
        base = get_args(arg)[0] if get_args(arg) else arg
        if base in (int, Decimal):
            yield from (_scalar(n) for n in sorted(numbers))
            return


MAX_COMBINATIONS = 1500


def _terms_read(playbook: Playbook, rule: Rule) -> list[tuple[str, str]]:
    """The (section, key) terms a rule's condition reads; derived values stand for their inputs."""
    terms: dict[tuple[str, str], None] = {}
    sources = [rule.when] if rule.when is not None else []
    for other in rule.after:
        target = playbook.rule(other)
        if target is not None and target.when is not None:
            sources.append(target.when)
    for source in sources:
        for name in _names(source):
            if name in ("net_annual", "tcv"):
                terms[("pricing", "list_annual")] = None
                continue
            parts = name.split(".")
            if (
                len(parts) >= 2
                and parts[0] in Deal.model_fields
                and parts[0] not in ("sharing", "concessions")
            ):
                terms[(parts[0], parts[1])] = None
    return list(terms)


def _combinations(playbook: Playbook, rule: Rule) -> Iterator[dict[str, Any]]:
    """Deals that vary every term the rule reads at once, over a few values each."""
    import itertools

    numbers = {Decimal(0), Decimal(1_000_000)}
    for value in playbook.thresholds.values():
        numbers |= {value, value + 1}
    choices = []
    for section, key in _terms_read(playbook, rule):
        model = _model(Deal.model_fields[section].annotation)
        if model is None or key not in model.model_fields:
            return
        choices.append([(section, key, v) for v in _values(model.model_fields[key].annotation, numbers)])
    for combination in itertools.islice(itertools.product(*choices), MAX_COMBINATIONS):
        data: dict[str, Any] = {**_SAMPLE, "deal": dict(_SAMPLE["deal"])}
        for section, key, value in combination:
            data[section] = {**data.get(section, {}), key: value}
        yield data


def check_never_fires(playbook: Playbook) -> list[Diagnostic]:
    """Rules that no variation of the standard deal makes fire: likely a dead condition.

    First every deal one term away from the standard; then, for a rule still silent, deals that
    vary all the terms its condition reads together.
    """
    enabled = {rule.id for rule in playbook.rules if rule.enabled}
    seen: set[str] = set()
    failed: dict[str, str] = {}

    def fired(data: dict[str, Any]) -> set[str]:
        try:
            return _fired(playbook, data) or set()
        except expr.ExpressionError as exc:
            failed.setdefault(str(exc), str(exc))
            return set()

    if not fired(dict(_SAMPLE)) and failed:
        return []  # the standard deal already fails: reported by check_standard_deal
    for data in variations(playbook):
        seen |= fired(data)
    for rule in playbook.rules:
        if rule.id not in enabled or rule.id in seen:
            continue
        for data in _combinations(playbook, rule):
            hits = fired(data)
            seen |= hits
            if rule.id in hits:
                break
    problems = [
        _diag(
            (playbook.source, 0, 0),
            f"the playbook fails on a variation of the standard deal: {message}",
            "engine-error",
        )
        for message in failed
    ]
    return problems + [
        _diag(
            playbook.locate(rule.id, ("when",) if rule.when is not None else ("after",)),
            f"rule {rule.id}: no variation of the standard deal tried makes it fire; check its condition",
            "never-fires",
            "warning",
        )
        for rule in playbook.rules
        if rule.id in enabled - seen
    ]
