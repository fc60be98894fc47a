"""A fast path for `load`: the plain block YAML that deal files are written in, read line by line.

libyaml hands every event to Python as an object with two mark objects; for a 2 KB deal that is
most of the cost of a check. Most deal files use a small part of YAML: block mappings and
sequences, plain and simply quoted scalars, one-line flow lists and mappings, comments. This
module reads exactly that part, and the plain literal (|) and folded (>) block scalars that
playbook files are written with, and returns the same `Document` the event-stream loader builds
(same tree, same scalar types, same marks). Whatever it does not fully understand (anchors,
tags, other block scalars, multi-line plain or quoted scalars, escapes, tabs, a duplicate key, a
limit reached, any error) makes it return `None`, and `load` falls back to libyaml, which
decides and locates the error. A test compares both loaders on every file they are given.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from .load import NULLS, Document, Quoted

if TYPE_CHECKING:
    from .load import Limits, Mark, Node, PathT

# Characters after which libyaml's view of a line or a column may differ from a simple reading.
# (Looked for one by one: as a regex character class they took most of a millisecond to compile.)
_UNUSUAL = "\t\r\x85\u2028\u2029\ufeff\ufffe\uffff"
_KEY = r"[A-Za-z_][A-Za-z0-9_.-]*"
_MAX_KEY = 1000
# Longest one-line flow collection read here: a hostile 1 MiB line must not be read in full.
_MAX_FLOW = 4096
# Every line of a text, as in `text.split("\n")`: its indentation, then one of two forms. The
# usual one is a key, neither a null nor longer than libyaml takes, and either a plain scalar
# that is all the line holds (no colon, no comment, no trailing space, not a null) or nothing,
# when the next line is a more indented one that starts as a key does (the indentation of that
# line is taken). Any other line: an optional "- ", an optional key with its colon and one
# space, and the rest. One `findall` over the text costs less than a match per line, and a tuple
# less than a match; each group costs too, even unmatched (`(?:(x)|)` less than `(x)?`). Its
# repeats are possessive (`*+`): what follows each could never take what it gave back.
_USUAL_KEY = rf"(?!(?:null|Null|NULL):)[A-Za-z_][A-Za-z0-9_.-]{{0,{_MAX_KEY - 1}}}+"
_USUAL_PLAIN = r"(?!(?:~|null|Null|NULL)$)[A-Za-z0-9_.(/$+~][^:#\n]*+(?<! )"
_USUAL = rf"({_USUAL_KEY}):(?: ({_USUAL_PLAIN})|(?=\n(\1 ++)[A-Za-z_]))"
_ANY = rf"(?:(- ++)|)(?:({_KEY}+):(?: |$)|)(.*)"
_LINES = re.compile(rf"^( *+)(?:{_USUAL}|{_ANY})$", re.MULTILINE)
# The comment lines a file opens with, passed over before the lines are read.
_COMMENTS = re.compile(r"(?:#.*\n)*+")
# An entry of a one-line flow collection (a scalar, after its key in a mapping), then the
# separator that ends it.
# [^\x00-\x7f] is every character past ASCII; written as a range up to U+10FFFF it took 7 ms to compile.
_FLOW_PLAIN = r"""(?:[A-Za-z0-9_.(/$+~]|[^\x00-\x7f])[^,\[\]{}#:"\n]*?|-[0-9.][^,\[\]{}#:"\n]*?"""
_FLOW_SCALAR = rf"""(?:"([^"\\]*)"|'((?:[^'\n]|'')*)'|({_FLOW_PLAIN}))"""
_FLOW_ENTRY = re.compile(rf"( *)(?:({_KEY}): +)?{_FLOW_SCALAR} *([,\]}}])")
# A one-line flow list or mapping of plain scalars only, written the usual way (one space after
# each comma and colon, none around an entry), read without a match per entry: splitting it at
# ", " (and ": ") takes every entry apart as it stands. Its plain scalars are those above.
_TIGHT_PLAIN = r"""(?:[A-Za-z0-9_.(/$+~]|[^\x00-\x7f]|-[0-9.])[^,\[\]{}#:"\n]*+(?<! )"""
_TIGHT_PAIR = rf"{_KEY}: {_TIGHT_PLAIN}"
# (Each entry is followed by ", " and another, or by the bracket: written once, it compiles faster.)
_TIGHT = re.compile(
    rf"(?:\[((?:{_TIGHT_PLAIN}(?:, (?!\])|(?=\])))++)\]"
    rf"|\{{((?:{_TIGHT_PAIR}(?:, (?!}})|(?=}})))++)}}) *(?:#.*)?"
)
# A flow collection nested in one, up to its opening bracket; what ends an entry after one.
_NESTED = re.compile(r" *(?=[\[{])")
_NESTED_PAIR = re.compile(rf" *({_KEY}): +(?=[\[{{])")
_END_ITEM = re.compile(r" *([,\]])")
_END_PAIR = re.compile(r" *([,}])")
_EMPTY_LIST = re.compile(r" *\]")
_EMPTY_MAP = re.compile(r" *}")
_REST = re.compile(r" *(?:#.*)?")
_DOUBLE = re.compile(r'"([^"\\]*)"')
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
# What may start a plain scalar here; the other starts are indicators, or left to libyaml.
# Any character past ASCII may start one too (U+FEFF and the non-characters sent it elsewhere).
_PLAIN_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.(/$+~")
_NUMBER_START = frozenset("0123456789.")
# Block scalar headers read here: no indentation indicator, no `+` (keep), no comment.
_BLOCK_HEADERS = frozenset((">", ">-", "|", "|-"))


@functools.cache
def _any_lines() -> re.Pattern[str]:
    """`_LINES` with the usual form never matching: for limits the usual form does not check."""
    return re.compile(rf"^( *+)(?:(?!){_USUAL}|{_ANY})$", re.MULTILINE)


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


class _Block:
    """A block scalar being read: where it goes, how it reads, and its lines so far."""

    __slots__ = ("folded", "indent", "key", "lines", "mapping", "parent", "strip")

    def __init__(self, mapping: dict[str, Node], key: str, parent: int, header: str) -> None:
        self.mapping, self.key, self.parent = mapping, key, parent
        self.folded, self.strip = header[0] == ">", header[-1] == "-"
        self.indent = -1  # set by its first line
        self.lines: list[str] = []

    def add(self, line: str) -> bool:
        """Take `line` when it belongs to the scalar; False when it is the next line of the document."""
        if not line:
            if self.indent < 0:  # leading empty lines: libyaml may take their indentation
                raise _Fallback
            self.lines.append(line)
            return True
        content = line.lstrip(" ")
        depth = len(line) - len(content)
        if not content:
            raise _Fallback
        if depth <= self.parent:
            return False
        if self.indent < 0:
            self.indent = depth
        elif depth < self.indent:
            raise _Fallback  # less indented than its first line: libyaml locates the error
        self.lines.append(line[self.indent :])
        return True

    def close(self, out: _Out) -> None:
        lines = self.lines
        while lines and not lines[-1]:
            lines.pop()
        if not lines:
            raise _Fallback
        if self.folded:
            # A line break between two lines folds: into a space, or away when empty lines
            # follow it; it stays when either line is more indented than the first.
            parts = [lines[0]]
            spaced = lines[0][0] == " "
            breaks = 0
            for line in lines[1:]:
                if not line:
                    breaks += 1
                    continue
                more = line[0] == " "
                if spaced or more:
                    parts.append("\n" * (breaks + 1))
                else:
                    parts.append("\n" * breaks if breaks else " ")
                parts.append(line)
                spaced, breaks = more, 0
            value = "".join(parts)
        else:
            value = "\n".join(lines)
        if not self.strip:
            value += "\n"
        if len(value) > out.max_scalar:
            raise _Fallback
        self.mapping[self.key] = out.quoted(value)


class _Out:
    """Where the reader puts marks, and what its scalar readers need to know."""

    __slots__ = ("keys", "max_scalar", "nulls", "quoted", "values")

    def __init__(
        self,
        values: dict[PathT, Mark],
        keys: dict[PathT, Mark],
        max_scalar: int,
        nulls: frozenset[str],
        quoted: type[str],
    ) -> None:
        self.values, self.keys = values, keys
        self.max_scalar, self.nulls, self.quoted = max_scalar, nulls, quoted


def read(text: str, limits: Limits) -> Document:
    """The document, or `_Fallback`; unlike `parse`, lets a bug in this reader show."""
    # Of the unusual characters only the tab and the carriage return are ASCII.
    if ("\t" in text or "\r" in text) if text.isascii() else any(char in text for char in _UNUSUAL):
        raise _Fallback
    # More lines than values allowed may hold more nodes than allowed: libyaml stops at the limit.
    if len(text) >= limits.max_nodes and text.count("\n") >= limits.max_nodes:
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
    block: _Block | None = None
    text_lines: list[str] = []  # the lines as written, split when a block scalar needs them
    # The indentation of a next key in the innermost mapping, when nothing else is open (no
    # block scalar, no key awaiting its block): such a line needs no look at the structure.
    same: str | None = None
    # A line of the usual form is read with no check of its lengths: when a scalar could be
    # longer than allowed, or a key longer than the limit, every line takes the general path.
    usual = max_scalar >= _MAX_KEY and len(text) <= max_scalar
    comments = _COMMENTS.match(text)
    start = comments.end() if comments is not None else 0
    if text.startswith("#", start):
        raise _Fallback  # nothing but comments
    skipped = text.count("\n", 0, start)
    lines = (_LINES if usual else _any_lines()).findall(text, start)
    count = len(lines)
    # p_: a line in the usual form (a key, and a plain scalar or the `child` indentation of the
    # mapping it opens); l_: any other line.
    for number, (indent_text, p_key, plain, child, l_dash, l_key, l_rest) in enumerate(lines, skipped + 1):
        if p_key:
            if indent_text != same and block is None and pending is None and len(indent_text) < top_indent:
                # A key less indented than the innermost collection closes it, and maybe more.
                # (The root, at 0, is never more indented than a line.)
                indent = len(indent_text)
                while stack[-1][0] > indent:
                    stack.pop()
                top_indent, top, top_path, indentless = stack[-1]
                if indentless:  # a list as indented as its key (only a list is) ends here
                    stack.pop()
                    top_indent, top, top_path, _ = stack[-1]
                if top_indent != indent or type(top) is not dict:
                    raise _Fallback
                same = indent_text
            if indent_text == same:  # the common case: the next key of the innermost mapping
                if p_key in top:
                    raise _Fallback
                path = top_path + (p_key,)  # noqa: RUF005 - faster than unpacking into a new tuple
                keys[path] = (number, top_indent + 1)
                if plain:
                    values[path] = (number, top_indent + len(p_key) + 3)
                    top[p_key] = plain
                    continue
                # No value on its line and a more indented key on the next: a mapping opens.
                if len(stack) + 1 >= max_depth:
                    raise _Fallback
                mapping: dict[str, Node] = {}
                top[p_key] = mapping
                top, top_indent, top_path, same = mapping, len(child), path, child
                values[path] = (number + 1, top_indent + 1)
                stack.append((top_indent, mapping, path, False))
                continue
        if block is not None:
            if block.add(text_lines[number - 1]):
                continue
            block.close(out)
            block = None
            same = " " * top_indent if type(top) is dict else None
        if p_key:
            dash, key, rest = "", p_key, plain
            spaces = 0  # after the colon, past the one the line's form takes
        elif l_key:
            dash, key = l_dash, l_key
            rest = l_rest.lstrip(" ")
            spaces = len(l_rest) - len(rest)
        elif not l_dash and (not l_rest or l_rest[0] == "#"):
            continue  # blank or comment
        else:
            dash, key, rest = l_dash, "", l_rest
        indent = len(indent_text)
        if pending is not None:
            parent, parent_key, path, parent_indent = pending
            pending = None
            if indent > parent_indent or (indent == parent_indent and dash):
                if len(stack) + 1 >= max_depth:
                    raise _Fallback
                top = [] if dash else {}
                parent[parent_key] = top
                values[path] = (number, indent + 1)
                top_indent, top_path = indent, path
                stack.append((indent, top, path, indent == parent_indent))
            else:
                raise _Fallback  # an empty value: a null, left to libyaml
        elif indent != top_indent or (not dash) is (type(top) is list):
            if not stack:
                if dash or not key or indent != 0 or rest.startswith(("---", "...")):
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
                if not dash and type(top) is list:
                    if not stack[-1][3]:
                        raise _Fallback
                    stack.pop()
                    top_indent, top, top_path, _ = stack[-1]
                    if top_indent != indent or type(top) is not dict:
                        raise _Fallback
                elif dash and type(top) is not list:
                    raise _Fallback
        if dash:
            path = (*top_path, len(top))
            if not key:
                if not rest or rest[0] == "#":
                    raise _Fallback  # an empty entry: a null, left to libyaml
                column = indent + len(dash)
                values[path] = (number, column + 1)
                top.append(_value(rest, column, number, path, out, max_depth - len(stack) - 2))
                same = None  # the innermost collection is a list
                continue
            if len(stack) + 1 >= max_depth:
                raise _Fallback
            key_column = indent + len(dash)
            mapping = {}
            top.append(mapping)
            values[path] = (number, key_column + 1)
            top, top_indent, top_path = mapping, key_column, path
            stack.append((key_column, mapping, path, False))
            same = " " * key_column
        elif not key:
            raise _Fallback
        else:
            key_column = indent
            same = indent_text  # the innermost collection is this mapping
        if key in top or key in NULLS or len(key) > max_key:
            raise _Fallback
        path = (*top_path, key)
        keys[path] = (number, key_column + 1)
        if not rest or rest[0] == "#":
            if number - skipped < count:  # when the next line is a more indented key, its mapping opens here
                next_indent, next_plain_key, _, _, next_dash, next_key, _ = lines[number - skipped]
                child_indent = next_indent if next_plain_key or (next_key and not next_dash) else ""
                if len(child_indent) > key_column:
                    if len(stack) + 1 >= max_depth:
                        raise _Fallback
                    mapping = {}
                    top[key] = mapping
                    top, top_indent, top_path = mapping, len(child_indent), path
                    values[path] = (number + 1, top_indent + 1)
                    stack.append((top_indent, mapping, path, False))
                    same = child_indent
                    continue
            top[key] = None  # replaced by the block that follows
            pending = (top, key, path, key_column)
            same = None
            continue
        column = key_column + len(key) + 2 + spaces  # where the value starts
        values[path] = (number, column + 1)
        if rest[0] in _PLAIN_START and " #" not in rest:
            raw = rest.rstrip(" ")
            if ": " in raw or raw[-1] == ":" or len(raw) > max_scalar:
                raise _Fallback
            top[key] = None if raw in NULLS else raw
        elif rest[0] in "|>":
            if rest.rstrip(" ") not in _BLOCK_HEADERS:
                raise _Fallback
            top[key] = None  # replaced when the scalar's lines are read
            block = _Block(top, key, key_column, rest.rstrip(" "))
            text_lines = text_lines or text.split("\n")
            same = None
        elif rest[0] in "[{":
            top[key] = _flow(rest, column, number, path, out, max_depth - len(stack) - 2)
        else:
            top[key] = _value(rest, column, number, path, out, max_depth - len(stack) - 2)
    if block is not None:
        if not text.endswith("\n"):  # the last line has no line break to keep or strip
            raise _Fallback
        block.close(out)
    if pending is not None or not stack:
        raise _Fallback
    if len(values) + len(keys) > limits.max_nodes:  # the event-stream loader's count of nodes
        raise _Fallback
    return Document(root, values, keys)


def _value(rest: str, column: int, number: int, path: PathT, out: _Out, room: int) -> Node:
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
        return _flow(rest, column, number, path, out, room)
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


def _flow(rest: str, column: int, number: int, path: PathT, out: _Out, room: int) -> Node:
    """A flow list or mapping (of scalars and flow collections) that opens and closes on this line.

    `room` is how many collections may still open inside it before the depth limit is near.
    """
    if len(rest) > _MAX_FLOW:  # the node limit is counted at the end: leave huge lists to libyaml
        raise _Fallback
    tight = _TIGHT.fullmatch(rest)
    if tight is not None:
        items, pairs = tight.groups()
        out_values, nulls = out.values, out.nulls
        start = column + 2  # the 1-based column of the first entry
        if items is not None:
            parts = items.split(", ")
            if len(items) <= out.max_scalar and nulls.isdisjoint(parts):
                for index, part in enumerate(parts):
                    out_values[(*path, index)] = (number, start)
                    start += len(part) + 2
                return parts  # type: ignore[return-value]  # str are nodes; a copy would cost
        elif len(pairs) <= min(out.max_scalar, _MAX_KEY):  # then no key nor value is too long
            mapping: dict[str, Node] = {}
            out_keys = out.keys
            parts = pairs.split(", ")
            for part in parts:
                key, _, raw = part.partition(": ")
                key_path = (*path, key)
                out_keys[key_path] = (number, start)
                out_values[key_path] = (number, start + len(key) + 2)
                mapping[key] = None if raw in nulls else raw
                start += len(part) + 2
            if len(mapping) < len(parts) or not nulls.isdisjoint(mapping):
                raise _Fallback  # a key written twice, or a null key
            return mapping
    node, position = _flow_at(rest, 0, column, number, path, out, room)
    if _REST.fullmatch(rest, position) is None:
        raise _Fallback
    return node


def _flow_at(
    rest: str, start: int, column: int, number: int, path: PathT, out: _Out, room: int
) -> tuple[Node, int]:
    """The flow collection opening at `rest[start]`, and the position just past its end."""
    values, keys, max_scalar, nulls = out.values, out.keys, out.max_scalar, out.nulls
    if rest[start] == "[":
        items: list[Node] = []
        empty = _EMPTY_LIST.match(rest, start + 1)
        if empty is not None:
            return items, empty.end()
        position = start + 1
        while True:
            nested = _NESTED.match(rest, position)
            if nested is not None:
                if room <= 0:
                    raise _Fallback
                at = nested.end()
                item_path = (*path, len(items))
                values[item_path] = (number, column + at + 1)
                node, position = _flow_at(rest, at, column, number, item_path, out, room - 1)
                items.append(node)
                found = _END_ITEM.match(rest, position)
                if found is None:
                    raise _Fallback
                position = found.end()
                if found.group(1) == "]":
                    return items, position
                continue
            found = _FLOW_ENTRY.match(rest, position)
            if found is None or found.group(2) is not None or found.group(6) == "}":
                raise _Fallback
            values[(*path, len(items))] = (number, column + found.end(1) + 1)
            items.append(_flow_scalar(found, out))
            position = found.end()
            if found.group(6) == "]":
                return items, position
    mapping: dict[str, Node] = {}
    empty = _EMPTY_MAP.match(rest, start + 1)
    if empty is not None:
        return mapping, empty.end()
    position = start + 1
    while True:
        nested = _NESTED_PAIR.match(rest, position)
        found = _FLOW_ENTRY.match(rest, position) if nested is None else None
        if nested is not None:
            key, key_start = nested.group(1), nested.start(1)
        elif found is not None and found.group(2) is not None and found.group(6) != "]":
            key, key_start = found.group(2), found.start(2)
        else:
            raise _Fallback
        if key in mapping or key in nulls or len(key) > min(max_scalar, _MAX_KEY):
            raise _Fallback
        key_path = (*path, key)
        keys[key_path] = (number, column + key_start + 1)
        if nested is not None:
            if room <= 0:
                raise _Fallback
            at = nested.end()
            values[key_path] = (number, column + at + 1)
            mapping[key], position = _flow_at(rest, at, column, number, key_path, out, room - 1)
            ended = _END_PAIR.match(rest, position)
            if ended is None:
                raise _Fallback
            position = ended.end()
            if ended.group(1) == "}":
                return mapping, position
            continue
        assert found is not None
        values[key_path] = (number, column + _scalar_start(found) + 1)
        mapping[key] = _flow_scalar(found, out)
        position = found.end()
        if found.group(6) == "}":
            return mapping, position


def _flow_scalar(found: re.Match[str], out: _Out) -> Node:
    double, single, plain = found.group(3, 4, 5)
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
    for group in (3, 4, 5):
        if match.group(group) is not None:
            start = match.start(group)
            return start if group == 5 else start - 1  # a quoted scalar starts at its quote
    raise _Fallback  # pragma: no cover - one of the alternatives matched
