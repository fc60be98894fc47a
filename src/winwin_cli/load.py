"""Stage 1, load: bytes to a plain tree of text scalars that remembers where every value stood.

The tree is built straight from libyaml's event stream, so nothing is resolved by YAML's
implicit typing (types come from the schema in the validate stage) and anchors, tags, merge
keys and duplicate keys are refused before they can mean anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml import events

from .errors import LoadError

try:  # libyaml's C parser; the pure-Python one is a fallback for odd builds of PyYAML
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - exercised only without libyaml
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]


class Quoted(str):
    """A scalar written quoted or as a block scalar: text, never a number or a boolean."""

    __slots__ = ()


Node = str | None | list["Node"] | dict[str, "Node"]
PathT = tuple[str | int, ...]
Mark = tuple[int, int]

NULLS = frozenset({"", "~", "null", "Null", "NULL"})


@dataclass(frozen=True)
class Limits:
    """Bounds on what one file may cost; every one is a located error when crossed."""

    max_bytes: int = 1024 * 1024
    max_depth: int = 32
    max_nodes: int = 20_000
    max_scalar: int = 10_000


DEFAULT_LIMITS = Limits()


@dataclass
class Document:
    """A loaded YAML mapping with the 1-based (line, column) of every value and key."""

    data: dict[str, Node]
    values: dict[PathT, Mark] = field(default_factory=dict)
    keys: dict[PathT, Mark] = field(default_factory=dict)

    def mark(self, path: PathT) -> Mark:
        """Where `path` (or its nearest written ancestor) stands in the file."""
        while path:
            found = self.values.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return (1, 1)

    def key_mark(self, path: PathT) -> Mark:
        found = self.keys.get(path)
        return found if found is not None else self.mark(path)


# C0 and C1 controls other than tab and newline, and the characters that hide or reorder text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


def describe_char(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def decode(raw: bytes) -> str:
    """Strict UTF-8 (a leading BOM is allowed); other encodings and stray bytes are errors."""
    if raw[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00") or raw[:2] in (b"\xfe\xff", b"\xff\xfe"):
        raise LoadError(1, 1, "the file is UTF-16 or UTF-32; deal files must be UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LoadError(line, col, f"invalid UTF-8 (byte 0x{raw[exc.start]:02x})") from None
    bad = _CONTROL.search(text)
    if bad is not None:
        line, col = _position(text, bad.start())
        raise LoadError(line, col, f"control character {describe_char(bad.group())} is not allowed")
    return text


def _position(text: str, index: int) -> Mark:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _check_text(value: str, mark: Mark) -> None:
    bad = _CONTROL.search(value)
    if bad is not None:
        raise LoadError(*mark, f"control character {describe_char(bad.group())} is not allowed")


class _Frame:
    __slots__ = ("container", "key", "key_mark", "path")

    def __init__(self, container: dict[str, Node] | list[Node], path: PathT) -> None:
        self.container = container
        self.path = path
        self.key: str | None = None
        self.key_mark: Mark = (1, 1)


def load(text: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse one YAML document whose root is a mapping into a `Document`."""
    if len(text) > limits.max_bytes:
        raise LoadError(1, 1, f"the file is larger than {limits.max_bytes} bytes")
    parser = _Parser(text)
    try:
        return _build(parser, limits)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{problem} ({exc.context})"
        raise LoadError(line, col, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise LoadError(1, 1, f"invalid YAML: {exc}") from None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()


def _refuse_extras(event: Any, mark: Mark) -> None:
    if event.anchor is not None:
        raise LoadError(*mark, f"anchors are not allowed (&{event.anchor})")
    if event.tag is not None:
        raise LoadError(*mark, f"tags are not allowed ({event.tag})")


def _build(parser: Any, limits: Limits) -> Document:
    get: Callable[[], Any] = parser.get_event
    get()  # stream start
    event = get()
    if type(event) is events.StreamEndEvent:
        raise LoadError(1, 1, "the file is empty; a deal file is a mapping that starts with 'winwin: 1'")
    event = get()  # the root node, after the document start
    mark = (event.start_mark.line + 1, event.start_mark.column + 1)
    if type(event) is not events.MappingStartEvent:
        if type(event) is events.AliasEvent:
            raise LoadError(*mark, "aliases are not allowed")
        kind = "a list" if type(event) is events.SequenceStartEvent else "a single value"
        raise LoadError(*mark, f"the top level must be a mapping of keys to values, not {kind}")
    _refuse_extras(event, mark)
    root: dict[str, Node] = {}
    values: dict[PathT, Mark] = {(): mark}
    keys: dict[PathT, Mark] = {}
    stack = [_Frame(root, ())]
    nodes = 1
    max_depth, max_nodes, max_scalar = limits.max_depth, limits.max_nodes, limits.max_scalar
    scalar_t, map_t, seq_t = events.ScalarEvent, events.MappingStartEvent, events.SequenceStartEvent
    map_end_t, seq_end_t = events.MappingEndEvent, events.SequenceEndEvent
    while stack:
        event = get()
        etype = type(event)
        top = stack[-1]
        if etype is map_end_t or etype is seq_end_t:
            stack.pop()
            continue
        start = event.start_mark
        mark = (start.line + 1, start.column + 1)
        nodes += 1
        if nodes > max_nodes:
            raise LoadError(*mark, f"too many values (more than {max_nodes})")
        if etype is events.AliasEvent:
            raise LoadError(*mark, f"aliases are not allowed (*{event.anchor})")
        _refuse_extras(event, mark)
        container = top.container
        if type(container) is dict and top.key is None:
            # This node is a key.
            if etype is not scalar_t:
                raise LoadError(*mark, "keys must be plain text, not a list or mapping")
            key: str = event.value
            if event.style == "" or event.style is None:
                if key == "<<":
                    raise LoadError(*mark, "merge keys (<<) are not allowed")
                if key in NULLS:
                    raise LoadError(*mark, "empty or null keys are not allowed")
            if len(key) > max_scalar:
                raise LoadError(*mark, f"key longer than {max_scalar} characters")
            _check_text(key, mark)
            bad = INVISIBLE.search(key)
            if bad is not None:
                raise LoadError(*mark, f"invisible character {describe_char(bad.group())} in key")
            if key in container:
                first = keys[(*top.path, key)]
                raise LoadError(*mark, f"duplicate key '{key}' (first at line {first[0]})")
            top.key = key
            top.key_mark = mark
            keys[(*top.path, key)] = mark
            continue
        if type(container) is dict:
            path: PathT = (*top.path, top.key)  # type: ignore[arg-type]
        else:
            path = (*top.path, len(container))
        values[path] = mark
        value: Node
        if etype is scalar_t:
            raw = event.value
            if len(raw) > max_scalar:
                raise LoadError(*mark, f"value longer than {max_scalar} characters")
            if event.style == "" or event.style is None:
                value = None if raw in NULLS else raw
            else:
                _check_text(raw, mark)
                value = Quoted(raw)
        elif etype is map_t or etype is seq_t:
            if len(stack) >= max_depth:
                raise LoadError(*mark, f"nesting deeper than {max_depth} levels")
            value = {} if etype is map_t else []
            stack.append(_Frame(value, path))
        else:  # pragma: no cover - libyaml emits nothing else inside a document
            raise LoadError(*mark, f"unexpected YAML event {etype.__name__}")
        if type(container) is dict:
            container[top.key] = value  # type: ignore[index]
            top.key = None
        else:
            container.append(value)  # type: ignore[union-attr]
    event = get()  # document end
    event = get()
    if type(event) is not events.StreamEndEvent:
        start = event.start_mark
        raise LoadError(
            start.line + 1, start.column + 1, "several YAML documents in one file; write one deal per file"
        )
    return Document(root, values, keys)
