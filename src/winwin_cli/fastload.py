"""A fast path for `load`: the plain block YAML that deal files are written in, read line by line.

libyaml hands every event to Python as an object with two mark objects; for a 2 KB deal that is
most of the cost of a check. Most deal files use a small part of YAML: block mappings and
sequences, plain and simply quoted scalars, one-line flow lists and mappings, comments. This
module reads exactly that part and returns the same `Document` the event-stream loader builds
(same tree, same scalar types, same marks). Whatever it does not fully understand (anchors,
tags, block scalars, multi-line scalars, escapes, tabs, a duplicate key, a limit reached, any
error) makes it return `None`, and `load` falls back to libyaml, which decides and locates the
error. A test compares both loaders on every file they are given.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .load import Document, Limits, Mark, Node, PathT

# Characters after which libyaml's view of a line or a column may differ from a simple reading.
_UNUSUAL = re.compile("[\t\r\u2028\u2029\ufeff\ufffe\uffff]")
_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_MAX_KEY = 1000
# Longest one-line flow collection read here: a hostile 1 MiB line must not be read in full.
_MAX_FLOW = 4096
# A line: its indentation, an optional "- ", an optional key and its colon, and the rest.
_LINE = re.compile(rf"( *)(- +)?(?:({_KEY}):(?: +|$))?(.*)")
# A scalar inside a one-line flow collection, then the separator that ends it.
# [^\x00-\x7f] is every character past ASCII; written as a range up to U+10FFFF it took 7 ms to compile.
_FLOW_PLAIN = r"""(?:[A-Za-z0-9_.(/$+~]|[^\x00-\x7f])[^,\[\]{}#:"\n]*?|-[0-9.][^,\[\]{}#:"\n]*?"""
_FLOW_SCALAR = rf"""(?:"([^"\\]*)"|'((?:[^'\n]|'')*)'|({_FLOW_PLAIN}))"""
_FLOW_ITEM = re.compile(rf"( *){_FLOW_SCALAR} *([,\]])")
_FLOW_PAIR = re.compile(rf" *({_KEY}): +{_FLOW_SCALAR} *([,}}])")
_EMPTY_LIST = re.compile(r" *\]")
_EMPTY_MAP = re.compile(r" *}")
_REST = re.compile(r" *(?:#.*)?")
_DOUBLE = re.compile(r'"([^"\\]*)"')
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
# What may start a plain scalar here; the other starts are indicators, or left to libyaml.
# Any character past ASCII may start one too (U+FEFF and the non-characters sent it elsewhere).
_PLAIN_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.(/$+~")
_NUMBER_START = frozenset("0123456789.")


class _Fallback(Exception):
    """Raised inside the reader when libyaml must decide."""


def parse(text: str, limits: Limits) -> Document | None:
    """The document, when `text` is in the part of YAML this reader knows; else `None`."""
    try:
        return read(text, limits)
    except _Fallback:
        return None
    except Exception:
        return None


class _Out:
    """Where the reader puts marks, and what its scalar readers need to know."""

    __slots__ = ("keys", "max_scalar", "nulls", "quoted", "values")

    def __init__(
        self, values: dict[PathT, Mark], keys: dict[PathT, Mark], max_scalar: int,
        nulls: frozenset[str], quoted: type[str],
    ) -> None:
        self.values, self.keys = values, keys
        self.max_scalar, self.nulls, self.quoted = max_scalar, nulls, quoted


def read(text: str, limits: Limits) -> Document:
    """The document, or `_Fallback`; unlike `parse`, lets a bug in this reader show."""
    from .load import NULLS, Document, Quoted

    if _UNUSUAL.search(text) is not None:
        raise _Fallback
    max_scalar = limits.max_scalar
    # libyaml refuses a key longer than 1024 characters ("could not find expected ':'").
    max_key = min(max_scalar, _MAX_KEY)
    max_depth = limits.max_depth
    root: dict[str, Node] = {}
    values: dict[PathT, Mark] = {}
    keys: dict[PathT, Mark] = {}
    out = _Out(values, keys, max_scalar, NULLS, Quoted)
    # Open block collections, innermost last: (indent, container, path, indentless list).
    stack: list[tuple[int, Any, PathT, bool]] = []
    top_indent = -1
    top: Any = None
    top_path: PathT = ()
    # A key written without a value on its line: its value is the block that follows.
    pending: tuple[dict[str, Node], str, PathT, int] | None = None
    match = _LINE.match
    number = 0
    max_lines = limits.max_nodes
    for line in text.split("\n"):
        number += 1
        if number > max_lines:  # may hold more nodes than allowed: libyaml stops at the limit
            raise _Fallback
        if not line:
            continue
        indent_text, dash, key, rest = match(line).groups()  # type: ignore[union-attr]
        if dash is None and key is None and (not rest or rest[0] == "#"):
            continue  # blank or comment
        indent = len(indent_text)
        if pending is not None:
            parent, parent_key, path, parent_indent = pending
            pending = None
            if indent > parent_indent or (indent == parent_indent and dash is not None):
                if len(stack) + 1 >= max_depth:
                    raise _Fallback
                top = [] if dash is not None else {}
                parent[parent_key] = top
                values[path] = (number, indent + 1)
                top_indent, top_path = indent, path
                stack.append((indent, top, path, indent == parent_indent))
            else:
                raise _Fallback  # an empty value: a null, left to libyaml
        elif indent != top_indent or (dash is None) is (type(top) is list):
            if not stack:
                if dash is not None or key is None or indent != 0 or rest.startswith(("---", "...")):
                    raise _Fallback
                values[()] = (number, 1)
                top, top_indent, top_path = root, 0, ()
                stack.append((0, root, (), False))
            else:
                while top_indent > indent:
                    stack.pop()
                    if not stack:
                        raise _Fallback
                    top_indent, top, top_path, _ = stack[-1]
                if top_indent != indent:
                    raise _Fallback
                if dash is None and type(top) is list:
                    if not stack[-1][3]:
                        raise _Fallback
                    stack.pop()
                    top_indent, top, top_path, _ = stack[-1]
                    if top_indent != indent or type(top) is not dict:
                        raise _Fallback
                elif dash is not None and type(top) is not list:
                    raise _Fallback
        column = len(line) - len(rest)  # where the value (or, in an entry, the key) starts
        if dash is not None:
            path = (*top_path, len(top))
            if key is None:
                if not rest or rest[0] == "#":
                    raise _Fallback  # an empty entry: a null, left to libyaml
                values[path] = (number, column + 1)
                top.append(_value(rest, column, number, path, out))
                continue
            if len(stack) + 1 >= max_depth:
                raise _Fallback
            key_column = indent + len(dash)
            mapping: dict[str, Node] = {}
            top.append(mapping)
            values[path] = (number, key_column + 1)
            top, top_indent, top_path = mapping, key_column, path
            stack.append((key_column, mapping, path, False))
        elif key is None:
            raise _Fallback
        else:
            key_column = indent
        if key in top or key in NULLS or len(key) > max_key:
            raise _Fallback
        path = (*top_path, key)
        keys[path] = (number, key_column + 1)
        if not rest or rest[0] == "#":
            top[key] = None  # replaced by the block that follows
            pending = (top, key, path, key_column)
            continue
        values[path] = (number, column + 1)
        if rest[0] in _PLAIN_START and " #" not in rest:  # the common case, inline
            raw = rest.rstrip(" ")
            if ": " in raw or raw[-1] == ":" or len(raw) > max_scalar:
                raise _Fallback
            top[key] = None if raw in NULLS else raw
        else:
            top[key] = _value(rest, column, number, path, out)
    if pending is not None or not stack:
        raise _Fallback
    if len(values) + len(keys) > limits.max_nodes:  # the event-stream loader's count of nodes
        raise _Fallback
    return Document(root, values, keys)


def _value(rest: str, column: int, number: int, path: PathT, out: _Out) -> Node:
    """The value written from `column` to the end of its line (or its comment)."""
    max_scalar, nulls = out.max_scalar, out.nulls
    first = rest[0]
    if first in _PLAIN_START or first > "\x7f" or (first == "-" and rest[1:2] in _NUMBER_START):
        comment = rest.find(" #")
        raw = (rest if comment < 0 else rest[:comment]).rstrip(" ")
        if ": " in raw or raw[-1] == ":" or len(raw) > max_scalar:
            raise _Fallback
        return None if raw in nulls else raw
    if first in "[{":
        return _flow(rest, column, number, path, out)
    if first in "\"'":
        found = (_DOUBLE if first == '"' else _SINGLE).match(rest)
        if found is None or _REST.fullmatch(rest, found.end()) is None:
            raise _Fallback
        raw = found.group(1)
        if first == "'":
            raw = raw.replace("''", "'")
        if len(raw) > max_scalar:
            raise _Fallback
        return out.quoted(raw)
    raise _Fallback


def _flow(rest: str, column: int, number: int, path: PathT, out: _Out) -> Node:
    """A flow list or mapping of scalars that opens and closes on this line."""
    if len(rest) > _MAX_FLOW:  # the node limit is counted at the end: leave huge lists to libyaml
        raise _Fallback
    values, keys, max_scalar, nulls = out.values, out.keys, out.max_scalar, out.nulls
    if rest[0] == "[":
        items: list[Node] = []
        empty = _EMPTY_LIST.match(rest, 1)
        if empty is not None:
            position = empty.end()
        else:
            position = 1
            while True:
                found = _FLOW_ITEM.match(rest, position)
                if found is None:
                    raise _Fallback
                values[(*path, len(items))] = (number, column + found.end(1) + 1)
                items.append(_flow_scalar(found, out))
                position = found.end()
                if found.group(5) == "]":
                    break
        if _REST.fullmatch(rest, position) is None:
            raise _Fallback
        return items
    mapping: dict[str, Node] = {}
    empty = _EMPTY_MAP.match(rest, 1)
    if empty is not None:
        position = empty.end()
    else:
        position = 1
        while True:
            found = _FLOW_PAIR.match(rest, position)
            if found is None:
                raise _Fallback
            key = found.group(1)
            if key in mapping or key in nulls or len(key) > min(max_scalar, _MAX_KEY):
                raise _Fallback
            keys[(*path, key)] = (number, column + found.start(1) + 1)
            values[(*path, key)] = (number, column + _scalar_start(found) + 1)
            mapping[key] = _flow_scalar(found, out)
            position = found.end()
            if found.group(5) == "}":
                break
    if _REST.fullmatch(rest, position) is None:
        raise _Fallback
    return mapping


def _flow_scalar(found: re.Match[str], out: _Out) -> Node:
    double, single, plain = found.group(2, 3, 4)
    quoted = out.quoted
    if double is not None:
        value: Node = quoted(double)
    elif single is not None:
        value = quoted(single.replace("''", "'"))
    else:
        value = None if plain in out.nulls else plain
    if value is not None and len(value) > out.max_scalar:
        raise _Fallback
    return value


def _scalar_start(match: re.Match[str]) -> int:
    for group in (2, 3, 4):
        if match.group(group) is not None:
            start = match.start(group)
            return start if group == 4 else start - 1  # a quoted scalar starts at its quote
    raise _Fallback  # pragma: no cover - one of the alternatives matched
