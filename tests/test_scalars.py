"""The field validators read plain scalars at once; they must agree with the general functions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from winwin_cli import scalars
from winwin_cli.load import Quoted


def outcome(check: Callable[[Any], Any], value: Any) -> tuple[str, Any]:
    try:
        result = check(value)
    except ValueError as exc:
        return ("error", str(exc))
    return ("value", (type(result), result))


def nullable(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else check(value)


PAIRS = [
    (scalars._required_text, scalars._not_null(scalars.text)),
    (scalars.required_identifier, scalars._not_null(scalars.identifier)),
    (scalars._required_bool, scalars._not_null(scalars.boolean)),
    (scalars._required_date, scalars._not_null(scalars.date)),
    (scalars._required_number, scalars._not_null(scalars.number)),
    (scalars._optional_number, nullable(scalars.number)),
    (scalars.required_whole, scalars._not_null(scalars.whole)),
    (scalars._optional_whole, nullable(scalars.whole)),
]
SCALARS = (
    st.none()
    | st.sampled_from(["true", "false", "0", "-0", "12", "12.50", "1" * 30, "1" * 31, "2026-02-29", " x"])
    | st.from_regex(r"-?[0-9]{0,32}(\.[0-9]{0,3})?", fullmatch=True)
    | st.text(max_size=12)
)
VALUES = SCALARS | SCALARS.filter(lambda v: v is not None).map(Quoted) | st.lists(st.none(), max_size=1)


@pytest.mark.parametrize(("fast", "general"), PAIRS, ids=[fast.__name__ for fast, _ in PAIRS])
@settings(max_examples=400, deadline=None)
@given(value=VALUES)
def test_each_validator_agrees_with_the_general_functions(
    fast: Callable[[Any], Any], general: Callable[[Any], Any], value: Any
) -> None:
    assert outcome(fast, value) == outcome(general, value)
