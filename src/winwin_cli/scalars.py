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


def kind(value: object) -> str:
    """What a value is, as messages name it: null, a list, a mapping, or text."""
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
        raise ValueError(f"expected a number, got {kind(value)}")
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
    got = f"'{shown(value)}'" if isinstance(value, str) else kind(value)
    raise ValueError(f"expected true or false, got {got}")


def text(value: Any) -> str:
    if isinstance(value, str):
        return str(value)
    raise ValueError(f"expected text, got {kind(value)}")


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


def _max_places(places: int) -> Any:
    def validate(value: Decimal) -> Decimal:
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places:
            raise ValueError(f"at most {places} decimal places")
        return value

    return validate


_NULL = "null is not allowed here; leave the key out to take the standard"


# The validators of the annotated types below, one function each: a plain scalar of the expected
# shape (nearly every value of a deal) is read at once; anything else, null included, takes the
# general functions above, whose messages the errors keep.


def _required_text(value: Any) -> str:
    if type(value) is str:
        return value
    if value is None:
        raise ValueError(_NULL)
    return text(value)


def required_identifier(value: Any) -> str:
    if value is None:
        raise ValueError(_NULL)
    return identifier(value)


def _required_bool(value: Any) -> bool:
    if type(value) is str:
        if value == "true":
            return True
        if value == "false":
            return False
    elif value is None:
        raise ValueError(_NULL)
    return boolean(value)


def _required_date(value: Any) -> dt.date:
    if value is None:
        raise ValueError(_NULL)
    return date(value)


def _required_number(value: Any) -> Decimal:
    if type(value) is str and len(value) <= _MAX_DIGITS and _DECIMAL.fullmatch(value):
        return Decimal(value)
    if value is None:
        raise ValueError(_NULL)
    return number(value)


def _optional_number(value: Any) -> Decimal | None:
    if type(value) is str and len(value) <= _MAX_DIGITS and _DECIMAL.fullmatch(value):
        return Decimal(value)
    return None if value is None else number(value)


def required_whole(value: Any) -> int:
    if type(value) is str and len(value) <= _MAX_DIGITS and _WHOLE.fullmatch(value):
        return int(value)
    if value is None:
        raise ValueError(_NULL)
    return whole(value)


def _optional_whole(value: Any) -> int | None:
    if type(value) is str and len(value) <= _MAX_DIGITS and _WHOLE.fullmatch(value):
        return int(value)
    return None if value is None else whole(value)


Text = Annotated[str, BeforeValidator(_required_text)]
Ident = Annotated[str, BeforeValidator(required_identifier), Field(max_length=200)]
Bool = Annotated[bool, BeforeValidator(_required_bool)]
Date = Annotated[dt.date, BeforeValidator(_required_date)]
_Pct = Annotated[Decimal, Field(ge=0, le=100)]
_Money = Annotated[Decimal, Field(ge=0), AfterValidator(_max_places(2))]
_Count = Annotated[int, Field(ge=0, le=100_000)]
Pct = Annotated[_Pct, BeforeValidator(_required_number)]
NullablePct = Annotated[_Pct | None, BeforeValidator(_optional_number)]
Money = Annotated[_Money, BeforeValidator(_required_number)]
NullableMoney = Annotated[_Money | None, BeforeValidator(_optional_number)]
Count = Annotated[int, BeforeValidator(required_whole), Field(ge=0, le=100_000)]
NullableCount = Annotated[_Count | None, BeforeValidator(_optional_whole)]
Number = Annotated[Decimal, BeforeValidator(_required_number)]
