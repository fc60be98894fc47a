"""Stage 2, validate: a loaded document plus the playbook's standard positions to a typed `Deal`."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError

from . import scalars
from .fastvalidate import read as read_fast
from .load import Document, Node, PathT, shown
from .models import REQUIRED, Deal


class Problem(NamedTuple):
    """One validation problem at a place in the file."""

    line: int
    column: int
    path: str
    message: str

    def render(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class DealInvalid(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.render() for p in problems))
        self.problems = problems


def merge_standard(data: Mapping[str, Node], standard: Mapping[str, Any]) -> dict[str, Any]:
    """The deal with every key it leaves out taken from the standard positions.

    A section the deal writes as something other than a mapping is left alone, so that the
    validation error speaks of what the file says.
    """
    merged: dict[str, Any] = {k: v for k, v in standard.items() if k not in REQUIRED or k in data}
    for key, value in data.items():
        base = standard.get(key)
        if isinstance(base, dict) and isinstance(value, dict):
            section = dict(base)
            section.update(value)
            merged[key] = section
        else:
            merged[key] = value
    return merged


def format_path(path: PathT) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _model_at(model: type[BaseModel], path: PathT) -> type[BaseModel] | None:
    """The model class that validates the mapping at `path`, for "did you mean" suggestions."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _message(error: Any, model: type[BaseModel]) -> tuple[PathT, PathT, str, bool]:
    """(path shown, path located, message, located at the key) for one pydantic error."""
    loc: PathT = tuple(error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        parent, key = loc[:-1], loc[-1]
        owner = _model_at(model, parent)
        known = list(owner.model_fields) if owner is not None else []
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        where = format_path(parent) or "the top level"
        if known and not close:
            hint = f"; {where} takes " + ", ".join(known)
        return parent, loc, f"unknown key '{shown(str(key))}'{hint}", True
    if kind == "missing":
        return loc[:-1], loc[:-1], f"required key '{loc[-1]}' is missing", False
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return loc, loc, f"expected one of {expected}, got '{shown(str(error['input']))}'", False
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return loc, loc, f"expected a mapping of keys to values, got {_describe(error['input'])}", False
    if kind == "list_type":
        return loc, loc, f"expected a list, got {_describe(error['input'])}", False
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return loc, loc, error["msg"].replace("Input should be", "must be"), False
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    elif message.startswith("Assertion failed, "):
        message = message[len("Assertion failed, ") :]
    return loc, loc, message, False


def _describe(value: object) -> str:
    """`scalars.kind`, with a scalar shown as written rather than as `text`."""
    what = scalars.kind(value)
    return f"'{shown(str(value))}'" if what == "text" else what


def problems_from(error: ValidationError, document: Document, model: type[BaseModel]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[int, int, str]] = set()
    for item in error.errors(include_url=False):
        shown, path, message, at_key = _message(item, model)
        line, column = document.key_mark(path) if at_key else document.mark(path)
        text = format_path(shown)
        if (line, column, message) in seen:
            continue
        seen.add((line, column, message))
        problems.append(Problem(line, column, text, message))
    problems.sort(key=lambda p: (p.line, p.column))
    return problems


def validate(document: Document, standard: Mapping[str, Any]) -> Deal:
    """The typed deal, or `DealInvalid` with every problem located."""
    return validate_facts(document, standard)[0]


def validate_facts(document: Document, standard: Mapping[str, Any]) -> tuple[Deal, dict[str, Any] | None]:
    """The typed deal and, when the fast path read it, `facts.plain` of it; or `DealInvalid`.

    The plain values come with the deal when `fastvalidate` read it in one pass (nearly every
    valid deal); they are `None` when the pydantic path ran, and the caller computes them.
    """
    if "winwin" not in document.data:
        raise DealInvalid(
            [Problem(1, 1, "", "not a winwin deal file: the top-level key 'winwin: 1' is missing")]
        )
    fast = read_fast(document.data, standard)
    if fast is not None:
        problems = concession_links(fast[0], document)
        if problems:
            raise DealInvalid(problems)
        return fast
    return _validate(document, standard), None


def _validate(document: Document, standard: Mapping[str, Any]) -> Deal:
    """The pydantic path: slower, and it locates every problem."""
    merged = merge_standard(document.data, standard)
    try:
        deal = Deal.model_validate(merged)
    except ValidationError as exc:
        raise DealInvalid(problems_from(exc, document, Deal)) from None
    problems = concession_links(deal, document)
    if problems:
        raise DealInvalid(problems)
    return deal


def concession_links(deal: Deal, document: Document) -> list[Problem]:
    """Declared concession ids are unique and `in_exchange_for` names another one of them.

    Checked here rather than in the model so that each problem points at the id or link at fault.
    """
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for n, item in enumerate(deal.concessions):
        if item.id in first:
            path: PathT = ("concessions", n, "id")
            line, column = document.mark(path)
            earlier = document.mark(("concessions", first[item.id], "id"))
            message = (
                f"concession id '{item.id}' is used twice (first at line {earlier[0]}, column {earlier[1]})"
            )
            problems.append(Problem(line, column, format_path(path), message))
        else:
            first[item.id] = n
    for n, item in enumerate(deal.concessions):
        for m, ref in enumerate(item.in_exchange_for):
            path = ("concessions", n, "in_exchange_for", m)
            if ref == item.id:
                message = f"concession '{item.id}' cannot be in exchange for itself"
            elif ref not in first:
                known = difflib.get_close_matches(ref, list(first), n=1, cutoff=0.6)
                hint = f" (did you mean '{known[0]}'?)" if known else ""
                message = f"'{ref}' is not the id of a concession in this deal{hint}"
            else:
                continue
            line, column = document.mark(path)
            problems.append(Problem(line, column, format_path(path), message))
    return problems
