"""Scalar types of the deal format: each field decides how its YAML text is read.

The loader hands over plain scalars as `str`, quoted and block scalars as `Quoted`, and the
YAML null spellings as `None`. These validators are stricter than YAML 1.2's core schema:
a number is plain decimal notation only, a boolean only `true` or `false`.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field

from .load import INVISIBLE, Quoted, describe_char, shown

_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_WHOLE = re.compile(r"-?(?:0|[1-9][0-9]*)")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_MAX_DIGITS = 30


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "text"


def number(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Quoted):
        got = shown(value)
        raise ValueError(f"expected a number, got quoted text '{got}' (write numbers without quotes)")
    if not isinstance(value, str):
        raise ValueError(f"expected a number, got {_kind(value)}")
    # The length is checked before the pattern so that no digit string of any size reaches a parser.
    if len(value) > _MAX_DIGITS:
        raise ValueError(f"number too long (more than {_MAX_DIGITS} characters): '{shown(value)}'")
    if not _DECIMAL.fullmatch(value):
        raise ValueError(f"expected a plain decimal number like 12 or 12.5, got '{shown(value)}'")
    return Decimal(value)


def whole(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    plain = isinstance(value, str) and not isinstance(value, Quoted)
    if plain and len(value) <= _MAX_DIGITS and _DECIMAL.fullmatch(value):
        if not _WHOLE.fullmatch(value):
            raise ValueError(f"expected a whole number, got '{value}'")
        return int(value)
    number(value)  # raises with the right message
    raise AssertionError("unreachable")  # pragma: no cover


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and not isinstance(value, Quoted) and value in ("true", "false"):
        return value == "true"
    got = f"'{shown(value)}'" if isinstance(value, str) else _kind(value)
    raise ValueError(f"expected true or false, got {got}")


def text(value: Any) -> str:
    if isinstance(value, str):
        return str(value)
    raise ValueError(f"expected text, got {_kind(value)}")


def identifier(value: Any) -> str:
    """Ids, roles, enum values: text without invisible characters or surrounding blanks."""
    value = text(value)
    assert isinstance(value, str)
    if not value.strip():
        raise ValueError("must not be empty")
    bad = INVISIBLE.search(value)
    if bad is not None:
        raise ValueError(f"invisible character {describe_char(bad.group())} is not allowed here")
    if not value.isprintable():
        for ch in value:
            if not ch.isprintable():  # tabs, no-break and other spaces, separators
                raise ValueError(f"character {describe_char(ch)} is not allowed here")
    if value != value.strip():
        raise ValueError(f"'{shown(value)}' has leading or trailing blanks")
    return value


def date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    value = text(value)
    m = _DATE.fullmatch(value)
    if m is None:
        raise ValueError(f"expected a date as YYYY-MM-DD, got '{shown(value)}'")
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ValueError(f"'{value}' is not a real date") from None


def _not_null(check: Any) -> Any:
    def validate(value: Any) -> Any:
        if value is None:
            raise ValueError("null is not allowed here; leave the key out to take the standard")
        return check(value)

    return validate


def _nullable(check: Any) -> Any:
    def validate(value: Any) -> Any:
        return None if value is None else check(value)

    return validate


def _max_places(places: int) -> Any:
    def validate(value: Decimal) -> Decimal:
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places:
            raise ValueError(f"at most {places} decimal places")
        return value

    return validate


Text = Annotated[str, BeforeValidator(_not_null(text))]
Ident = Annotated[str, BeforeValidator(_not_null(identifier)), Field(max_length=200)]
Bool = Annotated[bool, BeforeValidator(_not_null(boolean))]
Date = Annotated[dt.date, BeforeValidator(_not_null(date))]
_Pct = Annotated[Decimal, Field(ge=0, le=100)]
_Money = Annotated[Decimal, Field(ge=0), AfterValidator(_max_places(2))]
_Count = Annotated[int, Field(ge=0, le=100_000)]
Pct = Annotated[_Pct, BeforeValidator(_not_null(number))]
NullablePct = Annotated[_Pct | None, BeforeValidator(_nullable(number))]
Money = Annotated[_Money, BeforeValidator(_not_null(number))]
NullableMoney = Annotated[_Money | None, BeforeValidator(_nullable(number))]
Count = Annotated[int, BeforeValidator(_not_null(whole)), Field(ge=0, le=100_000)]
NullableCount = Annotated[_Count | None, BeforeValidator(_nullable(whole))]
Number = Annotated[Decimal, BeforeValidator(_not_null(number))]
