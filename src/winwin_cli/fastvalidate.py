"""Stage 2's fast path: a loaded deal to its `Deal` model and its facts in one pass, or `None`.

Why it exists: pydantic validation with about fifty Python validators, and then walking the
validated model into the rule engine's plain values (`facts.plain`), cost more per deal than
the loader and the rule engine together. Nearly every deal is plain and valid, so this module
reads that common case directly: each field's reader accepts only a value that the pydantic
validators of `scalars.py` and `models.py` accept, builds the same model value (`Decimal(text)`
as written, plain `str`, `int`, `bool`, `date`), and the same plain value `facts.plain` would
give, in one walk over the raw tree. Anything else — a wrong type, null where the field takes
none, a quoted number, a value out of range, an unknown key, a missing key, an unusual
character — makes `read` return `None`, and the pydantic path runs and reports the problems as
it always has. So this path only ever refuses more than pydantic, never less.

How it is kept honest: `tests/test_fastvalidate.py` compares it with `Deal.model_validate` and
`facts.plain` on every example, corpus and generated deal and on many thousands of seeded
mutations of them (types of every leaf, key order, the models' fields set), and requires `None`
whenever pydantic refuses. The models are built the way `BaseModel.model_construct` builds them,
setting the four slots directly; when the installed pydantic's models do not have exactly
those slots (or use hooks that construction would skip), `model_construct` itself is used, and
the tests compare the built models' slots with validated ones, so an upgrade that changes them
fails loudly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from . import models as m
from .facts import plain
from .load import INVISIBLE, Quoted
from .scalars import _DATE, _DECIMAL, _MAX_DIGITS, _WHOLE

Read = Callable[[Any], tuple[Any, Any]]
"""A field's reader: raw value to (model value, plain value), or `_Refuse`."""


class _Refuse(Exception):
    """The value is not the plain, valid common case: the pydantic path decides."""


_decimal = _DECIMAL.fullmatch
_whole = _WHOLE.fullmatch
_date_shape = _DATE.fullmatch
_invisible = INVISIBLE.search
_from_iso = dt.date.fromisoformat
_new = object.__new__
_set = object.__setattr__
_SLOTS = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")


def _builds_directly(cls: type[BaseModel]) -> bool:
    """Whether setting the four slots builds `cls` exactly as `model_construct` would."""
    return (
        BaseModel.__slots__ == _SLOTS
        and cls.__new__ is object.__new__
        and not cls.__pydantic_root_model__
        and not cls.__pydantic_post_init__
        and not cls.__private_attributes__
        and cls.model_config.get("extra") != "allow"
    )


class _Memo:
    """A scalar reader that remembers its results for plain (unquoted) scalars.

    Deals repeat the same few numbers, booleans, enum values and dates; the results are
    immutable (`Decimal`, `date`, `str`, `int`, `bool`), so a deal may share them with another.
    """

    __slots__ = ("cache", "read")

    def __init__(self, read: Read) -> None:
        self.read = read
        self.cache: dict[str, tuple[Any, Any]] = {}

    def __call__(self, value: Any) -> tuple[Any, Any]:
        result = self.read(value)
        if type(value) is str:
            if len(self.cache) >= _MEMO_SIZE:
                self.cache.clear()
            self.cache[value] = result
        return result


_MEMO_SIZE = 4096
# --- scalars ---------------------------------------------------------------------------------------


def _number(text: str, value: Decimal) -> Any:
    """`facts.plain(value)` for `value = Decimal(text)`, read from the text where that is exact."""
    if len(text) > 15:  # may pass 2**53 or the engine's bound: the general function
        return plain(value)
    if "." not in text:
        return int(text)
    if text[-1] == "0" and text.rstrip("0")[-1] == ".":
        return int(value)
    return float(text)


def _text(value: Any) -> tuple[str, str]:
    kind = type(value)
    if kind is str:
        return value, value
    if kind is Quoted:
        value = str(value)
        return value, value
    raise _Refuse


def _non_empty_text(value: Any) -> tuple[str, str]:
    result = _text(value)
    if not result[0].strip():
        raise _Refuse
    return result


@_Memo
def _ident(value: Any) -> tuple[str, str]:
    kind = type(value)
    if kind is Quoted:
        value = str(value)
    elif kind is not str:
        raise _Refuse
    if (
        0 < len(value) <= 200
        and value.isprintable()
        and value.strip() == value
        and (value.isascii() or _invisible(value) is None)
    ):
        return value, value
    raise _Refuse


def _choices(model: type[BaseModel], name: str) -> tuple[str, ...]:
    """The values a `Literal` field of `model` admits, null aside: written once, in the model."""
    annotation = model.model_fields[name].annotation
    if get_origin(annotation) is not Literal:  # Optional[Literal[...]]
        annotation = next(a for a in get_args(annotation) if get_origin(a) is Literal)
    return tuple(get_args(annotation))


def _enum(*allowed: str) -> Read:
    names = {name: name for name in allowed}

    def read(value: Any) -> tuple[str, str]:
        kind = type(value)
        if kind is str or kind is Quoted:
            name = names.get(value)
            if name is not None:
                return name, name
        raise _Refuse

    return _Memo(read)


def _nullable_enum(*allowed: str) -> Read:
    read_enum = _enum(*allowed)

    def read(value: Any) -> tuple[str | None, str | None]:
        return (None, None) if value is None else read_enum(value)

    return _Memo(read)


@_Memo
def _currency(value: Any) -> tuple[str, str]:
    kind = type(value)
    if kind is str or kind is Quoted:
        value = str(value)
        if m._CURRENCY.fullmatch(value):
            return value, value
    raise _Refuse


def _pin(value: Any) -> tuple[str, str]:
    kind = type(value)
    if kind is str or kind is Quoted:
        value = str(value)
        if m.PIN.fullmatch(value):
            return value, value
    raise _Refuse


def _format_version(value: Any) -> tuple[int, int]:
    if type(value) is str and value == "1":
        return 1, 1
    raise _Refuse


@_Memo
def _bool(value: Any) -> tuple[bool, bool]:
    if type(value) is str:
        if value == "true":
            return True, True
        if value == "false":
            return False, False
    raise _Refuse


@_Memo
def _date(value: Any) -> tuple[dt.date, str]:
    kind = type(value)
    if (kind is str or kind is Quoted) and _date_shape(value):
        value = str(value)
        try:
            return _from_iso(value), value
        except ValueError:
            pass
    raise _Refuse


@_Memo
def _pct(value: Any) -> tuple[Decimal, Any]:
    if type(value) is str and len(value) <= _MAX_DIGITS and _decimal(value):
        number = Decimal(value)
        if 0 <= number <= 100:
            return number, _number(value, number)
    raise _Refuse


@_Memo
def _nullable_pct(value: Any) -> tuple[Decimal | None, Any]:
    return (None, None) if value is None else _pct(value)


@_Memo
def _money(value: Any) -> tuple[Decimal, Any]:
    if type(value) is str and len(value) <= _MAX_DIGITS and _decimal(value):
        point = value.find(".")
        number = Decimal(value)
        if number >= 0 and (point < 0 or len(value) - point <= 3):
            return number, _number(value, number)
    raise _Refuse


@_Memo
def _nullable_money(value: Any) -> tuple[Decimal | None, Any]:
    return (None, None) if value is None else _money(value)


def _whole_in(low: int, high: int) -> Read:
    def read(value: Any) -> tuple[int, int]:
        if type(value) is str and len(value) <= _MAX_DIGITS and _whole(value):
            number = int(value)
            if low <= number <= high:
                return number, number
        raise _Refuse

    return _Memo(read)


_count = _whole_in(0, 100_000)


@_Memo
def _nullable_count(value: Any) -> tuple[int | None, int | None]:
    return (None, None) if value is None else _count(value)


def _list_of(read: Read) -> Read:
    def read_list(value: Any) -> tuple[list[Any], list[Any]]:
        if type(value) is not list:
            raise _Refuse
        values = []
        facts = []
        for item in value:
            one, fact = read(item)
            values.append(one)
            facts.append(fact)
        return values, facts

    return read_list


def _texts_of(read: Read) -> Read:
    """A list of text whose plain values are the text itself."""

    cache: dict[str, tuple[Any, Any]] = read.cache if isinstance(read, _Memo) else {}
    known = cache.get

    def read_list(value: Any) -> tuple[list[str], list[str]]:
        if type(value) is not list:
            raise _Refuse
        values = [((type(item) is str and known(item)) or read(item))[0] for item in value]
        return values, values.copy()

    return read_list


# --- models ----------------------------------------------------------------------------------------

Default = Callable[[], tuple[Any, Any]] | None
"""A field's default as a fresh (model value, plain value), or `None` when it is required."""
Field = tuple[str, Read, Default]


def _none() -> tuple[None, None]:
    return None, None


def _no_links() -> tuple[list[str], list[str]]:
    return [], []


_MISSING = object()


def _model(cls: type[BaseModel], fields: list[Field], check: Callable[[Any], bool] | None = None) -> Read:
    """The reader of one model: (raw mapping[, standard mapping]) -> (model, plain values)."""
    reader: Read = _generate(cls, fields, check)
    _MODELS.add(reader)
    return reader


_EMPTY: dict[str, Any] = {}
_MODELS: set[Read] = set()
_FIELDS_OF: dict[type[BaseModel], tuple[str, ...]] = {}
"""The fields each generated reader reads, in order (a test holds them to the models)."""


def _generate(
    cls: type[BaseModel], fields: list[Field], check: Callable[[Any], bool] | None = None, top: bool = False
) -> Any:
    """A reader's source, generated from `fields` with one statement a field, and compiled.

    Unrolled, a field costs a dictionary look-up and a memo look-up, where a loop over the
    fields with a call for each cost several times as much. A reader takes the standard
    positions of its mapping as a second mapping, and reads what `validate.merge_standard`
    would have merged, without merging. The `top` reader (the deal) passes each section its
    standard positions, and leaves the standard of a required section out where the deal
    does not write the section.
    """
    _FIELDS_OF[cls] = tuple(name for name, _, _ in fields)
    scope: dict[str, Any] = {
        "Refuse": _Refuse,
        "MISSING": _MISSING,
        "EMPTY": _EMPTY,
        "names": frozenset(name for name, _, _ in fields),
        "cls": cls,
        "new": _new,
        "set_slot": _set,
        "check": check,
        "construct": cls.model_construct,
    }
    required = ", ".join(repr(name) for name, _, default in fields if default is None)
    lines = [
        "def read(raw, base=EMPTY):",
        "    if type(raw) is not dict or not names.issuperset(raw) or not names.issuperset(base):",
        "        raise Refuse",
        "    get = raw.get",
        "    standard = base.get",
        f"    present = {{{required}}}" if required else "    present = set()",
    ]
    for n, (name, read_field, default) in enumerate(fields):
        scope[f"read{n}"] = read_field
        scope[f"default{n}"] = default
        section = top and read_field in _MODELS
        lines.append(f"    v = get({name!r}, MISSING)")
        if section:
            lines.append("    b = EMPTY")
        if not (top and name in m.REQUIRED):
            lines += ["    if v is MISSING:", f"        v = standard({name!r}, MISSING)"]
        if section:
            lines += [
                "    else:" if name not in m.REQUIRED else "    if v is not MISSING:",
                f"        b = standard({name!r}, EMPTY)",
                "        if not (isinstance(b, dict) and isinstance(v, dict)):",
                "            b = EMPTY",
            ]
        # Every reader refuses MISSING, so a required field needs no test of its own.
        indent = "    "
        if default is not None:
            lines += ["    if v is MISSING:", f"        a{n}, f{n} = default{n}()", "    else:"]
            lines.append(f"        present.add({name!r})")
            indent = "        "
        if section:
            lines.append(f"{indent}a{n}, f{n} = read{n}(v, b)")
        elif isinstance(read_field, _Memo):
            scope[f"memo{n}"] = read_field.cache.get
            lines.append(f"{indent}a{n}, f{n} = (type(v) is str and memo{n}(v)) or read{n}(v)")
        elif read_field is _text:
            lines.append(f"{indent}a{n} = f{n} = v if type(v) is str else read{n}(v)[0]")
        else:
            lines.append(f"{indent}a{n}, f{n} = read{n}(v)")
    values = ", ".join(f"{name!r}: a{n}" for n, (name, _, _) in enumerate(fields))
    facts = ", ".join(f"{name!r}: f{n}" for n, (name, _, _) in enumerate(fields))
    lines.append(f"    values = {{{values}}}")
    if check is not None:
        lines += ["    if not check(values):", "        raise Refuse"]
    if _builds_directly(cls):
        lines += [
            "    model = new(cls)",
            "    set_slot(model, '__dict__', values)",
            "    set_slot(model, '__pydantic_fields_set__', present)",
            "    set_slot(model, '__pydantic_extra__', None)",
            "    set_slot(model, '__pydantic_private__', None)",
        ]
    else:
        lines.append("    model = construct(present, **values)")
    lines.append(f"    return model, {{{facts}}}")
    source = "\n".join(lines)
    exec(compile(source, f"<fastvalidate {cls.__name__}>", "exec"), scope)
    return scope["read"]


def _sums_to_100(values: dict[str, Any]) -> bool:
    return bool(values["counterparty"] + values["vendor"] == 100)


_ident_list = _texts_of(_ident)
_split = _model(m.Split, [("counterparty", _pct, None), ("vendor", _pct, None)], _sums_to_100)
_not_null_text: Read = _text  # the optional text fields take no null: the same reader
_SECTIONS: list[Field] = [
    (
        "deal",
        _model(
            m.DealInfo,
            [
                ("id", _ident, None),
                ("counterparty", _non_empty_text, None),
                ("title", _not_null_text, _none),
                ("owner", _not_null_text, _none),
                ("currency", _currency, _none),
                ("close_date", _date, _none),
                ("relationship", _enum(*_choices(m.DealInfo, "relationship")), None),
                ("kind", _enum(*_choices(m.DealInfo, "kind")), None),
                ("stage", _enum(*_choices(m.DealInfo, "stage")), None),
                (
                    "initiatives",
                    _list_of(_model(m.Initiative, [("id", _ident, None), ("goal", _text, None)])),
                    None,
                ),
            ],
        ),
        None,
    ),
    (
        "pricing",
        _model(
            m.Pricing,
            [
                ("list_annual", _nullable_money, None),
                ("discount_pct", _pct, None),
                ("uplift_pct", _pct, None),
                ("price_lock_months", _count, None),
            ],
        ),
        None,
    ),
    (
        "commitment",
        _model(
            m.Commitment,
            [
                ("term_months", _whole_in(1, 1200), None),
                ("minimum_annual", _nullable_money, None),
                ("prepay", _enum(*_choices(m.Commitment, "prepay")), None),
            ],
        ),
        None,
    ),
    ("payment", _model(m.Payment, [("net_days", _count, None)]), None),
    (
        "renewal",
        _model(
            m.Renewal,
            [
                ("auto_renew", _bool, None),
                ("notice_days", _count, None),
                ("uplift_cap_pct", _nullable_pct, None),
            ],
        ),
        None,
    ),
    (
        "sla",
        _model(
            m.Sla,
            [
                ("tier", _enum(*_choices(m.Sla, "tier")), None),
                ("uptime_pct", _pct, None),
                ("credit_cap_pct", _nullable_pct, None),
            ],
        ),
        None,
    ),
    (
        "liability",
        _model(
            m.Liability,
            [
                ("vendor_cap_months", _nullable_count, None),
                ("counterparty_cap_months", _nullable_count, None),
                ("uncapped", _ident_list, None),
            ],
        ),
        None,
    ),
    (
        "termination",
        _model(
            m.Termination,
            [
                ("for_convenience", _enum(*_choices(m.Termination, "for_convenience")), None),
                ("fee_pct", _pct, None),
                ("notice_days", _count, None),
            ],
        ),
        None,
    ),
    (
        "scope",
        _model(
            m.Scope,
            [
                ("custom_work_days", _count, None),
                ("custom_work_billed", _bool, None),
                ("acceptance", _enum(*_choices(m.Scope, "acceptance")), None),
            ],
        ),
        None,
    ),
    (
        "rights",
        _model(
            m.Rights,
            [
                ("ip_owner", _enum(*_choices(m.Rights, "ip_owner")), None),
                ("exclusivity", _enum(*_choices(m.Rights, "exclusivity")), None),
                ("most_favored_nation", _bool, None),
                ("reference_customer", _bool, None),
                ("case_study", _bool, None),
            ],
        ),
        None,
    ),
    (
        "sharing",
        _model(m.Sharing, [("gain_share_pct", _split, None), ("risk_share_pct", _split, None)]),
        _none,
    ),
    (
        "poc",
        _model(
            m.Poc,
            [
                ("duration_days", _count, None),
                ("fee", _money, None),
                ("success_criteria", _texts_of(_text), None),
                ("converts_to", _nullable_enum(*_choices(m.Poc, "converts_to")), None),
            ],
        ),
        None,
    ),
    (
        "concessions",
        _list_of(
            _model(
                m.Concession,
                [
                    ("id", _ident, None),
                    ("what", _text, None),
                    ("given_by", _enum(*_choices(m.Concession, "given_by")), None),
                    ("value_annual", _money, _none),
                    ("in_exchange_for", _ident_list, _no_links),
                ],
            )
        ),
        None,
    ),
    (
        "approvals",
        _list_of(
            _model(m.Approval, [("role", _ident, None), ("name", _text, _none), ("date", _date, _none)])
        ),
        None,
    ),
    (
        "waivers",
        _list_of(
            _model(
                m.Waiver,
                [
                    ("rule", _ident, None),
                    ("reason", _text, None),
                    ("approved_by", _ident, None),
                    ("expires", _date, None),
                ],
            )
        ),
        None,
    ),
]
FIELDS: list[Field] = [("winwin", _format_version, None), ("playbook", _pin, _none), *_SECTIONS]
"""The readers of `Deal`'s fields, in its field order (a test holds them to the models)."""
_read_deal = _generate(m.Deal, FIELDS, top=True)


def read(data: Any, standard: Mapping[str, Any]) -> tuple[m.Deal, dict[str, Any]] | None:
    """`Deal.model_validate(merge_standard(data, standard))` and `facts.plain` of it, or `None`.

    `None` whenever the deal is anything but plain and valid: the pydantic path then decides,
    and reports what is wrong.
    """
    try:
        deal, facts = _read_deal(data, standard)
    except _Refuse:
        return None
    return deal, facts
