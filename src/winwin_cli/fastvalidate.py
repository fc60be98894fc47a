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
from types import ModuleType
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from . import models as m
from .facts import plain
from .load import INVISIBLE, Quoted
from .scalars import _DATE, _DECIMAL, _MAX_DIGITS, _WHOLE

Read = Callable[[Any], tuple[Any, Any]]
"""A field's reader: raw value to (model value, plain value), or `_Refuse`."""
ReadModel = Callable[..., tuple[Any, Any]]
"""A model's reader: (raw mapping[, standard mapping]) to (model, plain values), or `_Refuse`."""


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


_HEADER = '''\
# Generated from the field table of fastvalidate.py by
# `WINWIN_UPDATE_GOLDEN=1 python -m pytest tests/test_readers.py`: do not edit.
"""The readers of `fastvalidate`, a factory a model, compiled once like any other module.

`fastvalidate` generates this text at every start and takes a factory from here only while this
file is, to the end of that factory, exactly what it generated; else it compiles its own text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
'''
_MODULE: list[str] = [_HEADER]
"""The text of `_readers.py` as generated so far: its header, then a factory a model."""


def module_text() -> str:
    """What `_readers.py` must hold: the factories of every reader, generated from the tables."""
    return "".join(_MODULE)


def _checked_in() -> tuple[ModuleType | None, str]:
    """The generated module as checked in and its text, or `None` and `""`."""
    try:
        from . import _readers
    except (ImportError, SyntaxError):  # generating it anew must not need it
        return None, ""
    try:
        with open(_readers.__file__, encoding="utf-8") as file:
            return _readers, file.read()
    except (OSError, ValueError):  # installed without its source, say: the texts cannot be compared
        return None, ""


class _CheckedIn:
    """`_readers.py` as checked in, trusted a factory at a time while it is the generated text."""

    def __init__(self) -> None:
        self.module, self.text = _checked_in()
        self.end = 0
        """Where the text generated so far ends in the file; -1 once the two differ."""
        self.lines = 0
        """How many lines that text has."""
        self.match(_HEADER)

    def match(self, text: str) -> bool:
        """Whether the file goes on with `text`, generated next."""
        if self.end < 0 or not self.text.startswith(text, self.end):
            self.end = -1
            return False
        self.end += len(text)
        self.lines += text.count("\n")
        return True

    def factory(self, name: str, text: str) -> Callable[..., ReadModel] | None:
        """The checked-in factory `name` when the file goes on with `text`, generated next."""
        line = self.lines + text.count("\n", 0, text.index("def ")) + 1
        if not self.match(text):
            return None
        factory = getattr(self.module, name, None)
        code = getattr(factory, "__code__", None)
        # The function defined by that very text, not anything bound to its name further down.
        return factory if code is not None and code.co_firstlineno == line else None


_CHECKED_IN = _CheckedIn()
_LINE = 110
"""The length of a line `ruff format` keeps whole: the generated module passes it unchanged."""


def _collection(head: str, items: list[str], brackets: str = "{}") -> list[str]:
    """`head` and a literal of `items`: on one line where it fits, else an item a line."""
    line = f"{head}{brackets[0]}{', '.join(items)}{brackets[1]}"
    if len(line) <= _LINE:
        return [line]
    indent = head[: len(head) - len(head.lstrip())]
    return [head + brackets[0], *(f"{indent}    {item}," for item in items), indent + brackets[1]]


def _factory_name(cls: type[BaseModel]) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in cls.__name__).lstrip("_")


def _generate(
    cls: type[BaseModel], fields: list[Field], check: Callable[[Any], bool] | None = None, top: bool = False
) -> ReadModel:
    """A reader generated from `fields` with one statement a field (see `_source`).

    Compiling the readers' texts cost about 10 ms a start, so they are checked in as
    `_readers.py`, compiled once like any module; where that file is not exactly the text
    generated now (a table changed and the file was not generated again), the text is compiled
    here.
    """
    _FIELDS_OF[cls] = tuple(name for name, _, _ in fields)
    name, text, scope = _source(cls, fields, check, top)
    _MODULE.append(text)
    factory = _CHECKED_IN.factory(name, text)
    if factory is None:
        # `compile` inherits this module's `from __future__ import annotations`: the factory's
        # annotations stay text, so its namespace needs neither `Any` nor `Callable`.
        namespace: dict[str, Any] = {}
        exec(compile(text, f"<fastvalidate {cls.__name__}>", "exec"), namespace)
        factory = namespace[name]
    return factory(**scope)


def _source(
    cls: type[BaseModel], fields: list[Field], check: Callable[[Any], bool] | None, top: bool
) -> tuple[str, str, dict[str, Any]]:
    """The name and text of a reader's factory, and the arguments it takes.

    Unrolled, a field costs a dictionary look-up and a memo look-up, where a loop over the
    fields with a call for each cost several times as much. A reader takes the standard
    positions of its mapping as a second mapping, and reads what `validate.merge_standard`
    would have merged, without merging. The `top` reader (the deal) passes each section its
    standard positions, and leaves the standard of a required section out where the deal
    does not write the section.
    """
    scope: dict[str, Any] = {
        "refuse": _Refuse,
        "missing": _MISSING,
        "empty": _EMPTY,
        "names": frozenset(name for name, _, _ in fields),
    }
    required = [f'"{name}"' for name, _, default in fields if default is None]
    lines = [
        "def read(raw: Any, base: Any = empty) -> tuple[Any, Any]:",
        "    if type(raw) is not dict or not names.issuperset(raw) or not names.issuperset(base):",
        "        raise refuse",
        "    get = raw.get",
        "    standard = base.get",
        *(_collection("    present = ", required) if required else ["    present: set[str] = set()"]),
    ]
    for n, (name, read_field, default) in enumerate(fields):
        scope[f"read{n}"] = read_field
        section = top and read_field in _MODELS
        lines.append(f'    v = get("{name}", missing)')
        if section:
            lines.append("    b = empty")
        if not (top and name in m.REQUIRED):
            lines += ["    if v is missing:", f'        v = standard("{name}", missing)']
        if section:
            lines += [
                "    else:" if name not in m.REQUIRED else "    if v is not missing:",
                f'        b = standard("{name}", empty)',
                "        if not (isinstance(b, dict) and isinstance(v, dict)):",
                "            b = empty",
            ]
        # Every reader refuses `missing`, so a required field needs no test of its own.
        indent = "    "
        if default is not None:
            scope[f"default{n}"] = default
            lines += ["    if v is missing:", f"        a{n}, f{n} = default{n}()", "    else:"]
            lines.append(f'        present.add("{name}")')
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
    lines += _collection("    values = ", [f'"{name}": a{n}' for n, (name, _, _) in enumerate(fields)])
    if check is not None:
        scope["check"] = check
        lines += ["    if not check(values):", "        raise refuse"]
    if _builds_directly(cls):
        scope.update(cls=cls, new=_new, set_slot=_set)
        lines += [
            "    model = new(cls)",
            '    set_slot(model, "__dict__", values)',
            '    set_slot(model, "__pydantic_fields_set__", present)',
            '    set_slot(model, "__pydantic_extra__", None)',
            '    set_slot(model, "__pydantic_private__", None)',
        ]
    else:
        scope["construct"] = cls.model_construct
        lines.append("    model = construct(present, **values)")
    lines += _collection("    return model, ", [f'"{name}": f{n}' for n, (name, _, _) in enumerate(fields)])
    factory_name = _factory_name(cls)
    text = "\n".join(
        [
            "",
            "",
            f"def {factory_name}(",
            "    *,",
            *(f"    {key}: Any," for key in scope),
            ") -> Callable[..., tuple[Any, Any]]:",
            *(f"    {line}" for line in lines),
            "",
            "    return read",
            "",
        ]
    )
    return factory_name, text, scope


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
